"""A key that does nothing says why on the status line of every screen and dialog, typed in a
burst as over SSH; escape with nothing to close says so too. Refusals are never toasts; a
fault is, and it never covers the status line."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.app import App
from textual.widgets import DataTable, Input, Static
from textual.widgets._toast import Toast

from tests.pilot_wait import settle, until
from tests.test_tui_codebook import codebook_at
from workbench.tui import keys
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coder_prompt import CoderPrompt
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.coding_apply import NO_SELECTION, NO_UTTERANCE, NONE_OF_MINE
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import Confirm, HelpScreen
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen
from workbench.tui.screens.search import SearchScreen
from workbench.tui.widgets.status_line import StatusLine, report

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


def toasts(app: App[None]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_the_coding_screen_refuses_on_the_status_line_and_says_what_to_do(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "anna", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "ctrl+home", "1")  # a code's key with nothing selected
        assert status_line(app) == NO_SELECTION
        await burst(pilot, "x")  # anna has not coded the header line
        assert status_line(app) == NONE_OF_MINE
        await burst(pilot, "down", "u")  # the blank line under the header
        assert status_line(app) == NO_UTTERANCE
        await burst(pilot, "n")
        assert status_line(app) == "nothing searched yet: / searches"
        await burst(pilot, "slash", *"zebra", "enter")
        assert status_line(app) == "“zebra” is not in this transcript: / searches for another"
        await burst(pilot, "escape", "ctrl+c")
        assert status_line(app) == keys.CTRL_C
        assert toasts(app) == []


async def test_a_refused_change_to_the_codebook_is_on_its_status_line(
    sample_db: str, burst: Burst
) -> None:
    path = "Legitimation/UN system status"
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, path)
        await burst(pilot, "x", *"never used", "enter")
        assert status_line(app) == f"retire {path}: done"
        await burst(pilot, "x", *"twice", "enter")
        assert isinstance(app.screen, CodebookScreen)
        assert status_line(app) == f"'{path}' is retired already"
        assert toasts(app) == []


async def test_a_coder_name_refused_is_said_when_the_name_is_asked_again(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, *"x" * 200, "enter", "enter")  # a new coder? yes
        assert isinstance(app.screen, CoderPrompt)
        assert status_line(app) == "a coder name has 1 to 100 characters"
        assert toasts(app) == []


async def test_a_key_on_the_search_screen_s_hits_says_why_on_its_status_line(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "t", *"mandate", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one("#hit-table").focus()
        await burst(pilot, "z")
        assert status_line(app) == UNASSIGNED
        assert toasts(app) == []


async def test_a_fault_is_a_toast_that_never_covers_the_status_line(sample_db: str) -> None:
    """Not a refusal but a bug or the database gone: the status line says so, and the whole
    error is a toast, clear of the status line of every screen and dialog, at both sizes."""
    for size in ((80, 24), SIZE):
        app = make_app(sample_db, "anna")
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            for keys_typed in (["b"], ["r"], ["f"], ["a"], ["t"], ["q", "enter"],
                               ["question_mark"], ["escape", "q", "b", "plus"]):  # fmt: skip
                await pilot.press(*keys_typed)
                await settle(pilot)
                screen = app.screen
                app.clear_notifications()
                report(screen, OSError("disk I/O error " * 4))
                await until(pilot, lambda shown=screen: bool(shown.query(Toast)))
                line = screen.query(StatusLine).first()
                assert str(line.content).startswith("failed: OSError: disk I/O error"), keys_typed
                (toast,) = screen.query(Toast)
                assert not toast.region.overlaps(line.region), (size, type(screen).__name__)
                assert line.region.bottom <= size[1], (size, type(screen).__name__)  # in view
                if keys_typed[0] in {"b", "r", "f", "a"}:
                    await pilot.press("q")
                elif keys_typed[0] == "t":
                    await pilot.press("escape", "q")


async def test_the_next_key_that_acts_clears_what_the_status_line_said(
    sample_db: str, burst: Burst
) -> None:
    """One rule on every screen: a message answers the key before; the next key that does
    something takes it away (and says its own, if it has one)."""
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, *"iom_03ngo", "enter")
        assert status_line(app) == "no transcript matches “iom_03ngo”: escape clears the filter"
        await burst(pilot, *["backspace"] * 3)  # the filter matches again
        assert status_line(app) == ""
        await burst(pilot, *"zzzz", "enter", "escape", "enter")  # refused, then opened
        assert isinstance(app.screen, CodingScreen)
        await burst(pilot, "x")
        assert status_line(app) == NONE_OF_MINE
        await burst(pilot, "right_square_bracket")
        assert status_line(app) != NONE_OF_MINE
        await burst(pilot, "q")
        assert isinstance(app.screen, HomeScreen)
        assert status_line(app) == ""  # nothing left from before the transcript opened


async def test_coming_back_home_starts_a_new_filter(sample_db: str, burst: Burst) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, *"iom_03", "enter")
        assert isinstance(app.screen, CodingScreen)
        await burst(pilot, "q", *"ngo")
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#filter", Input).value == "ngo"
        table = home.query_one("#transcripts", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names and all(name.startswith("ngo") for name in names), names
