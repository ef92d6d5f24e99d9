"""A key that does nothing says why on the status line of every screen and dialog, typed in a
burst as over SSH; escape with nothing to close says so too."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import App
from textual.widgets import Static

from tests.pilot_wait import settle
from workbench.tui import keys
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import Confirm, HelpScreen
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen

SIZE = (120, 40)
Burst = Callable[..., Awaitable[None]]
UNASSIGNED = keys.unassigned("z")


def status_line(app: App[None]) -> str:
    return str(app.screen.query_one("#status", Static).content)


async def test_every_screen_says_why_a_key_did_nothing(sample_db: str, burst: Burst) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for switch, kind in (
            ("b", CodebookScreen),
            ("r", RetrievalScreen),
            ("f", ReportsScreen),
            ("a", AgreementScreen),
        ):
            await burst(pilot, switch, "z")  # the key right behind the one opening the screen
            await settle(pilot)
            assert isinstance(app.screen, kind)
            assert status_line(app) == UNASSIGNED, kind.__name__
            await burst(pilot, "escape")
            assert status_line(app) == keys.NOTHING_TO_CLOSE, kind.__name__
            await burst(pilot, switch)  # the screen's own key, on it
            assert status_line(app) == keys.ALREADY_HERE, kind.__name__
            await burst(pilot, "q")
        assert isinstance(app.screen, HomeScreen)


async def test_home_says_when_escape_or_enter_has_nothing_to_act_on(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "escape")
        assert status_line(app) == "nothing to close here: q quits"
        await burst(pilot, *"zzzz", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert status_line(app) == "no transcript matches “zzzz”: escape clears the filter"
        await burst(pilot, "escape", "enter")  # the filter cleared: enter opens the first
        assert isinstance(app.screen, CodingScreen)


async def test_dialogs_say_why_a_key_did_nothing(sample_db: str, burst: Burst) -> None:
    app = make_app(sample_db, "anna", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "question_mark", "z")
        assert isinstance(app.screen, HelpScreen)
        assert status_line(app) == keys.unassigned("z", in_dialog=True)
        await burst(pilot, "escape", "m", *"draft", "escape", "z")  # discard? then z
        assert isinstance(app.screen, Confirm)
        assert status_line(app) == keys.unassigned("z", in_dialog=True)


async def test_navigation_keys_are_not_reported_as_doing_nothing(sample_db: str) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for switch in ("b", "r", "f", "a"):
            await pilot.press(switch)
            await settle(pilot)
            await pilot.press("down", "up", "tab", "shift+tab", "pagedown", "home")
            assert status_line(app) == "", type(app.screen).__name__
            await pilot.press("q")
