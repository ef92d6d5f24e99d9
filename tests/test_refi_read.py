"""REFI-QDA import of what real tools write: CRLF counts, '::' names, GUID spellings, .docx."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.exchange.refi import RefiCode, RefiError, RefiProject, read_qdc, read_qdpx
from workbench.exchange.refi.context import origin_user_name
from workbench.text.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "refi"


def _fixture_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_refi_fixtures", FIXTURES / "make_refi_fixtures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _fixture_script()


def quoted(project: RefiProject, source: int = 0) -> list[str]:
    text = project.sources[source].plain_text
    return [text[s.start : s.end] for s in project.sources[source].selections]


def codes_by_name(project: RefiProject) -> dict[str, RefiCode]:
    return {code.name: code for code in project.all_codes()}


def test_the_committed_fixtures_are_what_the_script_writes() -> None:
    for name, data in MAKE.build_all().items():
        assert (FIXTURES / name).read_bytes() == data, f"{name}: rerun make_refi_fixtures.py"


def test_crlf_counted_as_two_characters_is_detected_from_the_quoted_names() -> None:
    project = read_qdpx(FIXTURES / "crlf_two.qdpx")
    source = project.sources[0]
    assert source.plain_text == MAKE.BOARD.replace("\r\n", "\n")
    assert quoted(project) == list(MAKE.BOARD_QUOTES)
    assert (
        "board_2017: positions counted CRLF line ends as two characters" in project.notes_for_user
    )


def test_a_bare_plain_text_path_is_found_in_sources_and_names_a_nameless_source() -> None:
    project = read_qdpx(FIXTURES / "crlf_two.qdpx")
    assert project.sources[0].name == "board_2017"
    assert any(
        "has no name; named 'board_2017' after its file" in n for n in project.notes_for_user
    )


def test_crlf_counted_as_one_is_detected_from_positions_inside_crlf_pairs() -> None:
    project = read_qdpx(FIXTURES / "crlf_one.qdpx")
    assert quoted(project) == ["Chair: We need to cut costs.", "Agreed 😀."]
    assert any(n.startswith("board_2017: positions counted CRLF line ends as one")
               for n in project.notes_for_user)  # fmt: skip


def test_codings_without_a_creating_user_go_to_a_user_named_after_the_software() -> None:
    project = read_qdpx(FIXTURES / "crlf_one.qdpx")
    assert [user.name for user in project.users] == ["NVivo"]
    assert {s.user_guid for s in project.sources[0].selections} == {project.users[0].guid}
    assert "2 codings had no creating user; attributed to a user named 'NVivo'" in (
        project.notes_for_user
    )
    assert origin_user_name("ATLAS.ti 8.4.0 573 , macOS") == "ATLAS.ti"
    assert origin_user_name("MAXQDA 2022 (Release 22.0.1)") == "MAXQDA"
    assert origin_user_name("") == "imported"


def test_case_variables_reach_their_sources_whatever_the_guid_spelling() -> None:
    assert read_qdpx(FIXTURES / "crlf_one.qdpx").sources[0].variables == {"year": "2017"}


def test_flat_names_with_double_colons_become_a_tree_with_folders_where_needed() -> None:
    project = read_qdpx(FIXTURES / "atlas_flat.qdpx")
    tree = [(c.name, [k.name for k in c.children], c.is_codable) for c in project.all_codes()]
    assert tree == [
        ("Coke", ["full-fat Coke", "diet Coke"], True),
        ("full-fat Coke", [], True),
        ("diet Coke", [], True),
        ("milk", [], True),
        ("Feelings", ["negative"], False),
        ("negative", ["disgust"], False),
        ("disgust", [], True),
    ]
    coke = codes_by_name(project)["Coke"]
    assert coke.guid == "00000003-7bb0-481e-b742-b4861dd669df" and coke.colour == "#ff0000"
    assert any("folders made for Feelings, Feelings::negative" in n for n in project.notes_for_user)


def test_guids_in_braces_or_upper_case_are_normalised_and_matched() -> None:
    project = read_qdpx(FIXTURES / "atlas_flat.qdpx")
    diet = codes_by_name(project)["diet Coke"]
    first = project.sources[0].selections[0]
    assert (first.code_guid, first.user_guid) == (diet.guid, project.users[0].guid)
    assert project.users[0].guid == "ad68fbe7-e1ee-4a82-a279-23cc698c89eb"
    assert first.guid == "2f24ea88-c6a7-482b-8f89-893ef66d7a21"


def test_a_selection_with_two_codings_becomes_two_codings_sharing_its_memo() -> None:
    project = read_qdpx(FIXTURES / "atlas_flat.qdpx")
    names = {c.guid: c.name for c in project.all_codes()}
    milk = [s for s in project.sources[0].selections if s.memo]
    assert [(names[s.code_guid], s.guid[-4:], s.memo) for s in milk] == [
        ("milk", "1652", "Why not milk?"),
        ("disgust", "1653", "Why not milk?"),
    ]
    assert quoted(project) == ["diet Coke", "Milk? Never.", "Milk? Never."]


def test_the_bom_is_dropped_and_upper_case_member_names_are_found() -> None:
    assert read_qdpx(FIXTURES / "atlas_flat.qdpx").sources[0].plain_text == MAKE.MABEL


def test_everything_not_imported_is_listed_one_line_per_kind() -> None:
    assert read_qdpx(FIXTURES / "atlas_flat.qdpx").skipped == (
        "1 selection without a code not imported: Mabel.txt [7, 30)",
        "2 PDF sources not imported: a.pdf, b.pdf",
        "1 picture source not imported: cornflakes.jpg",
        "1 audio source not imported: ad.m4a",
        "1 link not imported: Memo-Quotation Relation",
        "2 sets not imported: Mabel, gender: male",
        "1 graph not imported: Network",
        "1 project description not imported: 'A standard project'",
    )


def test_nested_codes_folders_and_retired_codes() -> None:
    project = read_qdpx(FIXTURES / "nested.qdpx")
    change, shops = project.codes
    assert (change.name, change.is_codable, change.description) == (
        "Change",
        False,
        "Folder for changes",
    )
    assert [c.name for c in change.walk()] == ["Change", "Housing", "Rent"]
    assert (shops.retired, shops.description) == (True, "Use Housing")
    assert not any(code.retired for code in change.walk())


def test_notes_become_memos_of_what_they_annotate_or_free_notes() -> None:
    project = read_qdpx(FIXTURES / "nested.qdpx")
    source = project.sources[0]
    housing = codes_by_name(project)["Housing"]
    assert source.note == "Recorded in the library"
    assert source.selections[0].memo == "Rent came up unprompted."
    assert [(n.name, n.text, n.target_guid) for n in project.notes] == [
        ("about Housing", "Housing covers rent and repairs.", housing.guid),
        ("Plan", "Interview ten people.", None),
        ("Loose", "Call Ana back.", None),
    ]


def test_typed_variables_dates_and_whole_source_codings() -> None:
    project = read_qdpx(FIXTURES / "nested.qdpx")
    source = project.sources[0]
    assert source.name == source.guid == "5a0e3c1d-1111-4222-8333-444455556666"
    assert source.variables == {"age": "34", "employed": "true", "district": "North"}
    assert source.selections[0].created is not None
    assert source.selections[0].created.isoformat() == "2021-05-04T10:20:30.123456+00:00"
    assert quoted(project) == ["The rent doubled", "the café closed", MAKE.NESTED_TEXT]
    assert (
        f"{source.name}: 1 coding of the whole source read as selections of all its text"
        in project.notes_for_user
    )


def test_an_empty_plain_text_is_taken_from_the_docx_or_the_source_is_listed() -> None:
    project = read_qdpx(FIXTURES / "nvivo_mac.qdpx")
    assert [s.name for s in project.sources] == ["Ana"]
    assert project.sources[0].plain_text == "\n".join(MAKE.DOCX_PARAGRAPHS)
    assert quoted(project) == ["strong coffee"]
    assert project.skipped == (
        "1 text source whose text cannot be read not imported: Ben (its plain text is empty"
        " and its rich text cannot be read (BadZipFile))",
    )
    assert any(n.startswith("Ana: its plain text is empty") for n in project.notes_for_user)


def test_a_project_with_a_codebook_and_no_sources() -> None:
    project = read_qdpx(FIXTURES / "codebook_only.qdpx")
    assert project.sources == () and project.skipped == () and project.notes_for_user == ()
    assert [c.name for c in project.all_codes()] == ["Topics", "Economy", "Health care", "Values"]
    assert list(project.codes) == read_qdc(FIXTURES / "codebook_only.qdpx")


def test_a_qdc_codebook_is_read_with_its_hierarchy_colours_and_retired_codes() -> None:
    topics, values = read_qdc(FIXTURES / "codebook.qdc")
    economy, health = topics.children
    assert (topics.guid, topics.is_codable) == ("5215cc69-b628-4e02-afb9-9beeaee55808", False)
    assert (economy.colour, economy.description) == ("#ffff00", "Anything about jobs or taxes")
    assert (health.colour, health.is_codable) == ("#33cc33", True)
    assert (values.retired, values.description) == (True, "")


def test_a_bare_project_qde_is_read_with_its_inline_texts() -> None:
    project = read_qdpx(FIXTURES / "project.qde")
    assert quoted(project) == ["résumé"]
    assert project.skipped == (
        "1 text source whose text cannot be read not imported: elsewhere (its text"
        " internal://8d8d0000-0000-4000-8000-000000000002.txt is not in the archive)",
    )
    assert [u.name for u in project.users] == ["imported"]


def test_a_codebook_file_of_the_wrong_kind_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.qdc").write_bytes(b"<Other/>")
    with pytest.raises(RefiError, match="not a REFI-QDA codebook: the root element is Other"):
        read_qdc(tmp_path / "x.qdc")
    with pytest.raises(RefiError, match="cannot read"):
        read_qdc(tmp_path / "missing.qdc")


def test_the_refi_layer_imports_no_database_or_user_interface() -> None:
    probe = (
        "import sys, workbench.exchange.refi\n"
        "print(sorted(m for m in ('sqlalchemy', 'textual', 'click', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Property: whatever convention a tool counted in, and with its selections' names quoting
# their text as ATLAS.ti and NVivo do, positions land on the text the tool meant.
_PIECES = ["a", "b", " ", "\r\n", "\n", "é", "e\u0301", "Ł", "😀", "漢", "\r\n\r\n"]


def _units(piece: str, crlf_units: int, utf16: bool) -> int:
    if piece == "\r\n":
        return crlf_units
    return sum(2 if utf16 and ord(ch) > 0xFFFF else 1 for ch in piece)


@settings(max_examples=80, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map(
        lambda chosen: [
            p for chunk in chosen for p in ([chunk] if chunk != "\r\n\r\n" else ["\r\n", "\r\n"])
        ]
    ),
    spans=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=5),
    crlf_units=st.sampled_from([1, 2]),
    utf16=st.booleans(),
)
def test_positions_in_any_counting_land_on_the_quoted_text(
    pieces: list[str], spans: list[tuple[int, int]], crlf_units: int, utf16: bool
) -> None:
    raw = "".join(pieces)
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + _units(piece, crlf_units, utf16))
    wanted, selections = [], []
    for n, (a, b) in enumerate(spans):
        a, b = sorted((min(a, len(pieces)), min(b, len(pieces))))
        quote = normalise("".join(pieces[a:b]))
        if not quote:
            continue
        wanted.append(quote)
        name = quote.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "&#10;")
        selections.append(
            MAKE.selection(
                f"0000000{n}-0000-4000-8000-000000000001",
                offsets[a],
                offsets[b],
                MAKE.CODE_FOR_PROPERTY,
                name,
            )
        )
    if not wanted:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.qdpx"
        path.write_bytes(MAKE.property_archive(raw, "".join(selections)))
        project = read_qdpx(path)
    assert project.sources[0].plain_text == normalise(raw)
    assert quoted(project) == wanted
