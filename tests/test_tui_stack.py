"""Screen-switch keys return to a screen already open rather than stacking a second one."""

from __future__ import annotations

from collections import Counter

from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from tests.pilot_wait import settle
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen

SIZE = (120, 40)


def kinds(app: WorkbenchApp) -> list[str]:
    """The stack as screen kinds; a coding screen counts once per transcript."""
    return [
        f"coding:{s.transcript}" if isinstance(s, CodingScreen) else type(s).__name__
        for s in app.screen_stack
        if type(s) is not Screen  # Textual's own default screen at the bottom
    ]


def assert_no_duplicates(app: WorkbenchApp) -> None:
    twice = [kind for kind, n in Counter(kinds(app)).items() if n > 1]
    assert not twice, kinds(app)


async def test_r_on_a_passage_opened_from_retrieval_returns_to_that_retrieval(
    reviewed_db: str,
) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = app.screen
        assert isinstance(retrieval, RetrievalScreen)
        retrieval.query_one("#coder", Select).value = "anna"
        retrieval.query_one("#filter", Input).value = "group=IOM official"
        await pilot.pause()
        shown = list(retrieval.shown)
        retrieval.query_one("#segment-table", DataTable).focus()
        await pilot.press("down", "enter")
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is retrieval  # the same screen, with what was chosen on it
        assert retrieval.query_one("#filter", Input).value == "group=IOM official"
        assert retrieval.shown == shown
        assert retrieval.query_one("#segment-table", DataTable).cursor_row == 1
        assert kinds(app) == ["HomeScreen", "RetrievalScreen"]


async def test_no_switch_key_stacks_a_screen_twice(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        for key in ("r", "b", "f", "a", "r", "a", "b", "f", "b"):
            await pilot.press(key)
            await settle(pilot)
            assert_no_duplicates(app)
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("a")
        await settle(pilot)
        agreement = app.screen
        assert isinstance(agreement, AgreementScreen)
        # Agreement, then a passage of a disagreement; `a` there goes back to the agreement.
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CodingScreen)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is agreement
        assert_no_duplicates(app)
        await pilot.press("f")
        assert isinstance(app.screen, ReportsScreen)
        assert_no_duplicates(app)


async def test_a_passage_of_the_transcript_open_below_does_not_open_it_twice(
    reviewed_db: str,
) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # the first transcript
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = app.screen
        assert isinstance(retrieval, RetrievalScreen)
        row = next(i for i, s in enumerate(retrieval.shown) if s.transcript == coding.transcript)
        table = retrieval.query_one("#segment-table", DataTable)
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        passage = app.screen
        assert isinstance(passage, CodingScreen) and passage.transcript == coding.transcript
        assert_no_duplicates(app)
        await pilot.press("q")  # back to retrieval, as a passage opened there does
        await settle(pilot)
        assert app.screen is retrieval
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_a_switch_key_in_a_dialog_says_to_close_it_first(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(100, 120)
        await pilot.press("question_mark")
        help_screen = app.screen
        await pilot.press("r")
        assert app.screen is help_screen
        said = str(help_screen.query_one("#status", Static).content)
        assert said == "‘r’ does nothing in this dialog: escape closes it"
        assert_no_duplicates(app)
