"""Multi-item commands are all or nothing, and undo after a codebook merge follows the coding
(or says why it cannot) instead of reporting a change it did not make."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.coding.progress import statuses
from workbench.coding.status import set_statuses
from workbench.errors import ProjectError
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = "Interviewer: What is the mandate?\n\nRespondent: We deliver what states ask.\n"


def test_mark_with_an_unknown_name_marks_nothing(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        before_counts, before = project.row_counts(), statuses(project, "anna")
    assert before["ex_02"] != "not_started" and before["hr_05"] != "not_started"
    mark = ["transcripts", "mark", "-p", sample_db, "--coder", "anna", "--status", "not_started"]
    result = CliRunner().invoke(main, [*mark, "ex_02", "hr_05", "nosuch", "nor_this"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert "'nosuch', 'nor_this'" in result.stderr and "nothing was marked" in result.stderr
    with Project.open(sample_db) as project:
        assert statuses(project, "anna") == before
        assert project.row_counts() == before_counts


def test_mark_sets_every_name_in_one_go(sample_db: str) -> None:
    result = CliRunner().invoke(
        main,
        ["transcripts", "mark", "-p", sample_db, "--coder", "dora", "ex_02", "hr_05", "ex_02"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "dora: 2 transcripts done\n"
    with Project.open(sample_db) as project:
        marked = statuses(project, "dora")
        assert marked["ex_02"] == marked["hr_05"] == "done"
        assert {status for name, status in marked.items() if name not in ("ex_02", "hr_05")} == {
            "not_started"
        }


def test_a_new_coder_is_not_added_by_a_refused_mark(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        with pytest.raises(ProjectError, match="no transcript named 'nosuch'"):
            set_statuses(project, ["ex_02", "nosuch"], "newcomer", "done")
        assert "newcomer" not in project.coders()


@pytest.fixture
def ready(project: Project, tmp_path: Path) -> Project:
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    source = tmp_path / "t1.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, [source])
    return project


def spans(project: Project) -> list[tuple[str, int, int, str]]:
    return [(c.code, c.start, c.end, c.memo) for c in project.codings(coders=["anna"])]


def test_undo_and_redo_follow_a_coding_into_the_code_it_was_merged_into(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 0, 5)
    anna.set_memo(coding.id, "money")
    service.merge(ready, "Funding", "Protection DNA", why="one theme")
    assert spans(ready) == [("Protection DNA", 0, 5, "money")]

    undone = anna.undo("t1")
    assert undone is not None
    assert undone.describe("undid") == "undid memo on Protection DNA [0, 5): now empty"
    assert spans(ready) == [("Protection DNA", 0, 5, "")]
    undone = anna.undo("t1")
    assert undone is not None
    assert undone.describe("undid") == "undid coding of Protection DNA [0, 5)"
    assert spans(ready) == []
    redone = anna.redo("t1")
    assert redone is not None and redone.why_not == ""
    assert spans(ready) == [("Protection DNA", 0, 5, "")]


def test_undo_after_a_merge_folded_a_twin_acts_once_on_the_coding_left(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    anna.apply("t1", "Protection DNA", 0, 5)
    anna.apply("t1", "Funding", 0, 5)  # the twin the merge folds into the first
    service.merge(ready, "Funding", "Protection DNA", why="one theme")
    assert spans(ready) == [("Protection DNA", 0, 5, "")]
    undone = anna.undo("t1")
    assert undone is not None and undone.why_not == ""
    assert spans(ready) == []
    assert anna.undo("t1") is None  # the folded twin's history went with it


def test_undo_that_can_change_nothing_says_why_and_moves_on(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    mine = anna.apply("t1", "Protection DNA", 0, 5)
    anna.apply("t1", "Funding", 0, 5)
    anna.remove(mine.id)  # the Funding coding is left; the merge moves it onto the span
    service.merge(ready, "Funding", "Protection DNA", why="one theme")
    assert spans(ready) == [("Protection DNA", 0, 5, "")]

    undone = anna.undo("t1")  # the removal: the passage has the code again already
    assert undone is not None
    assert undone.describe("undid") == (
        "undid nothing (the passage has that code from you already): "
        "removal of Protection DNA [0, 5)"
    )
    assert spans(ready) == [("Protection DNA", 0, 5, "")]
    undone = anna.undo("t1")  # the (moved) Funding application: its coding goes
    assert undone is not None and undone.why_not == ""
    assert spans(ready) == []
    undone = anna.undo("t1")  # the first application: nothing left to remove
    assert undone is not None and undone.describe("undid").startswith("undid nothing (")
    assert anna.undo("t1") is None


def test_undo_follows_a_merge_that_an_older_workbench_left_in_the_history(
    ready: Project,
) -> None:
    """Projects merged before the history moved along keep the merged code's id in it."""
    from sqlalchemy import text

    anna = CoderActions(ready, "anna")
    anna.apply("t1", "Funding", 0, 5)
    funding = next(code.id for code in service.codes(ready) if code.path == "Funding")
    service.merge(ready, "Funding", "Protection DNA", why="one theme")
    with ready.engine.begin() as connection:
        connection.execute(text("UPDATE coding_action SET code_id = :c"), {"c": funding})
    undone = anna.undo("t1")
    assert undone is not None
    assert undone.describe("undid") == "undid coding of Protection DNA [0, 5)"
    assert spans(ready) == []
    assert anna.redo("t1") is not None
    assert spans(ready) == [("Protection DNA", 0, 5, "")]
