"""Small or hostile inputs cannot exhaust time or memory, and every importer refuses them with a
one-line error naming the file: YAML codebooks, .docx and .odt transcripts, and paths that are
not regular files (a FIFO, a device, a folder)."""

from __future__ import annotations

import io
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.cli import main
from workbench.codebook.files import MAX_NESTING, load_codebook
from workbench.errors import AnonymisationError, CodebookError, IngestError, WorkbenchError
from workbench.exchange.refi.model import RefiError
from workbench.exchange.refi.read import read_qdc, read_qdpx
from workbench.ingest import parse_bytes, parse_file
from workbench.ingest.package import MAX_DEPTH
from workbench.store.project import Project
from workbench.text.csvfile import read_rows

INGEST = Path(__file__).parent / "fixtures" / "ingest"
CODEBOOKS = Path(__file__).parent / "fixtures" / "codebooks"
ODT = INGEST / "interview.odt"
DOCX = INGEST / "transcript_table.docx"

# The classic "billion laughs": nine lists of nine aliases of the list before, 9^9 strings.
ALIAS_BOMB = (
    "name: bomb\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "codes: *i\n"
)


def repacked(source: Path, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The zip package at `source` with one member's bytes changed (the others kept as is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()


def one_line(error: pytest.ExceptionInfo[WorkbenchError]) -> str:
    text = str(error.value)
    assert "\n" not in text
    return text


def members(package: Path) -> list[str]:
    with zipfile.ZipFile(package) as archive:
        return [n for n in archive.namelist() if n.endswith((".xml", ".rels"))]


def with_doctype(xml: bytes) -> bytes:
    declaration = re.match(rb"<\?xml[^>]*\?>", xml)
    at = declaration.end() if declaration else 0
    return xml[:at] + b"<!DOCTYPE x>" + xml[at:]


# --------------------------------------------------------------------------- YAML codebooks


def test_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB.encode()) < 600
    started = time.perf_counter()
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert time.perf_counter() - started < 0.5
    assert one_line(error).startswith(f"{path}:3: invalid YAML: an alias (*a)")


def test_a_single_alias_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text(
        "name: C\ncodes:\n  - name: A\n    description: &text Said twice.\n"
        "  - name: B\n    description: *text\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert one_line(error).startswith(f"{path}:6: invalid YAML: an alias (*text)")


@pytest.mark.parametrize(
    "codes",
    ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000],
    ids=["sequences", "mappings"],
)
def test_yaml_nested_10000_deep_is_one_line(tmp_path: Path, codes: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(f"name: deep\ncodes: {codes}\n", encoding="utf-8")
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert one_line(error).startswith(f"{path}:2: nested more than {MAX_NESTING} levels deep")


def nested_codebook(levels: int) -> str:
    lines = ["name: deep", "codes:"]
    indent = "  "
    for level in range(1, levels):
        lines += [f"{indent}- name: level {level}", f"{indent}  children:"]
        indent += "    "
    lines.append(f"{indent}- name: level {levels}")
    return "\n".join(lines) + "\n"


def test_codes_nest_up_to_the_limit_and_no_further(tmp_path: Path) -> None:
    deepest = MAX_NESTING // 2 - 1
    path = tmp_path / "deep.yaml"
    path.write_text(nested_codebook(deepest), encoding="utf-8")
    walked = load_codebook(path).walk()
    assert len(walked) == deepest
    assert walked[-1][0].count("/") == deepest - 1
    path.write_text(nested_codebook(deepest + 1), encoding="utf-8")
    with pytest.raises(CodebookError) as error:
        load_codebook(path)
    assert one_line(error).startswith(f"{path}:{2 * deepest + 3}: nested more than")


def test_codebook_load_of_a_bomb_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    Project.init(str(db)).close()
    with Project.open(str(db)) as project:
        before = project.row_counts()
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    result = CliRunner().invoke(main, ["codebook", "load", "-p", str(db), str(bomb)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(bomb) in result.stderr
    with Project.open(str(db)) as project:
        assert project.row_counts() == before


# --------------------------------------------------------------------------- .odt


def odt_with(old: bytes, new: bytes) -> bytes:
    """interview.odt with one piece of its content.xml replaced."""

    def change(xml: bytes) -> bytes:
        assert old in xml
        return xml.replace(old, new, 1)

    return repacked(ODT, "content.xml", change)


SPACES = b'Beans, <text:s text:c="1"/>mostly.'  # paragraph 11 of interview.odt


@pytest.mark.parametrize("count", ["abc", "", "-3", "1.5", "\u0663", "0x10"])
def test_odt_space_count_that_is_no_number_is_refused(count: str) -> None:
    data = odt_with(SPACES, f'Beans, <text:s text:c="{count}"/>mostly.'.encode())
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "spaces.odt", ".odt")
    assert one_line(error) == f'spaces.odt:11: a space count text:c="{count}" is not a number'


@pytest.mark.parametrize("count", ["20000000", "9" * 5000])
def test_odt_huge_space_count_is_refused_not_expanded(count: str) -> None:
    data = odt_with(SPACES, f'Beans, <text:s text:c="{count}"/>mostly.'.encode())
    assert len(data) < 5000
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "spaces.odt", ".odt")
    assert one_line(error).startswith(
        f"spaces.odt:11: its text expands to more than {50 * len(data):,} characters"
    )


def test_odt_space_counts_within_the_limit_are_expanded() -> None:
    data = odt_with(SPACES, b'Beans, <text:s text:c="40"/>mostly.')
    parsed = parse_bytes(data, "spaces.odt", ".odt")
    assert parsed.turns[-1].text == "Beans, " + " " * 40 + "mostly."


def spans(depth: int) -> bytes:
    return b"<text:span>" * depth + b"mostly." + b"</text:span>" * depth


def test_odt_spans_nested_10000_deep_are_one_line() -> None:
    data = odt_with(b"mostly.", spans(10_000))
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "deep.odt", ".odt")
    assert one_line(error) == (
        f"deep.odt: not a valid .odt file (content.xml nests more than {MAX_DEPTH} elements deep)"
    )


def test_odt_spans_nested_to_the_limit_are_read() -> None:
    # The paragraph sits 6 elements deep (document, body, text, list, item, paragraph).
    data = odt_with(b"mostly.", spans(MAX_DEPTH - 6))
    assert parse_bytes(data, "deep.odt", ".odt").turns[-1].text == "Beans,  mostly."
    with pytest.raises(IngestError, match="nests more than"):
        parse_bytes(odt_with(b"mostly.", spans(MAX_DEPTH - 5)), "deep.odt", ".odt")


def test_odt_tables_nested_in_cells_to_the_limit_are_read() -> None:
    cell = (
        b"<table:table><table:table-row><table:table-cell>%s</table:table-cell>"
        b"<table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>"
    )
    inner = b"<text:p>core</text:p>"
    levels = (MAX_DEPTH - 4) // 3  # a table, a row and a cell per level, under office:text
    for _ in range(levels):
        inner = cell.replace(b"%s", inner)
    parsed = parse_bytes(odt_with(b"<text:p/>", inner), "tables.odt", ".odt")
    assert any("core" in turn.text for turn in parsed.turns)


@pytest.mark.parametrize("member", members(ODT))
def test_odt_doctype_is_refused_in_every_part(member: str) -> None:
    data = repacked(ODT, member, with_doctype)
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "doctype.odt", ".odt")
    assert one_line(error).startswith(f"doctype.odt: not a valid .odt file ({member} has a DOCTYPE")


def test_odt_damaged_part_is_one_line_and_prints_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = repacked(ODT, "styles.xml", lambda xml: xml[:-20])
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "damaged.odt", ".odt")
    assert one_line(error).startswith(
        "damaged.odt: not a valid .odt file (damaged XML in styles.xml"
    )
    assert capsys.readouterr() == ("", "")  # odfpy prints a part it cannot parse


# --------------------------------------------------------------------------- .docx


@pytest.mark.parametrize("member", [*members(DOCX), "word/comments.xml"])
def test_docx_doctype_is_refused_in_every_part(member: str) -> None:
    source = INGEST / "comment.docx" if member == "word/comments.xml" else DOCX
    data = repacked(source, member, with_doctype)
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "doctype.docx", ".docx")
    assert one_line(error).startswith(
        f"doctype.docx: not a valid .docx file ({member} has a DOCTYPE"
    )


def document_renamed(data: bytes, change: Callable[[bytes], bytes] = lambda xml: xml) -> bytes:
    """A .docx whose main part is word/transcript (no .xml suffix), as the package allows."""
    renames = {
        "word/document.xml": "word/transcript",
        "word/_rels/document.xml.rels": "word/_rels/transcript.rels",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                content = content.replace(b"word/document.xml", b"word/transcript")
            if info.filename == "word/document.xml":
                content = change(content)
            new.writestr(renames.get(info.filename, info.filename), content)
    return out.getvalue()


def test_docx_doctype_is_refused_in_a_part_named_without_xml() -> None:
    plain = document_renamed(DOCX.read_bytes())
    assert parse_bytes(plain, "renamed.docx", ".docx").turns  # python-docx reads it
    data = document_renamed(DOCX.read_bytes(), with_doctype)
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "renamed.docx", ".docx")
    assert one_line(error).startswith(
        "renamed.docx: not a valid .docx file (word/transcript has a DOCTYPE"
    )


FIRST_RUN = b"<w:t>Focus group FG-2, transcript</w:t>"


def docx_with(old: bytes, new: bytes) -> bytes:
    def change(xml: bytes) -> bytes:
        assert old in xml
        return xml.replace(old, new, 1)

    return repacked(DOCX, "word/document.xml", change)


def test_docx_entity_reference_never_drops_the_rest_of_a_run() -> None:
    # Declared in a DOCTYPE, python-docx kept "Focus " and silently dropped the rest.
    declared = repacked(
        DOCX,
        "word/document.xml",
        lambda xml: (
            with_doctype(xml)
            .replace(b"<!DOCTYPE x>", b'<!DOCTYPE x [<!ENTITY g "G">]>')
            .replace(FIRST_RUN, b"<w:t>Focus &g;roup FG-2, transcript</w:t>")
        ),
    )
    with pytest.raises(IngestError, match=r"word/document.xml has a DOCTYPE"):
        parse_bytes(declared, "entity.docx", ".docx")
    undeclared = docx_with(FIRST_RUN, b"<w:t>Focus &g;roup FG-2, transcript</w:t>")
    with pytest.raises(IngestError) as error:
        parse_bytes(undeclared, "entity.docx", ".docx")
    assert one_line(error).startswith(
        "entity.docx: not a valid .docx file (damaged XML in word/document.xml: "
        "Entity 'g' not defined"
    )
    # The five predefined entities and character references are text, as Word writes them.
    plain = docx_with(FIRST_RUN, b"<w:t>Focus &amp; group &#8211; FG-2, transcript</w:t>")
    assert (
        parse_bytes(plain, "entity.docx", ".docx")
        .turns[0]
        .text.startswith("Focus & group \u2013 FG-2, transcript")
    )


def smart_tags(depth: int) -> bytes:
    tag = b'<w:smartTag w:uri="urn:x" w:element="place">'
    return tag * depth + b"<w:r><w:t>deep</w:t></w:r>" + b"</w:smartTag>" * depth


def test_docx_nesting_is_read_to_the_limit_and_refused_beyond() -> None:
    # The paragraph sits 3 elements deep (document, body, paragraph).
    paragraph = b"<w:p><w:r><w:t>Focus group FG-2, transcript</w:t></w:r></w:p>"
    deepest = docx_with(paragraph, b"<w:p>" + smart_tags(MAX_DEPTH - 5) + b"</w:p>")
    assert parse_bytes(deepest, "deep.docx", ".docx").turns[0].text.startswith("deep")
    for depth in (MAX_DEPTH - 4, 10_000):
        data = docx_with(paragraph, b"<w:p>" + smart_tags(depth) + b"</w:p>")
        with pytest.raises(IngestError) as error:
            parse_bytes(data, "deep.docx", ".docx")
        assert one_line(error) == (
            f"deep.docx: not a valid .docx file (word/document.xml nests more than "
            f"{MAX_DEPTH} elements deep)"
        )


def test_docx_zip_bomb_is_refused_before_unpacking() -> None:
    padding = b"<!--" + b" " * 40_000_000 + b"-->"
    data = docx_with(FIRST_RUN, FIRST_RUN + padding)
    assert len(data) < 200_000
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "bomb.docx", ".docx")
    assert re.fullmatch(
        r"bomb\.docx: not a valid \.docx file \(it unpacks to [\d,]+ bytes, over 100 times its "
        r"size\)",
        one_line(error),
    )


def test_docx_text_is_capped_at_50_characters_per_byte() -> None:
    words = b"Focus group " * 400_000  # 4.8 MB of text that zips to a few kilobytes
    data = docx_with(FIRST_RUN, b"<w:t>" + words + b"</w:t>")
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "long.docx", ".docx")
    assert one_line(error).startswith(
        f"long.docx: its text expands to more than {50 * len(data):,} characters"
    )


# --------------------------------------------------------------------------- not regular files


def read_in_thread(read: Callable[[], object]) -> BaseException | None:
    """What `read` raised, waiting at most 30 s: a read that blocks fails the test, not CI."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            read()
            outcome.append(None)
        except BaseException as error:  # handed to the test
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert outcome, "reading blocked"
    return outcome[0]


READERS: dict[str, tuple[Callable[[Path], object], type[WorkbenchError], str]] = {
    "transcript": (parse_file, IngestError, "cannot read the file"),
    "codebook": (load_codebook, CodebookError, "cannot read codebook"),
    "csv": (lambda path: read_rows(path, ("transcript",)), WorkbenchError, "cannot read file"),
    "pseudonyms": (PseudonymTable.load, AnonymisationError, "cannot read pseudonym table"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("reader", READERS)
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path, reader: str) -> None:
    read, error_type, prefix = READERS[reader]
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    error = read_in_thread(lambda: read(fifo))
    assert isinstance(error, error_type)
    assert str(error) == f"{fifo}: {prefix}: it is a named pipe (FIFO), not a regular file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_importing_a_named_pipe_exits_2_at_once(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    Project.init(str(db)).close()
    fifo = tmp_path / "interview.txt"
    os.mkfifo(fifo)
    results = []
    error = read_in_thread(
        lambda: results.append(CliRunner().invoke(main, ["import", "-p", str(db), str(fifo)]))
    )
    assert error is None
    assert (results[0].exit_code, results[0].stdout) == (2, "")
    assert results[0].stderr.strip().splitlines() == [
        f"error: {fifo}: cannot read the file: it is a named pipe (FIFO), not a regular file"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize(
    ("name", "read", "prefix"),
    [
        ("project.qdpx", read_qdpx, "cannot open"),  # a zip archive
        ("project.qde", read_qdpx, "cannot read"),  # its XML alone
        ("codebook.qdc", read_qdc, "cannot read"),
    ],
)
def test_a_named_pipe_is_refused_by_the_refi_readers(
    tmp_path: Path, name: str, read: Callable[[Path], object], prefix: str
) -> None:
    fifo = tmp_path / name
    os.mkfifo(fifo)
    error = read_in_thread(lambda: read(fifo))
    assert isinstance(error, RefiError)
    assert str(error) == f"{fifo}: {prefix}: it is a named pipe (FIFO), not a regular file"


def run_cli_in_thread(args: list[str]) -> Result:
    results: list[Result] = []
    assert read_in_thread(lambda: results.append(CliRunner().invoke(main, args))) is None
    return results[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (
            ["anonymise", "allow", "-p", "DB", "--file", "FIFO"],
            "words.txt",
            "cannot read word list",
        ),
        (["merge", "-p", "DB", "FIFO"], "copy.db", "cannot read the copy to merge"),
        (["merge", "-p", "DB", "FIFO"], "copy.qdpx", "cannot open"),
        (["codebook", "load", "-p", "DB", "FIFO"], "codebook.qdc", "cannot read"),
    ],
)
def test_commands_refuse_a_named_pipe_at_once(
    tmp_path: Path, command: list[str], name: str, message: str
) -> None:
    db = tmp_path / "p.db"
    Project.init(str(db)).close()
    fifo = tmp_path / name
    os.mkfifo(fifo)
    result = run_cli_in_thread([{"DB": str(db), "FIFO": str(fifo)}.get(a, a) for a in command])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.strip().splitlines() == [
        f"error: {fifo}: {message}: it is a named pipe (FIFO), not a regular file"
    ]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("reader", READERS)
def test_a_device_is_refused_before_reading(tmp_path: Path, reader: str) -> None:
    read, error_type, prefix = READERS[reader]
    device = tmp_path / "zero.txt"  # a link: the kind of what it points to counts
    device.symlink_to("/dev/zero")
    error = read_in_thread(lambda: read(device))  # reading /dev/zero never ends
    assert isinstance(error, error_type)
    assert str(error) == f"{device}: {prefix}: it is a device, not a regular file"


@pytest.mark.parametrize("reader", READERS)
def test_a_folder_is_refused(tmp_path: Path, reader: str) -> None:
    read, error_type, prefix = READERS[reader]
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(error_type) as error:
        read(folder)
    assert str(error.value) == f"{folder}: {prefix}: it is a folder, not a regular file"


def test_a_link_to_a_regular_file_is_read(tmp_path: Path) -> None:
    link = tmp_path / "link.odt"
    link.symlink_to(ODT)
    assert parse_file(link).turns


# --------------------------------------------------------------------------- fuzzing

# Examples per importer; `make fuzz` runs 3000 (WORKBENCH_FUZZ_EXAMPLES).
FUZZ_EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
XML_PIECES = [
    b"<", b">", b"/>", b"</", b"&", b"&g;", b"&amp;", b"&#0;", b"&#x110000;", b'"', b"=",
    b"<!DOCTYPE x>", b'<!DOCTYPE x [<!ENTITY g "GG">]>', b"<![CDATA[", b"]]>", b"\x00",
    b"\xff\xfe", b"\xc3", b'text:c="abc"', b'text:c="99999999999"', b"<text:span>",
    b"</text:span>", b"<text:s/>", b"<text:tab/>", b"<w:r>", b"</w:r>", b"<w:t>", b"</w:t>",
    b"<w:tab/>", b"<w:br/>", b"<w:ins>", b"<w:sdt>", b"<w:tbl>", b"<w:tr>", b"<w:tc>",
]  # fmt: skip
YAML_PIECES = [
    b"*a", b"&a ", b"<<: *a", b"[", b"]", b"{", b"}", b": ", b"- ", b"\n", b"\n  ", b"\t",
    b"? ", b"!!binary ", b"!!python/object:os.system ", b"!!set ", b"!!omap ", b"'", b'"',
    b"|", b">", b"%YAML 1.1\n", b"---\n", b"...\n", b"#", b"\x00", b"\xff", b"\\x",
    b"~", b"null", b"2024-01-01", b"0x1F", b"1e400", b"children:", b"key: ", b"guid: ",
]  # fmt: skip


def mutations(pieces: list[bytes]) -> st.SearchStrategy[list[tuple[float, int, bytes]]]:
    """Edits as (where, how many bytes to drop, what to put in), `where` as a fraction."""
    insert = st.one_of(st.sampled_from(pieces), st.binary(max_size=6))
    edit = st.tuples(st.floats(0, 1), st.integers(0, 8), insert)
    return st.lists(edit, min_size=1, max_size=6)


def mutate(data: bytes, edits: list[tuple[float, int, bytes]]) -> bytes:
    for where, drop, insert in edits:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + drop :]
    return data


def assert_transcript_or_one_line_error(data: bytes, suffix: str) -> None:
    try:
        parsed = parse_bytes(data, f"fuzz{suffix}", suffix)
    except WorkbenchError as error:
        assert "\n" not in str(error) and str(error).startswith(f"fuzz{suffix}")
    else:
        assert parsed.turns


ODT_PARTS = ["content.xml", "styles.xml", "META-INF/manifest.xml"]
DOCX_PARTS = ["word/document.xml", "word/styles.xml", "[Content_Types].xml", "_rels/.rels"]


@FUZZ
@given(edits=mutations(XML_PIECES), part=st.sampled_from([None, *ODT_PARTS]))
def test_fuzzed_odt_is_a_transcript_or_one_line_error(
    edits: list[tuple[float, int, bytes]], part: str | None
) -> None:
    if part is None:  # the zip itself damaged
        data = mutate(ODT.read_bytes(), edits)
    else:  # a well-formed zip around damaged XML, where the parsers are reached
        data = repacked(ODT, part, lambda xml: mutate(xml, edits))
    assert_transcript_or_one_line_error(data, ".odt")


@FUZZ
@given(edits=mutations(XML_PIECES), part=st.sampled_from([None, *DOCX_PARTS]))
def test_fuzzed_docx_is_a_transcript_or_one_line_error(
    edits: list[tuple[float, int, bytes]], part: str | None
) -> None:
    if part is None:
        data = mutate(DOCX.read_bytes(), edits)
    else:
        data = repacked(DOCX, part, lambda xml: mutate(xml, edits))
    assert_transcript_or_one_line_error(data, ".docx")


@FUZZ
@given(edits=mutations(YAML_PIECES))
def test_fuzzed_codebook_is_a_codebook_or_one_line_error(
    tmp_path: Path, edits: list[tuple[float, int, bytes]]
) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(mutate((CODEBOOKS / "small.yaml").read_bytes(), edits))
    try:
        spec = load_codebook(path)
    except CodebookError as error:
        assert "\n" not in str(error) and str(error).startswith(str(path))
    else:
        assert spec.walk()
