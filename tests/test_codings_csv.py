"""Codings as CSV: validated all-or-nothing import, export with paths, exact round trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.progress import statuses
from workbench.errors import CodingError
from workbench.exchange.codings_csv import export_codings, import_codings
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = """Interviewer: How would you describe the mandate?

Respondent: Honestly, it is what states ask of us. We deliver, and that is our claim.
"""


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    source = tmp_path / "iom_03.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, [source])
    return project


def offsets(project: Project, fragment: str) -> tuple[int, int]:
    text = project.transcript("iom_03").text
    start = text.index(fragment)
    return start, start + len(fragment)


def write_csv(folder: Path, rows: list[list[object]], header: str = "") -> Path:
    path = folder / "codings.csv"
    header = header or "transcript,coder,code,start,end,memo,text"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\n")
        csv.writer(handle).writerows(rows)
    return path


def test_import_then_export_gives_paths_text_speaker_and_utterance(
    coded: Project, tmp_path: Path
) -> None:
    start, end = offsets(coded, "We deliver, and that is our claim.")
    path = write_csv(
        tmp_path,
        [
            ["iom_03", "anna", "Operational performance", start, end, "a memo", ""],
            ["iom_03", "ben", "Legitimation/Operational performance", start - 5, end, "", ""],
        ],
    )
    result = import_codings(coded, path)
    assert (result.codings, result.coders_created) == (2, ["anna", "ben"])
    rows = list(csv.DictReader(io.StringIO(export_codings(coded))))
    assert rows[0] == {
        "transcript": "iom_03",
        "coder": "anna",
        "code": "Legitimation/Operational performance",
        "start": str(start),
        "end": str(end),
        "memo": "a memo",
        "text": "We deliver, and that is our claim.",
        "speaker": "Respondent",
        "utterance": "2",
    }
    assert [r["coder"] for r in rows] == ["anna", "ben"]
    assert [r["coder"] for r in csv.DictReader(io.StringIO(export_codings(coded, "ben")))] == [
        "ben"
    ]
    assert statuses(coded, "anna") == {"iom_03": "in_progress"}


def test_export_then_import_into_a_fresh_project_reproduces_every_coding(
    coded: Project, tmp_path: Path
) -> None:
    start, end = offsets(coded, "it is what states ask of us")
    import_codings(
        coded,
        write_csv(
            tmp_path,
            [
                ["iom_03", "anna", "Normative claims", start, end, "line one\nline two", ""],
                ["iom_03", "anna", "Funding", 0, 5, "", ""],
                ["iom_03", "ben", "Protection DNA", start, end + 10, "", ""],
            ],
        ),
    )
    exported = export_codings(coded)
    out = tmp_path / "exported.csv"
    out.write_text(exported, encoding="utf-8")
    with Project.init(str(tmp_path / "fresh.db")) as fresh:
        service.load(fresh, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
        import_transcripts(fresh, [tmp_path / "iom_03.txt"])
        assert import_codings(fresh, out).codings == 3
        assert export_codings(fresh) == exported


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["iom_99", "anna", "Funding", 0, 5, "", ""], "no transcript named 'iom_99'"),
        (["iom_03", "anna", "Nothing", 0, 5, "", ""], "no code 'Nothing'"),
        (["iom_03", "anna", "Funding", 5, 5, "", ""], "outside the text"),
        (["iom_03", "anna", "Funding", 0, 99999, "", ""], "outside the text"),
        (["iom_03", "anna", "Funding", "x", 5, "", ""], "whole numbers"),
        (["iom_03", "anna", "Funding", "1_0", 15, "", ""], "whole numbers"),
        (["iom_03", "anna", "Funding", "+1", 5, "", ""], "whole numbers"),
        (["iom_03", "anna", "Funding", 0, 5, "", "Respo"], "offset drift"),
        (["iom_03", "", "Funding", 0, 5, "", ""], "empty coder"),
        (["iom_03", "anna", "Funding", 0, 5, "", ""], "duplicate coding"),
    ],
)
def test_a_bad_row_names_its_line_and_imports_nothing(
    coded: Project, tmp_path: Path, row: list[object], message: str
) -> None:
    good = ["iom_03", "anna", "Funding", 0, 5, "", "Inter"]
    path = write_csv(tmp_path, [good, row])
    before = coded.row_counts()
    with pytest.raises(CodingError, match=message) as caught:
        import_codings(coded, path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert coded.row_counts() == before


def test_missing_columns_are_named(coded: Project, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["iom_03", "anna", "Funding", 0]], "transcript,coder,code,start")
    with pytest.raises(CodingError, match="missing column\\(s\\): end") as caught:
        import_codings(coded, path)
    assert caught.value.line == 1


def test_codings_of_a_merged_code_move_and_its_name_is_refused_afterwards(
    coded: Project, tmp_path: Path
) -> None:
    rows = [
        ["iom_03", "anna", "Operational performance", 0, 5, "m1", ""],
        ["iom_03", "anna", "Normative claims", 0, 5, "m2", ""],
        ["iom_03", "ben", "Operational performance", 6, 12, "", ""],
    ]
    import_codings(coded, write_csv(tmp_path, rows))
    service.merge(coded, "Operational performance", "Normative claims", why="overlap")
    exported = list(csv.DictReader(io.StringIO(export_codings(coded))))
    assert [(r["coder"], r["code"], r["memo"]) for r in exported] == [
        ("anna", "Legitimation/Normative claims", "m2\nm1"),
        ("ben", "Legitimation/Normative claims", ""),
    ]
    again = write_csv(tmp_path, [["iom_03", "anna", "Operational performance", 20, 25, "", ""]])
    with pytest.raises(CodingError, match="was merged into 'Legitimation/Normative claims'"):
        import_codings(coded, again)


def test_the_project_lists_codings_by_coder_and_transcript(coded: Project, tmp_path: Path) -> None:
    import_codings(
        coded,
        write_csv(
            tmp_path,
            [
                ["iom_03", "ben", "Funding", 10, 20, "", ""],
                ["iom_03", "anna", "Normative claims", 0, 5, "why", ""],
            ],
        ),
    )
    assert [(c.coder, c.code, c.start, c.memo) for c in coded.codings()] == [
        ("anna", "Legitimation/Normative claims", 0, "why"),
        ("ben", "Funding", 10, ""),
    ]
    assert [c.coder for c in coded.codings(coders=["ben"])] == ["ben"]
    assert coded.codings(transcripts=["other"]) == []
    assert coded.coders() == ["anna", "ben"]


def test_counts_per_transcript_theme_and_coder(coded: Project, tmp_path: Path) -> None:
    from workbench.coding.progress import codings_per_transcript

    import_codings(
        coded,
        write_csv(
            tmp_path,
            [
                ["iom_03", "anna", "Legitimation", 0, 5, "", ""],
                ["iom_03", "anna", "Normative claims", 6, 10, "", ""],
                ["iom_03", "ben", "Funding", 10, 20, "", ""],
            ],
        ),
    )
    assert codings_per_transcript(coded, "anna") == {"iom_03": 2}
    assert codings_per_transcript(coded, "carol") == {}
    counts = service.coding_counts(coded)
    assert service.theme_counts(counts, "anna") == {"Legitimation": 2, "Funding": 0}
    assert service.coder_totals(counts) == {"anna": 2, "ben": 1}


def test_a_row_after_blank_lines_is_named_by_its_own_line(coded: Project, tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(
        "transcript,coder,code,start,end\n\n\niom_03,anna,Nothing,0,5\n", encoding="utf-8"
    )
    with pytest.raises(CodingError) as caught:
        import_codings(coded, path)
    assert caught.value.line == 4


def test_memos_keep_their_own_spacing(coded: Project, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, [["iom_03", "anna", "Funding", 0, 5, "  indented\nsecond line ", ""]]
    )
    import_codings(coded, path)
    (coding,) = [c for c in coded.codings(coders=["anna"]) if c.memo]
    assert coding.memo == "  indented\nsecond line "


def test_a_cell_longer_than_csvs_default_limit_is_read(coded: Project, tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["iom_03", "anna", "Funding", 0, 5, "m" * 200_000, ""]])
    assert import_codings(coded, path).codings == 1


def test_an_unclosed_quote_is_one_line_with_its_line(coded: Project, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('transcript,coder,code,start,end\niom_03,anna,"Funding,0,5\n', "utf-8")
    with pytest.raises(CodingError, match="not a well-formed CSV row") as caught:
        import_codings(coded, path)
    assert caught.value.line == 2


def test_columns_are_found_by_name_in_any_order(coded: Project, tmp_path: Path) -> None:
    start, end = offsets(coded, "it is what states ask of us")
    text = coded.transcript("iom_03").text[start:end]
    path = tmp_path / "reordered.csv"
    path.write_text(
        f"memo,end,text,code,start,coder,transcript\nwhy,{end},{text},Funding,{start},anna,iom_03\n",
        encoding="utf-8",
    )
    assert import_codings(coded, path).codings == 1
    (coding,) = coded.codings(coders=["anna"])
    assert (coding.code, coding.start, coding.end, coding.memo) == ("Funding", start, end, "why")
