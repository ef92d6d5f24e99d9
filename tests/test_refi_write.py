"""REFI-QDA export: schema-valid, byte-stable, and read back by our reader as the same model."""

from __future__ import annotations

import os
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from workbench.exchange.refi import (
    RefiCode,
    RefiError,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    codebook_xml,
    project_xml,
    qdpx_bytes,
    read_qdc,
    read_qdpx,
    validate_codebook,
    validate_project,
    write_qdpx,
)
from workbench.exchange.refi.model import derived_guid
from workbench.text.normalise import normalise

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("WORKBENCH_UPDATE_GOLDEN") == "1"
NS = {"q": "urn:QDA-XML:project:1.0"}

LUKASZ = RefiUser(derived_guid("test-user", "1"), "Łukasz")
ZOE = RefiUser(derived_guid("test-user", "2"), "Zoë")
RENT = RefiCode(derived_guid("test-code", "rent"), "Rent", colour="#3366cc", description="Cost")
SHOPS = RefiCode(
    derived_guid("test-code", "shops"), "Shops 🛒", description="Use Housing", retired=True
)
BARE_RETIRED = RefiCode(derived_guid("test-code", "old"), "Old", retired=True)
HOUSING = RefiCode(derived_guid("test-code", "housing"), "Housing", children=(RENT,))
FOLDER = RefiCode(
    derived_guid("test-code", "folder"), "Change", children=(HOUSING, SHOPS), is_codable=False
)
TEXT = "Q: Was it the rent?\nŁukasz: Yes 😀, the café closed.\n\nZoë: 👩‍👩‍👧 moved. é\n"


def at(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def sample_project() -> RefiProject:
    cafe, family = at(TEXT, "the café closed"), at(TEXT, "👩‍👩‍👧 moved")
    selections = (
        RefiSelection(
            derived_guid("test-sel", "1"), *at(TEXT, "Yes 😀"), RENT.guid, LUKASZ.guid,
            datetime(2024, 3, 1, 9, 30, 0, 120000, tzinfo=UTC), "He laughed.\nThen stopped.",
        ),
        RefiSelection(derived_guid("test-sel", "2"), *cafe, SHOPS.guid, ZOE.guid),
        RefiSelection(derived_guid("test-sel", "3"), *cafe, RENT.guid, ZOE.guid),
        RefiSelection(derived_guid("test-sel", "4"), *family, HOUSING.guid, LUKASZ.guid,
                      datetime(2024, 3, 2, 8, 0)),
    )  # fmt: skip
    source = RefiSource(
        derived_guid("test-source", "1"), "Łukasz & Zoë", TEXT, selections,
        {"age": "34", "district": "Nörth"}, note="Recorded <outside>.",
    )  # fmt: skip
    empty = RefiSource(derived_guid("test-source", "2"), "empty", "")
    notes = (
        RefiNote(derived_guid("test-note", "1"), "Rent: also repairs.", RENT.guid, ZOE.guid, "N"),
        RefiNote(derived_guid("test-note", "2"), "Call back 📞.", None, None, "Plan"),
    )
    return RefiProject(
        "Neighbourhood – 2024", "workbench", (LUKASZ, ZOE), (FOLDER, BARE_RETIRED),
        (source, empty), notes,
    )  # fmt: skip


def test_a_project_round_trips_through_a_qdpx_unchanged(tmp_path: Path) -> None:
    project = sample_project()
    write_qdpx(project, tmp_path / "p.qdpx")
    assert read_qdpx(tmp_path / "p.qdpx") == project


def test_texts_are_stored_byte_for_byte_as_utf8(tmp_path: Path) -> None:
    project = sample_project()
    write_qdpx(project, tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as archive:
        assert archive.namelist()[0] == "project.qde"
        for source in project.sources:
            assert archive.read(f"sources/{source.guid}.txt") == source.plain_text.encode()


def test_positions_are_code_points_not_utf16_units() -> None:
    root = etree.fromstring(project_xml(sample_project()))
    cafe = root.findall(".//q:PlainTextSelection", NS)[1]
    start = TEXT.index("the café closed")
    utf16_start = len(TEXT[:start].encode("utf-16-le")) // 2
    assert (int(cafe.get("startPosition")), int(cafe.get("endPosition"))) == (start, start + 15)
    assert utf16_start == start + 1  # the emoji before it is one code point, two UTF-16 units
    assert cafe.get("name") == "the café closed"


def test_every_export_validates_against_the_schema() -> None:
    project = sample_project()
    validate_project(project_xml(project))
    validate_codebook(codebook_xml(project.codes))
    validate_project(project_xml(RefiProject("no sources", codes=project.codes)))
    validate_project(project_xml(RefiProject("nothing at all")))


def test_the_validator_rejects_what_the_schema_forbids() -> None:
    bad = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources/></Project>'
    with pytest.raises(RefiError, match="not valid REFI-QDA"):
        validate_project(bad)
    with pytest.raises(RefiError, match="not valid REFI-QDA"):
        validate_codebook(b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')


def test_retired_codes_are_marked_in_the_description_and_read_back() -> None:
    root = etree.fromstring(codebook_xml([SHOPS, BARE_RETIRED]))
    descriptions = [e.text for e in root.iter("{urn:QDA-XML:codebook:1.0}Description")]
    assert descriptions == ["[retired] Use Housing", "[retired]"]


def test_a_codebook_round_trips_through_a_qdc(tmp_path: Path) -> None:
    codes = sample_project().codes
    (tmp_path / "c.qdc").write_bytes(codebook_xml(codes))
    assert read_qdc(tmp_path / "c.qdc") == list(codes)


def test_exports_match_their_golden_files() -> None:
    for name, produced in (
        ("refi_project.qde", project_xml(sample_project())),
        ("refi_codebook.qdc", codebook_xml(sample_project().codes)),
    ):
        golden = GOLDEN / name
        if UPDATE:
            golden.write_bytes(produced)
        assert produced == golden.read_bytes(), f"{name} differs (WORKBENCH_UPDATE_GOLDEN=1)"


def test_the_same_project_gives_the_same_archive_bytes() -> None:
    assert qdpx_bytes(sample_project()) == qdpx_bytes(sample_project())


def test_times_are_written_in_utc_and_read_back_as_the_same_moment(tmp_path: Path) -> None:
    paris = datetime(2024, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    source = RefiSource(derived_guid("s", "t"), "t", "abc", (
        RefiSelection(derived_guid("sel", "t"), 0, 2, RENT.guid, LUKASZ.guid, paris),
    ))  # fmt: skip
    project = RefiProject("t", users=(LUKASZ,), codes=(RENT,), sources=(source,))
    assert b'creationDateTime="2024-03-01T09:30:00Z"' in project_xml(project)
    write_qdpx(project, tmp_path / "t.qdpx")
    assert read_qdpx(tmp_path / "t.qdpx").sources[0].selections[0].created == paris


def test_dangling_references_are_refused() -> None:
    other = RefiCode(derived_guid("c", "other"), "other")
    selection = RefiSelection(derived_guid("sel", "x"), 0, 1, other.guid, LUKASZ.guid)
    source = RefiSource(derived_guid("s", "x"), "x", "ab", (selection,))
    with pytest.raises(RefiError, match="unknown code"):
        project_xml(RefiProject("p", users=(LUKASZ,), codes=(RENT,), sources=(source,)))
    with pytest.raises(RefiError, match="unknown user"):
        project_xml(RefiProject("p", codes=(other,), sources=(source,)))
    note = RefiNote(derived_guid("n", "x"), "t", source.guid)
    with pytest.raises(RefiError, match="not a code"):
        project_xml(RefiProject("p", codes=(RENT,), notes=(note,)))


def test_what_xml_cannot_hold_and_empty_codebooks_are_refused() -> None:
    with pytest.raises(RefiError, match="characters XML cannot hold"):
        project_xml(RefiProject("bell \x07"))
    with pytest.raises(RefiError, match="at least one code"):
        codebook_xml([])


def test_the_model_refuses_what_cannot_be_exported() -> None:
    with pytest.raises(RefiError, match="expected lowercase"):
        RefiUser("{ABC}", "x")
    with pytest.raises(RefiError, match="rrggbb"):
        RefiCode(derived_guid("c", "c"), "c", colour="red")
    with pytest.raises(RefiError, match="after the end of the text"):
        RefiSource(derived_guid("s", "s"), "s", "ab", (RefiSelection(RENT.guid, 1, 3, RENT.guid),))
    with pytest.raises(RefiError, match="spans"):
        RefiSelection(RENT.guid, 2, 2, RENT.guid)


# Texts as our importer stores them: LF only, NFC, with astral characters and combining marks.
_TEXT_PIECES = st.sampled_from(
    ["a", "b", " ", "\n", "é", "e\u0301", "Ł", "😀", "👩‍👧", "漢", "\r\n"]
)


@st.composite
def _stored_texts_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = normalise("".join(draw(st.lists(_TEXT_PIECES, min_size=1, max_size=40))))
    if not text:
        text = "x"
    bounds = st.integers(0, len(text))
    spans = [tuple(sorted(pair)) for pair in draw(st.lists(st.tuples(bounds, bounds), max_size=6))]
    return text, [(a, b) for a, b in spans if a < b]


@settings(max_examples=60, deadline=None)
@given(_stored_texts_with_spans())
def test_written_positions_read_back_onto_the_same_text(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    text, spans = case
    selections = tuple(
        RefiSelection(derived_guid("p", str(n)), a, b, RENT.guid, LUKASZ.guid)
        for n, (a, b) in enumerate(spans)
    )
    source = RefiSource(derived_guid("p", "source"), "p", text, selections)
    project = RefiProject("p", users=(LUKASZ,), codes=(RENT,), sources=(source,))
    with tempfile.TemporaryDirectory() as folder:
        write_qdpx(project, Path(folder) / "p.qdpx")
        read = read_qdpx(Path(folder) / "p.qdpx")
    assert read.sources[0].plain_text == text
    assert [text[s.start : s.end] for s in read.sources[0].selections] == [
        text[a:b] for a, b in spans
    ]
    assert read == project
