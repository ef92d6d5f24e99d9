"""`workbench log` keeps every coding action for good: past undo, a new action and a removal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli_project import make_project, run
from workbench.anonymise.replace import purge_memo_history
from workbench.coding.actions import CoderActions
from workbench.store.project import Project


@pytest.fixture
def db(tmp_path: Path, location: str) -> str:
    return make_project(tmp_path, location)


def logged(db: str, *args: str) -> list[str]:
    """The log's lines from `coding.` on: action and target."""
    code, out, err = run("log", "-p", db, *args)
    assert code == 0, err
    fields = [line.split("  ") for line in out.splitlines()]
    return [f"{f[2]} {f[3]}" for f in fields if len(f) > 3 and f[2].startswith("coding.")]


def test_an_undone_action_overtaken_by_a_new_one_stays_in_the_log(db: str) -> None:
    with Project.open(db) as project:
        anna = CoderActions(project, "anna")
        anna.apply("t1", "Funding", 0, 5)
        assert anna.undo("t1") is not None
        anna.apply("t1", "Funding", 13, 33)  # drops the undone action from the history
        anna.set_transcript_memo("t1", "cautious")
    assert logged(db) == [
        "coding.apply t1 [0, 5)",
        "coding.undo t1 [0, 5)",
        "coding.apply t1 [13, 33)",
        "coding.memo t1 [0, 0)",
    ]
    assert logged(db, "--coder", "ben") == []


def test_a_removed_transcripts_coding_actions_stay_in_the_log(db: str) -> None:
    args = ("codings", "add", "-p", db, "--coder", "anna", "t2", "0", "5", "Funding")
    assert run(*args)[0] == 0
    assert run("codings", "remove", "-p", db, "--coder", "anna", "t2", "0", "5", "Funding")[0] == 0
    assert run("transcripts", "remove", "-p", db, "t2", "--why", "a stray file")[0] == 0
    assert logged(db, "--coder", "anna") == ["coding.apply t2 [0, 5)", "coding.remove t2 [0, 5)"]


def test_purge_takes_memo_text_out_of_the_log_too(db: str) -> None:
    with Project.open(db) as project:
        anna = CoderActions(project, "anna")
        coding = anna.apply("t1", "Funding", 0, 5, memo="first thought")
        anna.set_memo(coding.id, "second thought")
        purge_memo_history(project)
        details = [json.loads(e.detail) for e in project.events("coding.")]
        assert details == [{"code": "Funding"}, {"code": "Funding"}]
        assert project.codings()[0].memo == "second thought"  # the live memo stays


def test_an_older_projects_history_is_copied_into_the_log_by_the_migration(tmp_path: Path) -> None:
    from alembic import command

    from workbench.store.engine import _alembic_config

    db = make_project(tmp_path)
    with Project.open(db) as project:
        anna = CoderActions(project, "anna")
        anna.apply("t1", "Legitimation/Normative claims", 0, 5)
        anna.apply("t1", "Funding", 13, 33)
        assert anna.undo("t1") is not None
        command.downgrade(_alembic_config(project.engine), "0005")
        with project.engine.begin() as connection:
            assert (
                connection.execute(
                    text("SELECT count(*) FROM event WHERE action LIKE 'coding.%'")
                ).scalar()
                == 0
            )
        command.upgrade(_alembic_config(project.engine), "head")
        events = project.events("coding.")
    assert [(e.action, e.target, json.loads(e.detail)["code"], e.why) for e in events] == [
        ("coding.apply", "t1 [0, 5)", "Legitimation/Normative claims", ""),
        ("coding.apply", "t1 [13, 33)", "Funding", "(undone)"),
    ]
