"""Keys in one burst act exactly as typed slowly, on every screen and in every dialog."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from workbench.coding.desk import CoderDesk
from workbench.store.project import Project
from workbench.text.search import find_text
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.coding import CodingScreen

SIZE = (120, 40)
TRANSCRIPT = "iom_03"
Burst = Callable[..., Awaitable[None]]
Codings = list[tuple[str, int, int, str]]


def codings(location: str, coder: str = "carol") -> Codings:
    with Project.open(location) as project:
        return [(c.code, c.start, c.end, c.memo) for c in project.codings(coders=[coder])]


def transcript_memo(location: str, coder: str = "carol") -> str:
    with Project.open(location) as project:
        return CoderDesk(project, coder).transcript_memo(TRANSCRIPT)


def copy_of(location: str) -> str:
    """A second copy of the sample study: one is typed into slowly, the other in a burst."""
    other = Path(location).with_name("typed-slowly.db")
    shutil.copy(location, other)
    return str(other)


def coding_screen(app: WorkbenchApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


async def test_a_name_typed_in_one_burst_fills_the_home_filter(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        # The first letter moves the focus to the filter; the second used to be lost.
        await burst(pilot, *"hr_05")
        assert app.screen.query_one("#filter", Input).value == "hr_05"
        await burst(pilot, "enter")
        assert coding_screen(app).transcript == "hr_05"


async def test_a_code_key_after_selection_keys_codes_what_they_selected(
    sample_db: str, burst: Burst
) -> None:
    keys = ("down", "down", "down", "down", "u", "1")
    slowly = copy_of(sample_db)
    async with make_app(slowly, "carol", TRANSCRIPT).run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
    async with make_app(sample_db, "carol", TRANSCRIPT).run_test(size=SIZE) as pilot:
        await burst(pilot, *keys)
    assert codings(slowly) and codings(sample_db) == codings(slowly)


async def test_letters_after_slash_go_to_the_search_bar_not_to_the_screen(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        await burst(pilot, "slash", *"detention", "enter")
        # `d` used to mark the transcript done and `o` to show the other coders.
        assert screen.status == "not_started" and not screen.show_others
        assert screen.query_text == "detention"
        assert screen.view.selected_span == find_text(screen.doc.text, "detention", 0, True)
        assert app.focused is screen.view


async def test_a_memo_typed_and_saved_in_one_burst_is_stored(sample_db: str, burst: Burst) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(0, 0)  # on no coding: the transcript's memo
        await burst(pilot, "m", *"Respondent is cautious", "ctrl+s", "q")
        assert not isinstance(app.screen, CodingScreen)  # `q` after the memo went back
    assert transcript_memo(sample_db) == "Respondent is cautious"


async def test_a_coding_memo_typed_in_one_burst_replaces_nothing_else(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(100, 130)
        await burst(pilot, "1", "left", "m", *"cautious", "ctrl+s")
    assert codings(sample_db) == [("Legitimation/Normative claims", 100, 130, "cautious")]
    assert transcript_memo(sample_db) == ""


async def test_a_code_name_typed_in_one_burst_into_the_picker_applies_it(
    sample_db: str, burst: Burst
) -> None:
    keys = ("down", "down", "down", "down", "u", "c", *"deference", "enter", "q")
    slowly = copy_of(sample_db)
    async with make_app(slowly, "carol", TRANSCRIPT).run_test(size=SIZE) as pilot:
        await pilot.press(*keys)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, *keys)
        assert not isinstance(app.screen, CodingScreen)  # `q` went back, after the picker
    assert codings(slowly)[0][0] == "Deference to states"
    assert codings(sample_db) == codings(slowly)


async def disagreements_listed(pilot: Pilot[None], burst: Burst) -> AgreementScreen:
    await burst(pilot, "a")
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen)
    await pilot.app.workers.wait_for_complete()
    await burst(pilot, "down", "down", "enter")  # Legitimation/Operational performance
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert len(screen.found) >= 3
    return screen


async def test_settlement_keys_in_one_burst_settle_what_slow_keys_settle(
    reviewed_db: str, burst: Burst
) -> None:
    keys = ("1", "0", "up", "3")
    sample_db = reviewed_db  # carol has marked every transcript done: blind coding shows all
    slowly = copy_of(sample_db)
    async with make_app(slowly, "carol").run_test(size=SIZE) as pilot:
        screen = await disagreements_listed(pilot, burst)
        await pilot.press(*keys)
        settled_slowly = set(screen.settled)
    async with make_app(sample_db, "carol").run_test(size=SIZE) as pilot:
        screen = await disagreements_listed(pilot, burst)
        await burst(pilot, *keys)
        assert screen.settled == settled_slowly
    assert codings(sample_db, "consensus") == codings(slowly, "consensus")


async def test_the_focused_pane_is_marked_and_the_transcript_cursor_stays_drawn(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "anna", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        view = screen.view
        assert view.styles.outline_left[0] == "tall"  # the transcript has the focus
        on_coding = next(c for c in screen.codings if c.coder == "anna")
        view.select_span(on_coding.start + 1, on_coding.start + 1)
        await pilot.press("shift+tab")  # to the segments list, as in the report
        assert app.focused is not view and view.styles.outline_left[0] == ""
        assert app.focused is not None and app.focused.styles.background_tint.a > 0
        assert view._draw_cursor  # the cursor `m` and `x` act at is still on screen
        await pilot.press("m")
        assert on_coding.code in str(app.screen.query_one("Label").content)
