"""Coding actions: apply, remove, memo, and undo/redo kept in the store across sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.coding.progress import statuses
from workbench.errors import CodingError, WorkbenchError
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = "Interviewer: What is the mandate?\n\nRespondent: We deliver what states ask.\n"


@pytest.fixture
def ready(project: Project, tmp_path: Path) -> Project:
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    source = tmp_path / "t1.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, [source])
    return project


def spans(project: Project, coder: str = "anna") -> list[tuple[str, int, int, str]]:
    return [(c.code, c.start, c.end, c.memo) for c in project.codings(coders=[coder])]


def test_apply_remove_and_memo_are_committed_at_once(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 13, 33)
    assert coding.code == "Funding"
    assert spans(ready) == [("Funding", 13, 33, "")]
    assert statuses(ready, "anna")["t1"] == "in_progress"
    anna.set_memo(coding.id, "states as clients")
    assert spans(ready) == [("Funding", 13, 33, "states as clients")]
    anna.remove(coding.id)
    assert spans(ready) == []


def test_undo_and_redo_walk_the_history_and_survive_a_restart(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    first = anna.apply("t1", "Funding", 0, 5)
    second = anna.apply("t1", "Normative claims", 6, 10)
    anna.set_memo(second.id, "memo")
    anna.remove(first.id)
    assert spans(ready) == [("Legitimation/Normative claims", 6, 10, "memo")]

    again = CoderActions(ready, "anna")  # a new start: the history is in the store
    assert again.undo("t1").describe("undid") == "undid removal of Funding [0, 5)"
    assert again.undo("t1").kind == "memo"
    assert spans(ready) == [("Funding", 0, 5, ""), ("Legitimation/Normative claims", 6, 10, "")]
    assert again.undo("t1").kind == "apply"
    assert again.undo("t1").kind == "apply"
    assert again.undo("t1") is None
    assert spans(ready) == []
    assert again.redo("t1").code == "Funding"
    assert again.redo("t1").code == "Legitimation/Normative claims"
    assert again.redo("t1").kind == "memo"
    assert spans(ready) == [("Funding", 0, 5, ""), ("Legitimation/Normative claims", 6, 10, "memo")]
    # Something new drops what was left to redo.
    again.apply("t1", "Protection DNA", 0, 3)
    assert again.redo("t1") is None


def test_a_coder_changes_only_their_own_codings(ready: Project) -> None:
    coding = CoderActions(ready, "anna").apply("t1", "Funding", 0, 5)
    ben = CoderActions(ready, "ben")
    with pytest.raises(CodingError, match="another coder's"):
        ben.remove(coding.id)
    assert ben.undo("t1") is None
    assert len(ready.codings()) == 1


@pytest.mark.parametrize(
    ("code", "start", "end", "message"),
    [
        ("Funding", 5, 5, "select some text"),
        ("Funding", 0, 9999, "select some text"),
        ("Nothing", 0, 5, "no code 'Nothing'"),
    ],
)
def test_refused_actions_change_nothing(
    ready: Project, code: str, start: int, end: int, message: str
) -> None:
    anna = CoderActions(ready, "anna")
    before = ready.row_counts()
    with pytest.raises(WorkbenchError, match=message):
        anna.apply("t1", code, start, end)
    assert ready.row_counts() == before


def test_undo_never_touches_a_coding_in_another_transcript(ready: Project, tmp_path: Path) -> None:
    (tmp_path / "t2.txt").write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(ready, [tmp_path / "t2.txt"])
    anna = CoderActions(ready, "anna")
    mine = anna.apply("t1", "Funding", 13, 33)
    anna.remove(mine.id)
    # The store may give the freed row id to the next coding, here in another transcript.
    other = anna.apply("t2", "Normative claims", 0, 11)
    anna.undo("t1")  # the removal: the coding comes back (as a new row)
    anna.undo("t1")  # the application: that coding goes, and only that one
    assert [(c.transcript, c.code) for c in ready.codings(coders=["anna"])] == [
        ("t2", "Legitimation/Normative claims")
    ]
    assert ready.codings(coders=["anna"])[0].start == other.start


def test_undo_and_redo_do_not_bring_back_a_retired_code(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    anna.apply("t1", "Comparison with UNHCR", 0, 5)
    anna.undo("t1")
    service.retire(ready, "Comparison with UNHCR", why="rare")
    redone = anna.redo("t1")
    assert redone is not None and redone.describe("redid") == (
        "redid nothing ('Protection DNA/Comparison with UNHCR' is retired): "
        "coding of Protection DNA/Comparison with UNHCR [0, 5)"
    )
    assert spans(ready) == []
    assert anna.redo("t1") is None


@pytest.mark.parametrize("merged", [False, True])
def test_undoing_a_removal_whose_code_was_retired_says_why_and_steps_on(
    ready: Project, merged: bool
) -> None:
    anna = CoderActions(ready, "anna")
    anna.apply("t1", "Funding", 0, 3)
    removed = anna.apply("t1", "Comparison with UNHCR", 0, 5)
    anna.remove(removed.id)
    if merged:  # the removed coding's code merged into one that is retired since
        service.merge(ready, "Comparison with UNHCR", "Normative claims", why="too close")
        service.retire(ready, "Normative claims", why="rare")
        retired = "Legitimation/Normative claims"
    else:
        service.retire(ready, "Comparison with UNHCR", why="rare")
        retired = "Protection DNA/Comparison with UNHCR"
    before = ready.row_counts()
    undone = anna.undo("t1")
    assert undone is not None and undone.describe("undid") == (
        f"undid nothing ('{retired}' is retired): removal of {retired} [0, 5)"
    )
    assert ready.row_counts()["coding"] == before["coding"]
    # The history moves on: the next undo reaches the action before it ...
    assert anna.undo("t1").describe("undid") == (
        f"undid nothing (the coding is gone): coding of {retired} [0, 5)"
    )
    assert anna.undo("t1").describe("undid") == "undid coding of Funding [0, 3)"
    assert anna.undo("t1") is None
    assert spans(ready) == []
    # ... and redo walks it again, never coding the retired code.
    assert anna.redo("t1").describe("redid") == "redid coding of Funding [0, 3)"
    assert anna.redo("t1").describe("redid") == (
        f"redid nothing ('{retired}' is retired): coding of {retired} [0, 5)"
    )
    assert anna.redo("t1").describe("redid") == (
        f"redid nothing (the coding is gone): removal of {retired} [0, 5)"
    )
    assert anna.redo("t1") is None
    assert spans(ready) == [("Funding", 0, 3, "")]


def test_retired_codes_and_duplicates_are_refused(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    anna.apply("t1", "Funding", 0, 5)
    with pytest.raises(CodingError, match="already has that code"):
        anna.apply("t1", "Funding", 0, 5)
    service.retire(ready, "Comparison with UNHCR", why="rare")
    with pytest.raises(CodingError, match="is retired"):
        anna.apply("t1", "Comparison with UNHCR", 0, 5)


def test_transcript_memos_are_per_coder(ready: Project) -> None:
    anna, ben = CoderActions(ready, "anna"), CoderActions(ready, "ben")
    assert anna.transcript_memo("t1") == ""
    anna.set_transcript_memo("t1", "first pass done")
    anna.set_transcript_memo("t1", "second pass done")
    assert anna.transcript_memo("t1") == "second pass done"
    assert ben.transcript_memo("t1") == ""


def test_codings_read_while_another_coder_adds_a_code(ready: Project) -> None:
    """The codes are read after the codings: a code created (and used) between the reads of
    another process is then always known."""
    from sqlalchemy import event

    other = Project.open(ready.location)
    anna = CoderActions(other, "anna")
    added: list[str] = []

    def meanwhile(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if added or not statement.lstrip().upper().startswith("SELECT"):
            return  # only after the first read
        added.append("x")
        service.create(other, "Legitimation/In vivo", why="while coding")
        anna.apply("t1", "Legitimation/In vivo", 0, 5)

    event.listen(ready.engine, "after_cursor_execute", meanwhile)
    try:
        listed = [(c.coder, c.code) for c in ready.codings()]
        counts = service.coding_counts(ready)
    finally:
        event.remove(ready.engine, "after_cursor_execute", meanwhile)
        other.close()
    assert added and listed == []  # read before the new coding: no unknown code in it
    assert counts == {"Legitimation/In vivo": {"anna": 1}}


def test_a_coder_joins_the_project_with_their_first_action(ready: Project) -> None:
    typo = CoderActions(ready, "anan")  # a name mistyped at the prompt, then left
    assert typo.codings("t1") == [] and typo.undo("t1") is None
    assert "anan" not in ready.coders()
    with pytest.raises(CodingError):
        typo.apply("t1", "Funding", 5, 5)  # refused: the coder is not added either
    assert "anan" not in ready.coders()
    typo.apply("t1", "Funding", 0, 5)
    assert "anan" in ready.coders()


def test_the_desk_applies_by_code_id_and_reports_progress(ready: Project) -> None:
    from workbench.coding.desk import CoderDesk
    from workbench.coding.labels import transcript_status_label

    desk = CoderDesk(ready, "anna")
    funding = next(code for code in desk.codes() if code.path == "Funding")
    assert desk.status("t1") == "not_started" and desk.progress().status_of("t1") == "not_started"
    applied = desk.apply("t1", funding.id, 13, 33)
    assert (applied.coding.code, applied.status) == ("Funding", "in_progress")
    assert desk.progress().codings == {"t1": 1}
    assert desk.tallies().per_coder == {"anna": 1}
    assert desk.toggle_done("t1") == "done"
    desk.apply("t1", funding.id, 40, 50)  # coding more does not undo "done"
    assert transcript_status_label(desk.status("t1")) == "done"
    assert desk.document("t1").text[13:33] == "What is the mandate?"
    with pytest.raises(CodingError):
        desk.apply("t1", 10_000, 13, 33)  # no such code


def test_a_code_says_why_it_can_no_longer_be_applied(ready: Project) -> None:
    from workbench.coding.labels import code_status_label

    service.create(ready, "Spare", why="test")
    service.merge(ready, "Spare", "Funding", why="same thing")
    codes = {code.path: code for code in service.codes(ready)}
    assert code_status_label(codes["Funding"]) == ""
    assert code_status_label(codes["Spare"]) == "merged into Funding"
    assert code_status_label(codes["Spare"], with_target=False) == "merged"


def test_a_transcript_memo_is_undone_and_redone_without_touching_codings(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 0, 5)
    anna.set_memo(coding.id, "money")
    assert anna.set_transcript_memo("t1", "first pass") is True
    assert anna.set_transcript_memo("t1", "first pass") is False  # unchanged: not an action

    undone = anna.undo("t1")
    assert undone is not None
    assert undone.describe("undid") == "undid memo on transcript t1: now empty"
    assert anna.transcript_memo("t1") == "" and spans(ready) == [("Funding", 0, 5, "money")]
    redone = anna.redo("t1")
    assert redone is not None
    assert redone.describe("redid") == "redid memo on transcript t1: now “first pass”"
    assert anna.transcript_memo("t1") == "first pass"
    # The step after it reaches the coding's memo, and says so.
    assert anna.undo("t1") is not None
    undone = anna.undo("t1")
    assert undone is not None
    assert undone.describe("undid") == "undid memo on Funding [0, 5): now empty"
    assert spans(ready) == [("Funding", 0, 5, "")]


def test_saving_a_transcript_memo_clears_the_redo_history(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 0, 5)
    anna.set_memo(coding.id, "money")
    anna.undo("t1")  # the coding's memo is empty again
    anna.set_transcript_memo("t1", "cautious respondent")
    assert anna.redo("t1") is None
    assert spans(ready) == [("Funding", 0, 5, "")]
    assert anna.transcript_memo("t1") == "cautious respondent"


def test_two_memo_undos_never_read_alike(ready: Project) -> None:
    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 0, 5)
    anna.set_memo(coding.id, "money")
    anna.set_memo(coding.id, "money from states")
    first, second = anna.undo("t1"), anna.undo("t1")
    assert first is not None and second is not None
    assert first.describe("undid") == "undid memo on Funding [0, 5): now “money”"
    assert second.describe("undid") == "undid memo on Funding [0, 5): now empty"


def test_done_toggles_back_to_in_progress(ready: Project) -> None:
    from workbench.coding.desk import CoderDesk

    desk = CoderDesk(ready, "anna")
    assert desk.toggle_done("t1") == "done" and desk.status("t1") == "done"
    assert desk.toggle_done("t1") == "in_progress" and desk.status("t1") == "in_progress"
    assert desk.toggle_done("t1") == "done"


def test_schema_0005_keeps_the_history_both_ways(ready: Project) -> None:
    """Down to 0004 (where a transcript memo's edits cannot be kept) and up again: the
    codings' history survives both rebuilds of the table."""
    from alembic import command

    from workbench.store.engine import _alembic_config

    anna = CoderActions(ready, "anna")
    coding = anna.apply("t1", "Funding", 0, 5)
    anna.set_memo(coding.id, "money")
    anna.set_transcript_memo("t1", "cautious")
    command.downgrade(_alembic_config(ready.engine), "0004")
    command.upgrade(_alembic_config(ready.engine), "head")

    assert anna.transcript_memo("t1") == "cautious"  # the memo stays; its edit is forgotten
    undone = anna.undo("t1")
    assert undone is not None and undone.describe("undid") == (
        "undid memo on Funding [0, 5): now empty"
    )
    anna.set_transcript_memo("t1", "")
    assert anna.undo("t1") is not None and anna.transcript_memo("t1") == "cautious"
