"""Auto-coding by speaker and by pattern: the preview, the run, and undo of the whole run."""

from __future__ import annotations

import json

import pytest

from tests.assist_study import PLANTED, PLANTED_AT, TRANSCRIPTS, TURNS
from tests.cli_project import refused, run
from workbench.assist.autocode import (
    apply_plan,
    plan_by_pattern,
    plan_by_speaker,
    plan_for_hits,
    sentence_around,
)
from workbench.assist.search import SearchError, SearchQuery, load_corpus, search
from workbench.coding.desk import CoderDesk
from workbench.coding.progress import statuses
from workbench.errors import CodingError
from workbench.store.project import Project


def spans(project: Project, coder: str = "anna") -> set[tuple[str, str, int, int]]:
    return {(c.transcript, c.code, c.start, c.end) for c in project.codings(coders=[coder])}


def test_by_speaker_codes_every_utterance_of_the_speaker_and_undo_takes_it_back(
    generated_study: Project,
) -> None:
    plan = plan_by_speaker(load_corpus(generated_study), "Funding", "respondent")
    assert len(plan.units) == TRANSCRIPTS * TURNS // 2 and plan.transcripts == TRANSCRIPTS
    assert {unit.speaker for unit in plan.units} == {"Respondent"}
    assert spans(generated_study) == set()  # a plan is only a preview
    desk = CoderDesk(generated_study, "anna")
    done = apply_plan(desk, plan)
    assert (done.coded, done.already, done.transcripts) == (len(plan.units), 0, TRANSCRIPTS)
    doc = generated_study.transcript("g3")
    expected = {("g3", "Funding", u.start, u.end) for u in doc.utterances if u.seq % 2 == 0}
    assert {s for s in spans(generated_study) if s[0] == "g3"} == expected
    assert set(statuses(generated_study, "anna").values()) == {"in_progress"}

    undone = desk.undo("g3")  # ctrl+z in one transcript undoes the run in all of them
    assert undone is not None and undone.describe("undid") == (
        f"undid auto-coding of Funding by speaker Respondent: {len(plan.units)} actions "
        f"in {TRANSCRIPTS} transcripts"
    )
    assert spans(generated_study) == set()
    redone = desk.redo("g0")
    assert redone is not None and redone.steps == len(plan.units)
    assert len(spans(generated_study)) == len(plan.units)


def test_a_run_and_its_undo_are_one_entry_each_in_the_log_for_good(
    generated_study: Project,
) -> None:
    plan = plan_by_speaker(load_corpus(generated_study), "Funding", "respondent")
    desk = CoderDesk(generated_study, "anna")
    apply_plan(desk, plan)
    assert desk.undo("g3") is not None
    runs = [(event.action, json.loads(event.detail)) for event in generated_study.events("coding.")]
    assert [action for action, _ in runs] == ["coding.apply", "coding.undo"]
    applied, undone = runs[0][1], runs[1][1]
    assert applied["code"] == "Funding" and applied["codings"] == str(len(plan.units))
    assert undone["action"] == "run" and undone["steps"] == str(len(plan.units))
    assert applied["run"] == undone["run"] == "auto-coding of Funding by speaker Respondent"


def test_by_pattern_codes_the_sentence_the_match_or_the_utterance(
    generated_study: Project,
) -> None:
    corpus = load_corpus(generated_study)
    for unit in ("sentence", "match", "utterance"):
        plan = plan_by_pattern(corpus, "Funding", r"projecti[sz]ed\s+funding", unit)
        assert len(plan.units) == len(PLANTED_AT)
        for found in plan.units:
            text = generated_study.transcript(found.transcript).text
            assert PLANTED in found.text and text[found.start : found.end] == found.text
            if unit == "match":
                assert found.text == PLANTED
            if unit == "sentence":  # the second of three sentences, whole
                assert found.text.endswith(".") and found.text[0].isupper()
                assert found.text.count(".") == 1
            if unit == "utterance":
                assert found.text.count(".") == 3


def test_an_undo_anywhere_takes_the_latest_run_whole(generated_study: Project) -> None:
    desk = CoderDesk(generated_study, "anna")
    desk.apply("g1", "Legitimation", 0, 5)
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "sentence")
    done = apply_plan(desk, plan)
    assert done.transcripts == len({t for t, _ in PLANTED_AT})
    undone = desk.undo_latest()
    assert undone is not None and undone.batch.startswith("auto-coding of Funding by pattern")
    assert spans(generated_study) == {("g1", "Legitimation", 0, 5)}
    single = desk.undo_latest()
    assert single is not None and not single.batch
    assert spans(generated_study) == set()
    assert desk.undo_latest() is None


def test_a_run_skips_what_the_coder_coded_already_and_refuses_an_empty_run(
    generated_study: Project,
) -> None:
    desk = CoderDesk(generated_study, "anna")
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "match")
    first = plan.units[0]
    desk.apply(first.transcript, "Funding", first.start, first.end)
    done = apply_plan(desk, plan)
    assert (done.coded, done.already) == (len(plan.units) - 1, 1)
    before = generated_study.row_counts()
    with pytest.raises(CodingError, match="nothing to code"):
        apply_plan(desk, plan)
    assert generated_study.row_counts() == before  # no batch row left behind either


def test_selected_hits_are_coded_as_one_run(generated_study: Project) -> None:
    corpus = load_corpus(generated_study)
    hits = search(corpus, SearchQuery(PLANTED))[:2]
    plan = plan_for_hits(corpus, "Funding", hits, "match", "coding 2 hits of 'x'")
    assert apply_plan(CoderDesk(generated_study, "anna"), plan).coded == 2


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda c: plan_by_speaker(c, "Funding", "Nobody"), "no speaker named 'Nobody'"),
        (lambda c: plan_by_speaker(c, "Nothing", "Respondent"), "no code 'Nothing'"),
        (lambda c: plan_by_pattern(c, "Funding", "zzz+q"), "nothing to code"),
        (lambda c: plan_by_pattern(c, "Funding", "(("), "bad regular expression"),
        (lambda c: plan_by_pattern(c, "Funding", "camp", "word"), "the unit must be one of"),
    ],
)
def test_bad_requests_are_refused(generated_study: Project, call: object, words: str) -> None:
    corpus = load_corpus(generated_study)
    with pytest.raises(SearchError, match=words):
        call(corpus)  # type: ignore[operator]


def test_a_sentence_is_cut_at_final_punctuation_and_line_breaks() -> None:
    text = 'He said "no." Then we left! Really\nnow. End'
    assert text[slice(*sentence_around(text, 0, len(text), 16, 18))] == "Then we left!"
    assert text[slice(*sentence_around(text, 0, len(text), 29, 31))] == "Really"
    assert text[slice(*sentence_around(text, 0, len(text), 1, 2))] == 'He said "no."'
    assert text[slice(*sentence_around(text, 0, len(text), 41, 43))] == "End"


# -- the command line ----------------------------------------------------------------------------


def test_the_commands_preview_apply_and_undo(generated_study: Project) -> None:
    db = generated_study.location
    CoderDesk(generated_study, "anna").apply("g1", "Legitimation", 0, 5)
    CoderDesk(generated_study, "anna").undo("g1")  # anna is a coder now, with no coding
    args = ("-p", db, "--coder", "anna", "--code", "Funding")
    code, out, _ = run("autocode", *args, "--pattern", "projectised", "--unit", "sentence")
    assert code == 0 and out.startswith(
        f"would code {len(PLANTED_AT)} passages in 4 transcripts with Funding:"
    )
    assert out.splitlines()[-1] == "nothing written: add --apply to code them"
    assert spans(generated_study) == set()
    code, out, _ = run("autocode", *args, "--pattern", "projectised", "--apply")
    assert code == 0 and out.startswith(f"coded {len(PLANTED_AT)} passages in 4 transcripts")
    code, out, err = run("search", "-p", db, "projectised", "--code", "Funding")
    assert code == 0 and len(out.splitlines()) == len(PLANTED_AT)
    assert out.splitlines()[0].endswith("  (Funding)") and "[projectised]" in out
    assert err == f"{len(PLANTED_AT)} hits in 4 transcripts\n"
    code, out, _ = run("undo", "-p", db, "--coder", "anna")
    assert code == 0 and out.startswith("undid auto-coding of Funding by pattern 'projectised'")
    assert spans(generated_study) == set()
    assert run("undo", "-p", db, "--coder", "anna")[1] == "nothing to undo\n"


def test_the_commands_refuse_bad_input_in_one_line(generated_study: Project) -> None:
    db = generated_study.location
    args = ("-p", db, "--coder", "anna", "--code", "Funding")
    refused(run("autocode", *args, "--speaker", "Respondent"), "no coder named 'anna'")
    CoderDesk(generated_study, "anna").apply("g1", "Legitimation", 0, 5)
    refused(run("autocode", *args), "--speaker NAME or --pattern REGEX")
    refused(run("autocode", *args, "--speaker", "Respondent", "--pattern", "x"), "either")
    refused(run("autocode", *args, "--speaker", "Respondent", "--unit", "match"), "--unit")
    refused(run("autocode", *args, "--speaker", "Nobody"), "no speaker named 'Nobody'")
    refused(run("autocode", *args, "--pattern", "[a-"), "bad regular expression")
    refused(run("autocode", *args, "--pattern", "qqqzzz"), "nothing to code")
    for unit in ("sentence", "utterance", "match"):
        refused(
            run("autocode", *args, "--pattern", "x|", "--unit", unit, "--apply"),
            "the pattern 'x|' matches empty text",
        )
    refused(run("search", "-p", db, "--regex", r"\b"), r"'\b' matches empty text")
    assert spans(generated_study) == {("g1", "Legitimation", 0, 5)}
    refused(run("search", "-p", db, "qqqzzz"), "no hits for 'qqqzzz'")
    refused(run("search", "-p", db, "x", "--coder", "zoe"), "no coder named 'zoe'")
    refused(run("search", "-p", db, "x", "--where", "group"), "attribute=value")


def test_search_writes_csv(generated_study: Project, tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "hits.csv"
    code, _, _ = run("search", "-p", generated_study.location, PLANTED, "--csv", str(out))
    assert code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(PLANTED_AT) + 1


def test_schema_0007_down_and_up_keeps_a_runs_actions(generated_study: Project) -> None:
    """Down to 0005 (no batches: each action of a run is undone on its own) and up again."""
    from alembic import command

    from workbench.store.engine import _alembic_config

    desk = CoderDesk(generated_study, "anna")
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "match")
    apply_plan(desk, plan)
    command.downgrade(_alembic_config(generated_study.engine), "0005")
    command.upgrade(_alembic_config(generated_study.engine), "head")
    desk = CoderDesk(generated_study, "anna")
    undone = desk.undo_latest()
    assert undone is not None and not undone.batch  # one coding: the run is no more
    assert len(spans(generated_study)) == len(plan.units) - 1


def test_redoing_a_run_of_a_retired_code_says_why_it_changed_nothing(
    generated_study: Project,
) -> None:
    from workbench.codebook import service

    desk = CoderDesk(generated_study, "anna")
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "match")
    apply_plan(desk, plan)
    last = plan.units[-1].transcript
    assert desk.undo(last) is not None
    service.retire(generated_study, "Funding", "folded into another theme")
    redone = desk.redo(last)
    assert redone is not None and redone.steps == 0
    assert redone.describe("redid").endswith(
        f"({len(plan.units)} could change nothing: 'Funding' is retired)"
    ), redone.describe("redid")
    assert spans(generated_study) == set()


def test_a_run_failing_midway_leaves_no_half_run(
    generated_study: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.coding.actions as actions

    desk = CoderDesk(generated_study, "anna")
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "match")
    before = generated_study.row_counts(), len(generated_study.events())

    def crash(*args: object) -> None:  # after the codings went in, before their undo steps
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(actions, "add_run_actions", crash)
    with pytest.raises(RuntimeError):
        apply_plan(desk, plan)
    monkeypatch.undo()
    assert (generated_study.row_counts(), len(generated_study.events())) == before
    assert desk.undo_latest() is None
    apply_plan(desk, plan)  # and the run can be made again, whole
    assert len(spans(generated_study)) == len(plan.units)


def test_an_undo_of_a_run_failing_midway_leaves_the_run_whole(
    generated_study: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.coding.steps as steps

    desk = CoderDesk(generated_study, "anna")
    plan = plan_by_pattern(load_corpus(generated_study), "Funding", PLANTED, "match")
    apply_plan(desk, plan)
    coded = spans(generated_study)

    def crash(*args: object, **kwargs: object) -> None:  # after the codings were deleted
        raise RuntimeError("killed half-way")

    monkeypatch.setattr(steps, "mark_batch", crash)
    with pytest.raises(RuntimeError):
        desk.undo_latest()
    monkeypatch.undo()
    assert spans(generated_study) == coded
    undone = desk.undo_latest()
    assert undone is not None and undone.steps == len(plan.units)
    assert spans(generated_study) == set()
