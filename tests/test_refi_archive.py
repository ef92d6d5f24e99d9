"""Hostile .qdpx archives and XML are refused with one line naming the file, before any
member is extracted or any entity expanded."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from workbench.exchange.refi import RefiError, read_qdc, read_qdpx
from workbench.exchange.refi.archive import MAX_MEMBERS, Archive, check_zip, hardened_parser

HOSTILE = Path(__file__).parent / "fixtures" / "refi" / "hostile"
PROJECT = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'

REFUSALS = {
    "zip_slip.qdpx": "refused: member name 'sources/../../evil.txt' points outside the archive",
    "absolute.qdpx": "refused: member name '/tmp/evil.txt' points outside the archive",
    "drive.qdpx": "refused: member name 'C:/Windows/evil.txt' points outside the archive",
    "backslash.qdpx": "refused: member name 'sources\\\\..\\\\evil.txt' points outside the archive",
    "bomb.qdpx": "refused: member 'sources/big.txt' expands 1,026 times (at most 100)",
    "declared_huge.qdpx": "refused: 2,621,440,000 bytes uncompressed (at most 2,147,483,648)",
    "billion_laughs.qdpx": "project.qde: XML with a DOCTYPE is not accepted",
    "billion_laughs_utf16.qdpx": "project.qde: XML with a DOCTYPE is not accepted",
    "xxe.qdpx": "project.qde: XML with a DOCTYPE is not accepted",
    "not_a_zip.qdpx": "not a REFI-QDA archive (.qdpx): not a zip file",
    "no_project.qdpx": "not a REFI-QDA archive: it has no project.qde",
    "malformed.qdpx": "project.qde:5: malformed XML: error parsing attribute name",
}


def zipped(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_hostile_archives_are_refused_in_one_line_naming_the_file(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = HOSTILE / name
    with pytest.raises(RefiError) as refusal:
        read_qdpx(path)
    message = str(refusal.value)
    assert message.startswith(f"{path}") and message.endswith(REFUSALS[name])
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []  # nothing extracted, not even the harmless members


@pytest.mark.parametrize("name", ["zip_slip.qdpx", "bomb.qdpx", "xxe.qdpx"])
def test_codebook_reading_refuses_the_same_archives(name: str) -> None:
    with pytest.raises(RefiError, match=r"refused|DOCTYPE"):
        read_qdc(HOSTILE / name)


def test_an_external_entity_never_reaches_the_message_or_the_tree() -> None:
    secret = Path("/etc/passwd").read_text().splitlines()[0]
    with pytest.raises(RefiError) as refusal:
        read_qdpx(HOSTILE / "xxe.qdpx")
    assert secret not in str(refusal.value)
    # Even if the DOCTYPE check were bypassed, the parser itself resolves nothing.
    xml = (
        b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        b"<Description>&x;</Description></Project>"
    )
    parsed = etree.tostring(etree.fromstring(xml, hardened_parser())).decode()
    assert secret not in parsed and "root:" not in parsed


def test_the_parser_does_not_expand_a_billion_laughs() -> None:
    with zipfile.ZipFile(HOSTILE / "billion_laughs.qdpx") as archive:
        xml = archive.read("project.qde")
    # The DOCTYPE refusal comes first; behind it libxml2 caps entity amplification itself.
    try:
        root = etree.fromstring(xml, hardened_parser())
    except etree.XMLSyntaxError as error:
        assert "amplification" in str(error)
    else:
        assert len(root.get("name") or "") < 10_000


def test_more_than_ten_thousand_members_are_refused(tmp_path: Path) -> None:
    members = [("project.qde", PROJECT)] + [(f"s/{n}", b"") for n in range(MAX_MEMBERS)]
    (tmp_path / "many.qdpx").write_bytes(zipped(members))
    with pytest.raises(RefiError, match=r"refused: 10,001 members \(at most 10,000\)$"):
        read_qdpx(tmp_path / "many.qdpx")
    (tmp_path / "enough.qdpx").write_bytes(zipped(members[:MAX_MEMBERS]))
    assert read_qdpx(tmp_path / "enough.qdpx").name == "x"


def test_small_members_may_compress_well(tmp_path: Path) -> None:
    (tmp_path / "zeros.qdpx").write_bytes(
        zipped([("project.qde", PROJECT), ("sources/z.txt", bytes(1024**2))])
    )
    with zipfile.ZipFile(tmp_path / "zeros.qdpx") as archive:
        check_zip(archive, "zeros.qdpx")
    assert read_qdpx(tmp_path / "zeros.qdpx").skipped == ()


def test_a_member_larger_than_declared_is_refused_when_read(tmp_path: Path) -> None:
    data = bytearray(zipped([("project.qde", PROJECT)]))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, 10)  # claim 10 bytes uncompressed
    (tmp_path / "lying.qdpx").write_bytes(bytes(data))
    with Archive(tmp_path / "lying.qdpx") as archive, pytest.raises(RefiError) as refusal:
        archive.read("project.qde")
    assert str(refusal.value).startswith(f"{tmp_path / 'lying.qdpx'}:project.qde: ")


def test_a_docx_inside_the_archive_is_vetted_like_the_archive(tmp_path: Path) -> None:
    bomb = zipped([("word/document.xml", bytes(5 * 1024**2))])
    guid = "6c1d0000-0000-4000-8000-000000000009"
    project = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
        f'<TextSource guid="{guid}" name="Cy" plainTextPath="internal://{guid}.txt"'
        f' richTextPath="internal://{guid}.docx"/></Sources></Project>'
    ).encode()
    members = [
        ("project.qde", project),
        (f"sources/{guid}.txt", b""),
        (f"sources/{guid}.docx", bomb),
    ]
    (tmp_path / "docx_bomb.qdpx").write_bytes(zipped(members))
    skipped = read_qdpx(tmp_path / "docx_bomb.qdpx").skipped
    assert (
        len(skipped) == 1
        and "Cy (its plain text is empty and its rich text is refused" in skipped[0]
    )
    assert "expands" in skipped[0]


def test_missing_files_and_folders_are_reported_not_raised_as_os_errors(tmp_path: Path) -> None:
    with pytest.raises(RefiError, match="cannot open"):
        read_qdpx(tmp_path / "missing.qdpx")
    with pytest.raises(RefiError, match="cannot open"):
        read_qdpx(tmp_path)
