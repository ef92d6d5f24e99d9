"""Settling disagreements, retrieval that remembers, and blind coding, typed as people type."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static

from tests.pilot_wait import settle
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_statuses
from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen
from workbench.tui.widgets.disagreement_list import where

SIZE = (140, 40)
CODE = "Legitimation/Normative claims"


async def open_disagreements(pilot: Pilot[None]) -> AgreementScreen:
    """Agreement, then the disagreements of Legitimation/Operational performance."""
    await pilot.press("a")
    await settle(pilot)
    await pilot.press("down", "down", "enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen) and len(screen.found) >= 5
    return screen


def status(screen: AgreementScreen) -> str:
    return str(screen.query_one("#status", Static).content)


def consensus(location: str) -> list[tuple[str, int, int]]:
    with Project.open(location) as project:
        if "consensus" not in project.coders():
            return []
        return [(c.transcript, c.start, c.end) for c in project.codings(coders=["consensus"])]


async def test_digits_typed_after_tab_from_the_list_do_not_reach_the_coders_box(
    reviewed_db: str,
) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_disagreements(pilot)
        await pilot.press("tab", "2", "1", "0")  # one burst, as it happened
        assert screen.query_one("#coders", Input).value == "anna,ben"
        assert app.focused is screen.query_one("#agreement-table")
        assert screen.settled == set()
        assert "settle on the disagreement list" in status(screen)
    assert consensus(reviewed_db) == []


async def test_a_settlement_shows_the_next_one_and_says_what_was_settled(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_disagreements(pilot)
        first, second = screen.found[:2]
        await pilot.press("3")
        assert screen.query_one("#disagreements", OptionList).highlighted == 1
        said = status(screen)
        assert said.startswith(f"settled {where(first)}: took anna, ben")
        assert f"now on 2 of {len(screen.found)}: {where(second)}" in said


async def run_settlement(location: str, keys: list[str], burst: bool) -> tuple[object, ...]:
    app = make_app(location, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_disagreements(pilot)
        if burst:
            await pilot.press(*keys)
        else:
            for key in keys:
                await pilot.press(key)
                await pilot.pause()  # each key handled before the next is sent
        highlighted = screen.query_one("#disagreements", OptionList).highlighted
        return set(screen.settled), highlighted, status(screen)


async def test_settlement_keys_and_down_in_one_burst_act_as_typed_slowly(
    reviewed_db: str, tmp_path: Path
) -> None:
    slow_db = str(tmp_path / "slow.db")
    shutil.copy(reviewed_db, slow_db)
    keys = ["1", "down", "0", "3"]
    burst = await run_settlement(reviewed_db, keys, burst=True)
    slow = await run_settlement(slow_db, keys, burst=False)
    assert burst == slow
    settled, highlighted, said = burst
    assert settled == {0, 2, 3} and highlighted == 4
    assert "took anna, ben" in str(said) and "now on 5 of" in str(said)
    assert consensus(reviewed_db) == consensus(slow_db) != []


async def test_the_list_shows_each_disagreement_s_transcript_speaker_and_passage(
    reviewed_db: str,
) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_disagreements(pilot)
        options = screen.query_one("#disagreements", OptionList)
        speakers = set()
        for index, disagreement in enumerate(screen.found):
            shown = str(options.get_option_at_index(index).prompt)
            assert disagreement.transcript in shown and disagreement.where in shown
            assert disagreement.speaker and disagreement.speaker in shown
            assert " ".join(disagreement.excerpt.split()) in shown  # cut by the width only
            speakers.add(disagreement.speaker)
        assert len(speakers) > 1  # interviewer and respondent alike are named


async def test_agreement_hides_transcripts_the_coder_has_not_finished_and_says_so(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        names = [t.name for t in project.transcripts()]
        set_statuses(project, [n for n in names if n != "hr_05"], "carol", "done")
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_disagreements(pilot)
        note = str(screen.query_one("#hidden-note", Static).content)
        assert "1 transcript" in note and "hr_05" in note and "mark" in note
        assert screen.report is not None and "hr_05" not in screen.report.transcripts
        assert all(d.transcript != "hr_05" for d in screen.found)


async def test_retrieval_and_reports_show_an_unfinished_coder_only_their_own(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        CoderActions(project, "carol").apply("ex_02", CODE, 100, 200)
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = app.screen
        assert isinstance(retrieval, RetrievalScreen)
        assert [(s.coder, s.start) for s in retrieval.segments] == [("carol", 100)]
        hidden = "only your codings of the 8 transcripts you have not marked done"
        assert hidden in str(retrieval.query_one("#title", Static).content)
        await pilot.press("f")
        await settle(pilot)
        reports = app.screen
        assert isinstance(reports, ReportsScreen) and reports.frame is not None
        assert list(reports.frame.columns) == ["theme", "carol"]
        assert hidden in str(reports.query_one("#title", Static).content)


def retrieval_screen(app: WorkbenchApp) -> RetrievalScreen:
    assert isinstance(app.screen, RetrievalScreen)
    return app.screen


async def test_q_from_a_passage_returns_to_retrieval_as_it_was_left(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = retrieval_screen(app)
        retrieval.query_one("#coder", Select).value = "anna"
        retrieval.query_one("#filter", Input).value = "group=IOM official"
        await pilot.pause()
        shown = list(retrieval.shown)
        assert len(shown) >= 3
        retrieval.query_one("#segment-table", DataTable).focus()
        await pilot.press("down", "enter")
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.view.selected_span == (shown[1].start, shown[1].end)
        await pilot.press("1")  # carol codes the passage: the store changes meanwhile
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is retrieval
        assert retrieval.code == CODE and retrieval.query_one("#coder", Select).value == "anna"
        assert retrieval.query_one("#filter", Input).value == "group=IOM official"
        assert retrieval.shown == shown
        assert retrieval.query_one("#segment-table", DataTable).cursor_row == 1
    with Project.open(reviewed_db) as project:
        assert [(c.start, c.end) for c in project.codings(coders=["carol"])] == [
            (shown[1].start, shown[1].end)
        ]


async def test_text_search_within_a_code_s_segments_typed_in_one_burst(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = retrieval_screen(app)
        everything = list(retrieval.segments)
        retrieval.query_one("#text-search", Input).focus()
        await pilot.press(*"HUMAN rights")
        expected = [s for s in everything if "human rights" in " ".join(s.text.split()).lower()]
        assert 0 < len(expected) < len(everything)
        assert retrieval.shown == expected
        title = str(retrieval.query_one("#title", Static).content)
        assert f"{len(expected)} of {len(everything)} segments" in title


async def test_excerpts_use_the_width_there_is_at_120_columns(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        table = retrieval_screen(app).query_one("#segment-table", DataTable)
        (text,) = [c for c in table.columns.values() if str(c.label) == "text"]
        assert text.width >= 45  # it was 4 wide, with the rest of it off to the right
        # The passage takes what the other columns leave: the rows span the table, no more.
        assert table.size.width - 4 <= table.virtual_size.width <= table.size.width


async def test_retrieval_opens_again_as_it_was_left(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        first = retrieval_screen(app)
        first.query_one("#coder", Select).value = "ben"
        first.query_one("#text-search", Input).value = "the"
        await pilot.pause()
        shown = list(first.shown)
        assert len(shown) >= 2
        first.query_one("#segment-table", DataTable).focus()
        await pilot.press("down", "q", "r")
        await settle(pilot)
        again = retrieval_screen(app)
        assert again is not first
        assert again.code == CODE and again.query_one("#coder", Select).value == "ben"
        assert again.query_one("#text-search", Input).value == "the"
        assert again.shown == shown
        assert again.query_one("#segment-table", DataTable).cursor_row == 1


async def test_a_coder_with_nothing_done_is_told_which_key_unlocks_agreement(
    sample_db: str,
) -> None:
    """A new coder has marked nothing done: the whole reason, with its key, fits the status
    line at 80 and 120 columns (`?` says the rest)."""
    for size in ((80, 24), (120, 40)):
        app = make_app(sample_db, "demo")
        async with app.run_test(size=size) as pilot:
            await pilot.press("a")
            await settle(pilot)
            status = app.screen.query_one("#status", Static)
            assert str(status.content) == "blind coding: mark a transcript done (d) to compare"
            assert status.content_size.width >= len(str(status.content)), size
            await pilot.press("question_mark")
            assert "d on their coding" in str(app.screen.query_one(Static).content)
