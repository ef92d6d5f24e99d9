"""Transcripts renamed and removed, coders' status and the log, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_project import make_project, refused, run
from workbench.coding.desk import CoderDesk
from workbench.coding.progress import statuses
from workbench.store.project import Project


@pytest.fixture
def db(tmp_path: Path, location: str) -> str:
    """On SQLite and on PostgreSQL: removal deletes rows of many tables."""
    return make_project(tmp_path, location)


def code(db: str, coder: str, transcript: str, start: int, end: int, code: str) -> None:
    args = ("codings", "add", "-p", db, "--coder", coder, transcript, str(start), str(end), code)
    assert run(*args)[0] == 0


def test_rename_keeps_codings_and_statuses_with_the_transcript(db: str) -> None:
    code(db, "anna", "t1", 13, 33, "Funding")
    result = run("transcripts", "rename", "-p", db, "t1", "iom_01")
    assert result[:2] == (0, "renamed t1 to iom_01\n"), result
    with Project.open(db) as project:
        assert [t.name for t in project.transcripts()] == ["iom_01", "t2"]
        assert [(c.transcript, c.code) for c in project.codings()] == [("iom_01", "Funding")]
        assert statuses(project, "anna")["iom_01"] == "in_progress"
        assert json.loads(project.events("transcript.rename")[-1].detail) == {"to": "iom_01"}


@pytest.mark.parametrize(
    ("args", "words"),
    [(("t9", "x"), ["'t9'"]), (("t1", "t2"), ["NEW", "'t2' exists"]), (("t1", " "), ["NEW"])],
)
def test_rename_refuses_bad_names(db: str, args: tuple[str, ...], words: list[str]) -> None:
    with Project.open(db) as project:
        before = project.row_counts()
    refused(run("transcripts", "rename", "-p", db, *args), *words)
    with Project.open(db) as project:
        assert project.row_counts() == before


def test_remove_takes_out_a_stray_transcript_and_logs_why(db: str) -> None:
    result = run("transcripts", "remove", "-p", db, "t2", "--why", "allowlist.txt came with a glob")
    assert result[:2] == (0, "removed t2\n"), result
    with Project.open(db) as project:
        assert [t.name for t in project.transcripts()] == ["t1"]
        event = project.events("transcript.remove")[-1]
        assert (event.target, event.why) == ("t2", "allowlist.txt came with a glob")


def test_remove_is_refused_while_coded_and_keeps_the_codings_in_the_log(db: str) -> None:
    code(db, "anna", "t1", 13, 33, "Funding")
    with Project.open(db) as project:
        CoderDesk(project, "anna").set_transcript_memo("t1", "a long answer")
        before = project.row_counts()
    refused(
        run("transcripts", "remove", "-p", db, "t1", "--why", "duplicate"),
        "NAME", "1 coding(s) by anna", "--with-codings",
    )  # fmt: skip
    with Project.open(db) as project:
        assert project.row_counts() == before
    result = run("transcripts", "remove", "-p", db, "t1", "--why", "duplicate", "--with-codings")
    assert result[:2] == (0, "removed t1 with 1 coding\n"), result
    with Project.open(db) as project:
        counts = project.row_counts()
        assert (counts["coding"], counts["coding_action"], counts["memo"]) == (0, 0, 0)
        assert counts["coder_status"] == 0
        record = json.loads(project.events("transcript.remove")[-1].detail)
    assert record["codings"] == [
        {
            "coder": "anna", "code": "Funding", "code_guid": record["codings"][0]["code_guid"],
            "start": 13, "end": 33, "text": "What is the mandate?", "memo": "",
        }
    ]  # fmt: skip
    assert record["memos"] == [{"coder": "anna", "code": None, "text": "a long answer"}]


def test_remove_of_an_unknown_transcript_is_one_line(db: str) -> None:
    refused(run("transcripts", "remove", "-p", db, "t9", "--why", "gone"), "'t9'")


def test_status_counts_each_coders_transcripts_and_codings(db: str) -> None:
    code(db, "anna", "t1", 13, 33, "Funding")
    code(db, "anna", "t1", 0, 5, "Funding")
    code(db, "ben", "t2", 0, 5, "Funding")
    assert run("transcripts", "mark", "-p", db, "--coder", "ben", "t2")[0] == 0
    code_, out, err = run("status", "-p", db)
    assert code_ == 0, err
    assert [line.split() for line in out.splitlines()] == [
        ["coder", "not", "started", "in", "progress", "done", "codings"],
        ["anna", "1", "1", "0", "2"],
        ["ben", "1", "0", "1", "1"],
    ]
    out = run("status", "-p", db, "--coder", "anna")[1]
    assert [line.split() for line in out.splitlines()][1:] == [
        ["t1", "in", "progress", "2"],
        ["t2", "not", "started", "0"],
    ]
    refused(run("status", "-p", db, "--coder", "zoe"), "--coder", "'zoe'")


def test_mark_sets_any_status_back_and_forth(db: str) -> None:
    for status in ("done", "not_started", "in_progress"):
        result = run("transcripts", "mark", "-p", db, "--coder", "anna", "t1", "--status", status)
        assert result[0] == 0, result
        with Project.open(db) as project:
            assert statuses(project, "anna")["t1"] == status


def test_log_lists_every_action_filtered_by_coder_and_date(db: str) -> None:
    code(db, "anna", "t1", 13, 33, "Funding")
    code(db, "ben", "t2", 0, 5, "Funding")
    assert run("codebook", "rename", "-p", db, "Funding", "Money", "--why", "plainer")[0] == 0
    assert run("transcripts", "mark", "-p", db, "--coder", "ben", "t2")[0] == 0
    out = run("log", "-p", db)[1]
    actions = [line.split("  ")[2] for line in out.splitlines()]
    assert actions == [
        "project.init", "transcripts.import", "codebook.load", "coding.apply", "coding.apply",
        "codebook.rename", "status.set",
    ]  # fmt: skip
    ben = run("log", "-p", db, "--coder", "ben")[1].splitlines()
    assert [line.split("  ")[2] for line in ben] == ["coding.apply", "status.set"]
    assert "t2 [0, 5)" in ben[0]
    assert run("log", "-p", db, "--since", "2999-01-01")[1] == "nothing logged\n"
    with Project.open(db) as project:
        first = project.events()[0].at
    assert len(run("log", "-p", db, "--since", f"{first:%Y-%m-%d}")[1].splitlines()) == 7
    code_, _out, err = run("log", "-p", db, "--since", "yesterday")
    assert code_ == 2 and "--since" in err


def test_codebook_log_follows_a_code_through_its_renames(db: str) -> None:
    assert run("codebook", "rename", "-p", db, "Funding", "Money", "--why", "plainer")[0] == 0
    assert run("codebook", "move", "-p", db, "Money", "--under", "Legitimation",
               "--why", "it is about legitimacy")[0] == 0  # fmt: skip
    assert run("codebook", "retire", "-p", db, "Protection DNA/Comparison with UNHCR",
               "--why", "unused")[0] == 0  # fmt: skip
    code_, out, err = run("codebook", "log", "-p", db, "--code", "Legitimation/Money")
    assert code_ == 0, err
    lines = out.splitlines()
    assert [line.split("  ")[2:4] for line in lines] == [
        ["codebook.rename", "Funding"],
        ["codebook.move", "Money"],
    ]
    assert lines[0].endswith("why: plainer")
    every = run("codebook", "log", "-p", db)[1].splitlines()
    assert [line.split("  ")[2] for line in every] == [
        "codebook.load", "codebook.rename", "codebook.move", "codebook.retire",
    ]  # fmt: skip
    refused(run("codebook", "log", "-p", db, "--code", "Nothing"), "'Nothing'")


def test_import_of_a_file_without_speaker_turns_asks_for_no_turns(tmp_path: Path) -> None:
    db = str(tmp_path / "p.db")
    assert run("init", "-p", db)[0] == 0
    (tmp_path / "t1.txt").write_text("Interviewer: Why?\n\nRespondent: Because.\n", "utf-8")
    (tmp_path / "allowlist.txt").write_text("Geneva\nBern\n", encoding="utf-8")
    files = [str(tmp_path / "t1.txt"), str(tmp_path / "allowlist.txt")]
    refused(run("import", "-p", db, *files), "no speaker turns in", "allowlist.txt", "--no-turns")
    with Project.open(db) as project:
        assert project.transcripts() == []
    result = run("import", "-p", db, *files, "--no-turns")
    assert result[0] == 0, result
    with Project.open(db) as project:
        assert [t.name for t in project.transcripts()] == ["allowlist", "t1"]
