"""One key map: each key means one thing on every screen, `?` shows the screen's own keys,
escape closes the innermost thing and `q` goes back; a key that does nothing says why."""

from __future__ import annotations

from textual.widgets import Select, Static

from workbench.codebook import service
from workbench.store.project import Project
from workbench.tui import keys
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import HelpScreen
from workbench.tui.screens.reports import ReportsScreen

SIZE = (120, 40)


def test_every_key_has_one_meaning_and_no_screen_takes_an_app_key() -> None:
    everywhere = {key.key for key in keys.EVERYWHERE}
    for name, screen_keys in keys.SCREENS.items():
        bound = {name.strip() for key in screen_keys for name in key.key.split(",")}
        assert bound <= keys.MEANINGS.keys(), name
        assert not everywhere & bound, name  # `a` was Add on the codebook screen


async def test_question_mark_shows_the_keys_of_the_screen_it_is_pressed_on(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).content)
        assert text.startswith("Codebook screen") and "join the highlighted code" in text
        assert "visual mode" not in text  # the coding screen's keys are not the codebook's
        await pilot.press("escape")
        assert isinstance(app.screen, CodebookScreen)


async def test_a_is_agreement_on_the_codebook_screen_too(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "a")
        assert isinstance(app.screen, AgreementScreen)


async def test_escape_closes_the_innermost_thing_and_q_goes_back(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        reports = app.screen
        assert isinstance(reports, ReportsScreen)
        reports.query_one("#view", Select).focus()
        await pilot.press("enter", "escape")  # open the dropdown, close it
        await pilot.press("escape")  # nothing left to close: the screen stays
        assert app.screen is reports and len(app.screen_stack) == 3
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_escape_on_the_coding_screen_drops_visual_mode_then_the_selection(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(100, 100)
        await pilot.press("v", "right", "right", "escape")
        assert not screen.view.visual_mode and screen.view.selected_span == (100, 102)
        await pilot.press("escape")
        assert screen.view.selected_span == (102, 102)
        await pilot.press("escape")
        assert app.screen is screen
        assert "q goes back" in str(screen.query_one("#status", Static).content)


async def test_a_key_that_does_nothing_says_why(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        service.retire(project, "Deference to states", "folded into another")
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(100, 120)
        await pilot.press("z")
        status = screen.query_one("#status", Static)
        assert "‘z’ does nothing here" in str(status.content)
        await pilot.press("D")  # the retired code's key (retiring frees it)
        assert "‘D’ does nothing here: no command or active code" in str(status.content)
