"""Anonymising what is stored already: `anonymise replace` and `anonymise purge`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.errors import AnonymisationError
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
INTERVIEW = "Interviewer: Who came?\n\nRespondent: Ana came, then Ana Lima and the team came.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def coded(location: str, tmp_path: Path) -> Path:
    """A project with one transcript and two codings: one after the name, one inside it."""
    path = tmp_path / "ms_01.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    with Project.init(location, actor="tester") as project:
        service.load(project, load_codebook(CODEBOOK), "small.yaml")
        import_transcripts(project, [path])
        actions = CoderActions(project, "ana")
        after = INTERVIEW.index("and the team")
        actions.apply("ms_01", "Funding", after, after + len("and the team"))
        inside = INTERVIEW.index("Lima")
        actions.apply("ms_01", "Legitimation", inside, inside + 2)
    return tmp_path


def spans(project: Project) -> dict[str, str]:
    stored = project.transcript("ms_01").text
    return {c.code: stored[c.start : c.end] for c in project.codings()}


def test_replace_moves_codings_reports_cut_ones_and_logs_no_word(
    location: str, coded: Path
) -> None:
    code, out, err = run("anonymise", "replace", "-p", location, "ana lima", "Official X")
    assert (code, out) == (0, "ms_01: 1 replaced\n"), err
    assert "inside the word" in err
    with Project.open(location) as project:
        stored = project.transcript("ms_01").text
        assert stored.endswith("Ana came, then [Official X] and the team came.\n")
        assert spans(project) == {"Funding": "and the team", "Legitimation": "[Official X]"}
        (event,) = project.events("anonymise.replace")
        assert "lima" not in (event.target + event.detail).lower()
        with project.session() as session:
            logged = session.execute(text("SELECT replacement, count FROM anonymisation_log"))
            assert logged.all() == [("Official X", 1)]


def test_replace_of_a_word_in_no_transcript_changes_nothing(location: str, coded: Path) -> None:
    with Project.open(location) as project:
        before = project.row_counts(), project.transcript("ms_01").text
    code, out, err = run("anonymise", "replace", "-p", location, "Okafor", "Colleague B")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "WORD" in err
    with Project.open(location) as project:
        assert (project.row_counts(), project.transcript("ms_01").text) == before


def test_purge_leaves_no_superseded_memo_in_the_database_file(tmp_path: Path) -> None:
    database = tmp_path / "project.db"
    path = tmp_path / "ms_01.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    with Project.init(str(database), actor="tester") as project:
        service.load(project, load_codebook(CODEBOOK), "small.yaml")
        import_transcripts(project, [path])
        actions = CoderActions(project, "ana")
        coding = actions.apply("ms_01", "Funding", 40, 50)
        actions.set_memo(coding.id, "Ana Lima phoned from Zurich")
        actions.set_memo(coding.id, "a call from a colleague")
    code, _out, err = run("anonymise", "purge", "-p", str(database))
    assert code == 0, err
    data = b"".join(p.read_bytes() for p in tmp_path.glob("project.db*"))
    assert b"Zurich" not in data
    assert b"a call from a colleague" in data
    with Project.open(str(database)) as project:
        (event,) = project.events("anonymise.purge")
        assert "Zurich" not in event.detail
        (kept,) = project.codings()
        assert kept.memo == "a call from a colleague"


def test_a_memo_with_an_identifier_is_refused_and_changes_nothing(
    location: str, coded: Path
) -> None:
    with Project.open(location) as project:
        actions = CoderActions(project, "ana")
        coding = project.codings()[0]
        before = project.row_counts()
        for refused in (
            lambda: actions.set_memo(coding.id, "she wrote from ana.lima@example.org"),
            lambda: actions.set_transcript_memo("ms_01", "call her on +41 22 717 91 11"),
        ):
            with pytest.raises(AnonymisationError, match=r"^memo: the memo holds"):
                refused()
        assert project.row_counts() == before
        assert project.codings()[0].memo == ""


def test_purge_keeps_the_live_memo_and_drops_superseded_ones_on_either_store(
    location: str, coded: Path
) -> None:
    with Project.open(location) as project:
        actions = CoderActions(project, "ana")
        coding = project.codings()[0]
        actions.set_memo(coding.id, "first thoughts on Lima")
        actions.set_memo(coding.id, "settled")
    code, out, err = run("anonymise", "purge", "-p", location)
    assert code == 0 and "purged" in out, err
    with Project.open(location) as project, project.session() as session:
        history = session.execute(text("SELECT memo_before, memo_after FROM coding_action"))
        assert "first thoughts on Lima" not in str(history.all())
        assert project.codings()[0].memo == "settled"


@pytest.mark.parametrize("args", [("", "Official X"), ("Ana", " ")])
def test_replace_with_a_blank_argument_is_one_line(
    location: str, coded: Path, args: tuple[str, str]
) -> None:
    code, out, err = run("anonymise", "replace", "-p", location, *args)
    assert (code, out) == (2, "") and len(err.strip().splitlines()) == 1
    assert "cannot be blank" in err


def test_replace_on_postgresql_rewrites_every_table_it_may_have_changed(
    location: str, coded: Path
) -> None:
    # VACUUM FULL writes a table into a new file: the dead row versions holding the old word
    # (a transcript's text, its utterances, a memo...) go with the old one.
    if not location.startswith("postgresql"):
        pytest.skip("SQLite's VACUUM rewrites the whole file; the byte audit covers it")
    rewritten = ("transcript", "utterance", "memo", "code", "coder", "attribute", "event")

    def files() -> dict[str, int]:
        with Project.open(location) as project, project.session() as session:
            return {
                name: session.execute(text(f"SELECT pg_relation_filenode('{name}')")).scalar_one()
                for name in rewritten
            }

    before = files()
    code, _, err = run("anonymise", "replace", "-p", location, "ana lima", "Official X")
    assert code == 0, err
    after = files()
    assert [name for name in rewritten if after[name] == before[name]] == []


def test_replace_failing_midway_changes_nothing(
    location: str, coded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.anonymise.replace as replacing

    with Project.open(location) as project:
        before = project.row_counts(), project.transcript("ms_01").text, spans(project)

    def crash(*args: object) -> None:  # after every transcript and field was rewritten
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(replacing, "drop_allowed", crash)
    code, _, err = run("anonymise", "replace", "-p", location, "ana lima", "Official X")
    assert code == 1 and "internal error" in err
    with Project.open(location) as project:
        after = project.row_counts(), project.transcript("ms_01").text, spans(project)
        assert after == before
        assert project.events("anonymise.replace") == []


def test_replace_says_so_when_a_reader_keeps_old_pages_in_the_file(
    sqlite_location: str, tmp_path: Path
) -> None:
    import sqlite3

    from workbench.sample.study import build_sample_project

    build_sample_project(sqlite_location)
    reader = sqlite3.connect(sqlite_location, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM transcript").fetchone()  # the TUI open elsewhere
    try:
        code, _, err = run("anonymise", "replace", "-p", sqlite_location, "UNHCR", "Agency A")
    finally:
        reader.close()
    assert code == 2 and err.count("\n") == 1 and "anonymise purge" in err, err
    code, _, err = run("anonymise", "purge", "-p", sqlite_location)
    assert code == 0, err
    assert b"UNHCR" not in Path(sqlite_location).read_bytes()


def test_replace_reaches_an_auto_coding_runs_label(sqlite_location: str) -> None:
    from workbench.sample.study import build_sample_project

    build_sample_project(sqlite_location)
    run("codebook", "add", "-p", sqlite_location, "Legitimation/Agencies")
    autocode = ["autocode", "-p", sqlite_location, "--coder", "anna", "--code", "Agencies"]
    code, _, err = run(*autocode, "--pattern", "UNHCR", "--unit", "sentence", "--apply")
    assert code == 0, err
    code, _, err = run("anonymise", "replace", "-p", sqlite_location, "UNHCR", "Agency A")
    assert code == 0, err
    code, out, err = run("undo", "-p", sqlite_location, "--coder", "anna")
    assert code == 0 and "[Agency A]" in out and "UNHCR" not in out, out + err
    assert b"UNHCR" not in Path(sqlite_location).read_bytes()
