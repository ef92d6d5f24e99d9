"""Scripted coding and codebook changes through the CLI, checked through the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_project import make_project, refused, run
from workbench.codebook import service
from workbench.coding.desk import CoderDesk
from workbench.store.project import Project


@pytest.fixture
def db(tmp_path: Path, location: str) -> str:
    """On SQLite and on PostgreSQL."""
    return make_project(tmp_path, location)


def spans(db: str, coder: str = "anna") -> list[tuple[str, str, int, int, str]]:
    with Project.open(db) as project:
        return [(c.transcript, c.code, c.start, c.end, c.memo) for c in project.codings([coder])]


def test_codings_add_codes_a_span_that_the_tui_undo_takes_back(db: str) -> None:
    code, out, err = run(
        "codings", "add", "-p", db, "--coder", "anna", "t1", "13", "33", "Funding",
        "--memo", "the mandate",
    )  # fmt: skip
    assert code == 0, err
    assert "coded Funding [13, 33)" in out
    assert spans(db) == [("t1", "Funding", 13, 33, "the mandate")]
    with Project.open(db) as project:
        desk = CoderDesk(project, "anna")
        assert desk.status("t1") == "in_progress"
        assert desk.undo("t1") is not None
        assert desk.codings("t1") == []
        desk.redo("t1")  # back with its memo
    assert spans(db) == [("t1", "Funding", 13, 33, "the mandate")]


def test_codings_remove_takes_out_one_coding_and_undo_brings_it_back(db: str) -> None:
    for start, end in ((13, 33), (0, 5)):
        assert run("codings", "add", "-p", db, "--coder", "anna", "t1", str(start), str(end),
                   "Legitimation/Normative claims")[0] == 0  # fmt: skip
    code, out, err = run(
        "codings", "remove", "-p", db, "--coder", "anna", "t1", "13", "33", "Normative claims"
    )
    assert code == 0, err
    assert out == "removed Legitimation/Normative claims [13, 33) in t1\n"
    assert spans(db) == [("t1", "Legitimation/Normative claims", 0, 5, "")]
    with Project.open(db) as project:
        CoderDesk(project, "anna").undo("t1")
    assert len(spans(db)) == 2


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("t1", "13", "5000", "Funding"), ["END 5000", "outside 't1'"]),
        (("--", "t1", "-1", "5", "Funding"), ["START -1", "outside 't1'"]),
        (("t1", "20", "10", "Funding"), ["END 10", "after START 20"]),
        (("t9", "0", "5", "Funding"), ["'t9'"]),
        (("t1", "0", "5", "Nothing"), ["'Nothing'"]),
    ],
)
def test_codings_add_refuses_bad_input_in_one_line_and_changes_nothing(
    db: str, args: tuple[str, ...], words: list[str]
) -> None:
    with Project.open(db) as project:
        before = project.row_counts()
    refused(run("codings", "add", "-p", db, "--coder", "anna", *args), *words)
    with Project.open(db) as project:
        assert project.row_counts() == before


def test_codings_remove_of_a_coding_that_is_not_there_is_refused(db: str) -> None:
    refused(
        run("codings", "remove", "-p", db, "--coder", "anna", "t1", "0", "5", "Funding"),
        "no coding of 'Funding' on [0, 5)",
    )
    refused(
        run("codings", "remove", "-p", db, "--coder", "anna", "t1", "0", "999", "Funding"),
        "END 999",
    )


def test_codebook_add_creates_a_code_with_key_colour_and_definition(db: str) -> None:
    code, out, err = run(
        "codebook", "add", "-p", db, "Funding/Earmarking", "--key", "E", "--colour", "#112233",
        "--description", "Donor conditions.", "--why", "seen in t2",
    )  # fmt: skip
    assert (code, out) == (0, "added Funding/Earmarking [E]\n"), err
    with Project.open(db) as project:
        added = next(c for c in service.codes(project) if c.path == "Funding/Earmarking")
        assert (added.key, added.colour, added.description) == ("E", "#112233", "Donor conditions.")
        assert project.events("codebook.create")[-1].why == "seen in t2"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("Funding",), ["'Funding' exists already"]),
        (("Nowhere/Child",), ["'Nowhere'"]),
        (("New", "--key", "L"), ["key 'L'", "taken"]),
        (("New", "--key", "c"), ["key 'c'", "command"]),
        (("New", "--colour", "red"), ["colour 'red'"]),
    ],
)
def test_codebook_add_refuses_bad_input(db: str, args: tuple[str, ...], words: list[str]) -> None:
    with Project.open(db) as project:
        before = project.row_counts()
    refused(run("codebook", "add", "-p", db, *args), *words)
    with Project.open(db) as project:
        assert project.row_counts() == before


def split_ready(db: str) -> None:
    """Three codings of Funding: two passages about mandate, one about states."""
    for coder, start, end in (("anna", 13, 33), ("ben", 13, 33), ("anna", 47, 75)):
        args = ("codings", "add", "-p", db, "--coder", coder, "t1", str(start), str(end))
        assert run(*args, "Funding")[0] == 0


def by_code(db: str) -> dict[str, list[tuple[str, int]]]:
    with Project.open(db) as project:
        found: dict[str, list[tuple[str, int]]] = {}
        for c in project.codings():
            found.setdefault(c.code, []).append((c.coder, c.start))
        return found


def test_split_moves_the_codings_a_pattern_matches_and_keeps_the_rest(db: str) -> None:
    split_ready(db)
    code, out, err = run(
        "codebook", "split", "-p", db, "Funding", "Mandate", "--move-if", "MANDATE",
        "--why", "two meanings",
    )  # fmt: skip
    assert (code, out) == (0, "split Funding into Mandate: 2 codings moved, 1 stayed\n"), err
    assert by_code(db) == {"Mandate": [("anna", 13), ("ben", 13)], "Funding": [("anna", 47)]}
    with Project.open(db) as project:
        desk = CoderDesk(project, "anna")
        desk.undo("t1")  # the coding of [47, 75) was anna's last action
        desk.undo("t1")  # then [13, 33), now on Mandate: the undo follows it
    assert by_code(db) == {"Mandate": [("ben", 13)]}
    log = run("codebook", "log", "-p", db, "--code", "Mandate")[1]
    assert "codebook.split  Funding" in log and log.endswith("why: two meanings\n")


def test_split_moves_the_codings_a_file_names(db: str, tmp_path: Path) -> None:
    split_ready(db)
    chosen = tmp_path / "chosen.csv"
    chosen.write_text("transcript,coder,start,end\nt1,ben,13,33\n", encoding="utf-8")
    result = run("codebook", "split", "-p", db, "Funding", "Legitimation/Donors",
                 "--codings-from", str(chosen), "--why", "ben saw donors")  # fmt: skip
    assert result[0] == 0, result
    assert by_code(db) == {
        "Funding": [("anna", 13), ("anna", 47)],
        "Legitimation/Donors": [("ben", 13)],
    }


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("Funding", "Other", "--move-if", "nowhere"), ["--move-if 'nowhere'", "matches none"]),
        (("Funding", "Other", "--move-if", "("), ["--move-if", "regular expression"]),
        (("Funding", "Other"), ["--move-if PATTERN or --codings-from FILE"]),
        (("Funding", "Legitimation", "--move-if", "a"), ["'Legitimation' exists"]),
        (("Nothing", "Other", "--move-if", "a"), ["'Nothing'"]),
        (("Funding", "Other", "--codings-from", "chosen.csv"), ["chosen.csv:3:", "no coding"]),
    ],
)
def test_split_refuses_bad_input_and_changes_nothing(
    db: str, tmp_path: Path, args: tuple[str, ...], words: list[str]
) -> None:
    split_ready(db)
    chosen = tmp_path / "chosen.csv"
    chosen.write_text("transcript,coder,start,end\nt1,ben,13,33\nt1,ben,47,75\n", "utf-8")
    args = tuple(str(chosen) if a == "chosen.csv" else a for a in args)
    with Project.open(db) as project:
        before = project.row_counts()
    refused(run("codebook", "split", "-p", db, *args, "--why", "w"), *words)
    with Project.open(db) as project:
        assert project.row_counts() == before


def history(db: str) -> list[tuple[str, str, str | None, str | None]]:
    with Project.open(db) as project:
        return [(c.path, c.status, c.merged_into, c.key) for c in service.codes(project)]


def test_yaml_export_marks_retired_and_merged_codes_and_a_load_restores_them(
    db: str, tmp_path: Path
) -> None:
    assert run("codebook", "merge", "-p", db, "Legitimation/Operational performance",
               "Legitimation/Normative claims", "--why", "one idea")[0] == 0  # fmt: skip
    assert run("codebook", "retire", "-p", db, "Protection DNA/Comparison with UNHCR",
               "--why", "unused")[0] == 0  # fmt: skip
    assert run("codebook", "retire", "-p", db, "Protection DNA", "--why", "unused")[0] == 0
    out = tmp_path / "codebook.yaml"
    assert run("codebook", "export", "-p", db, "--out", str(out))[0] == 0
    text = out.read_text(encoding="utf-8")
    assert "status: merged\n" in text and "merged_into: Legitimation/Normative claims\n" in text
    copy = str(tmp_path / "copy.db")
    assert run("init", "-p", copy)[0] == 0
    result = run("codebook", "load", "-p", copy, str(out))
    assert result[0] == 0, result
    assert history(copy) == history(db)
    assert ("Protection DNA", "retired", None, None) in history(copy)
    again = run("codebook", "load", "-p", db, str(out))  # loads onto itself: nothing changes
    assert again[0] == 0, again
    assert history(copy) == history(db)


def test_a_load_does_not_retire_a_code_the_project_uses(db: str, tmp_path: Path) -> None:
    assert run("codings", "add", "-p", db, "--coder", "anna", "t1", "0", "5", "Funding")[0] == 0
    out = tmp_path / "codebook.yaml"
    assert run("codebook", "export", "-p", db, "--out", str(out))[0] == 0
    text = out.read_text(encoding="utf-8").replace("  key: F\n", "  status: retired\n")
    out.write_text(text, encoding="utf-8")
    before = history(db)
    refused(run("codebook", "load", "-p", db, str(out)), "'Funding' is active", "retire")
    assert history(db) == before
    broken = text.replace("status: retired", "status: merged\n    merged_into: Nowhere")
    out.write_text(broken, encoding="utf-8")
    copy = str(tmp_path / "copy.db")
    assert run("init", "-p", copy)[0] == 0
    refused(run("codebook", "load", "-p", copy, str(out)), "'Nowhere'")


def test_memo_undo_and_redo_of_a_coding_through_the_cli(db: str) -> None:
    assert run("codings", "add", "-p", db, "--coder", "anna", "t1", "13", "33", "Funding")[0] == 0
    result = run("codings", "memo", "-p", db, "--coder", "anna", "t1", "13", "33", "Funding", "m1")
    assert result[0] == 0, result
    assert spans(db) == [("t1", "Funding", 13, 33, "m1")]
    assert run("codings", "undo", "-p", db, "--coder", "anna", "t1")[1] == (
        "undid memo on Funding [13, 33): now empty\n"
    )
    assert spans(db) == [("t1", "Funding", 13, 33, "")]
    assert run("codings", "redo", "-p", db, "--coder", "anna", "t1")[0] == 0
    assert spans(db) == [("t1", "Funding", 13, 33, "m1")]
    assert run("codings", "redo", "-p", db, "--coder", "anna", "t1")[1] == "nothing to redo\n"
    refused(run("codings", "undo", "-p", db, "--coder", "anna", "t9"), "'t9'")


def test_transcript_memo_through_the_cli(db: str) -> None:
    assert run("transcripts", "memo", "-p", db, "--coder", "anna", "t1", "long")[0] == 0
    with Project.open(db) as project:
        assert CoderDesk(project, "anna").transcript_memo("t1") == "long"
    refused(run("transcripts", "memo", "-p", db, "--coder", "anna", "t9", "x"), "'t9'")


def test_codebook_edit_changes_only_what_is_given(db: str) -> None:
    result = run("codebook", "edit", "-p", db, "Funding", "--colour", "#00ff00", "--why", "see")
    assert result[:2] == (0, "edited Funding\n"), result
    with Project.open(db) as project:
        funding = service.code_info(project, "Funding")
    assert (funding.key, funding.colour) == ("F", "#00ff00")
    refused(run("codebook", "edit", "-p", db, "Funding", "--key", "L", "--why", "w"), "key 'L'")
