"""Undoing an auto-coding run never drops a later, deliberate edit of its codings: the undo
is refused and names the edits; once they are undone, the run goes whole."""

from __future__ import annotations

import re

import pytest

from tests.assist_study import PLANTED
from tests.cli_project import refused, run
from workbench.assist.autocode import AutocodePlan, Unit, apply_plan, plan_by_pattern
from workbench.assist.search import load_corpus
from workbench.coding.desk import CoderDesk
from workbench.errors import CodingError
from workbench.store.project import Project

LABEL = f"auto-coding of Funding by pattern '{PLANTED}' (matches)"


def made_run(project: Project) -> tuple[CoderDesk, AutocodePlan]:
    """anna's run coding every planted phrase with Funding (g0 twice, g2, g4 and g5)."""
    desk = CoderDesk(project, "anna")
    plan = plan_by_pattern(load_corpus(project), "Funding", PLANTED, "match")
    apply_plan(desk, plan)
    return desk, plan


def funding(unit: Unit) -> str:
    return f"Funding [{unit.start}, {unit.end}) in {unit.transcript}"


def codings(project: Project) -> set[tuple[str, str, int, int, str]]:
    return {(c.transcript, c.code, c.start, c.end, c.memo) for c in project.codings()}


def test_a_memo_written_since_stops_the_undo_and_is_kept(generated_study: Project) -> None:
    desk, plan = made_run(generated_study)
    first, last = plan.units[0], plan.units[-1]
    desk.set_memo(desk.find(first.transcript, "Funding", first.start, first.end).id, "key")
    before = codings(generated_study), generated_study.row_counts()
    events = len(generated_study.events())
    # The run is the newest action in the last transcript, but not in the first.
    with pytest.raises(CodingError) as refusal:
        desk.undo(last.transcript)
    assert str(refusal.value) == (
        f"cannot undo the {LABEL}: a later action of yours changed one of its codings "
        f"(memo on {funding(first)}); undo it first (in {first.transcript}), "
        "then the run"
    )
    assert (codings(generated_study), generated_study.row_counts()) == before
    assert len(generated_study.events()) == events  # a refusal logs nothing
    undone = desk.undo(first.transcript)
    assert undone is not None and undone.kind == "memo"
    whole = desk.undo(last.transcript)
    assert whole is not None and (whole.steps, whole.unchanged) == (len(plan.units), 0)
    assert codings(generated_study) == set()


def test_a_removal_or_a_recoding_since_stops_the_undo(
    generated_study: Project, statements: list[str]
) -> None:
    desk, plan = made_run(generated_study)
    first, second, last = plan.units[0], plan.units[2], plan.units[-1]
    desk.remove(desk.find(first.transcript, "Funding", first.start, first.end).id)
    desk.remove(desk.find(second.transcript, "Funding", second.start, second.end).id)
    desk.apply(second.transcript, "Funding", second.start, second.end, memo="recoded")
    before = codings(generated_study)
    statements.clear()
    with pytest.raises(CodingError) as refusal:
        desk.undo(last.transcript)
    # The names of the transcripts the refusal names, in one read, not one per action.
    names = r"SELECT (transcript\.id, )?transcript\.name\s+FROM transcript\b"
    assert sum(bool(re.match(names, statement)) for statement in statements) == 1
    assert str(refusal.value) == (
        f"cannot undo the {LABEL}: 3 later actions of yours changed its codings (removal "
        f"of {funding(first)}, removal of {funding(second)}, coding of "
        f"{funding(second)}); undo them first (in {first.transcript}, "
        f"{second.transcript}), then the run"
    )
    assert codings(generated_study) == before
    # A redo after the undo would have brought back the passage removed on purpose.
    for transcript in (second.transcript, second.transcript, first.transcript):
        assert desk.undo(transcript) is not None
    whole = desk.undo(last.transcript)
    assert whole is not None and (whole.steps, whole.unchanged) == (len(plan.units), 0)
    assert codings(generated_study) == set()
    redone = desk.redo(last.transcript)
    assert redone is not None and redone.steps == len(plan.units)
    assert len(codings(generated_study)) == len(plan.units)


def test_later_actions_on_other_codings_leave_the_undo_whole(generated_study: Project) -> None:
    desk, plan = made_run(generated_study)
    first, last = plan.units[0], plan.units[-1]
    desk.apply(first.transcript, "Legitimation", 0, 5)
    desk.apply(first.transcript, "Legitimation", first.start, first.end)  # another code
    desk.set_transcript_memo(first.transcript, "an interview about funding")
    whole = desk.undo(last.transcript)
    assert whole is not None and whole.describe("undid") == (
        f"undid {LABEL}: {len(plan.units)} actions in 4 transcripts"
    )
    assert {c[1] for c in codings(generated_study)} == {"Legitimation"}
    assert desk.transcript_memo(first.transcript) == "an interview about funding"


def test_the_commands_refuse_in_one_line_and_undo_takes_the_newest_first(
    generated_study: Project,
) -> None:
    desk, plan = made_run(generated_study)
    first, last = plan.units[0], plan.units[-1]
    desk.set_memo(desk.find(first.transcript, "Funding", first.start, first.end).id, "key")
    db = generated_study.location
    refused(
        run("codings", "undo", "-p", db, "--coder", "anna", last.transcript),
        f"cannot undo the {LABEL}",
        f"memo on {funding(first)}",
    )
    # `workbench undo` takes the coder's newest action anywhere: the memo, then the run.
    code, out, _ = run("undo", "-p", db, "--coder", "anna")
    assert code == 0 and out.startswith(f"undid memo on Funding [{first.start}, {first.end})")
    code, out, _ = run("undo", "-p", db, "--coder", "anna")
    assert code == 0 and out == f"undid {LABEL}: {len(plan.units)} actions in 4 transcripts\n"
    assert codings(generated_study) == set()
