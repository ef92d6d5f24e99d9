"""Memos, undo and the coder prompt on the TUI, typed in bursts and checked in the store."""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from workbench.coding.actions import CoderActions
from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.coder_prompt import CoderPrompt
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import Confirm, MemoEditor

SIZE = (140, 40)
TRANSCRIPT = "iom_03"
CODE = "Legitimation/Operational performance"  # key 2


def coding_screen(app: WorkbenchApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


def status_line(app: WorkbenchApp) -> str:
    return str(coding_screen(app).query_one("#status", Static).content)


async def burst(pilot: Pilot[None], *keys: str) -> None:
    """Keys as a terminal delivers a burst: all queued before the first is handled (the
    pilot's `press` waits for each key to be handled before it sends the next)."""
    for key in keys:
        if len(key) == 1:
            pilot.app.post_message(events.Key("space" if key == " " else key, key))
        else:
            pilot.app.post_message(events.Key(key, None))
    for _ in keys:  # as many turns as keys: each may travel through a queue or two
        await pilot.pause()


def memos(location: str) -> tuple[str, list[str]]:
    """carol's memo on the transcript, and her codings' memos."""
    with Project.open(location) as project:
        coded = project.codings(coders=["carol"], transcripts=[TRANSCRIPT])
        return CoderActions(project, "carol").transcript_memo(TRANSCRIPT), [c.memo for c in coded]


async def test_a_transcript_memo_typed_in_a_burst_is_saved_and_said(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(0, 0)  # no coding of mine here: the transcript's
        await pilot.press("m")
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*"Respondent is cautious", "ctrl+s")
        assert memos(sample_db) == ("Respondent is cautious", [])
        assert status_line(app) == f"memo saved on transcript {TRANSCRIPT}"


async def test_a_memo_and_ctrl_s_in_one_burst_keep_every_key(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 110)
        await pilot.press("2", "m")
        await burst(pilot, *"Respondent is", "ctrl+s")
        assert isinstance(app.screen, CodingScreen)
        assert memos(sample_db) == ("", ["Respondent is"])
        await pilot.press("m")  # more, after what is there
        await burst(pilot, *" cautious", "ctrl+s")
        assert memos(sample_db) == ("", ["Respondent is cautious"])
        screen.view.select_span(0, 0)
        await pilot.press("m")
        await burst(pilot, *"hedges", "escape")
        assert isinstance(app.screen, Confirm)  # every letter typed counts as an edit
        await pilot.press("y")
        assert isinstance(app.screen, CodingScreen)
        assert memos(sample_db) == ("", ["Respondent is cautious"])


async def test_undo_after_a_transcript_memo_undoes_that_memo_only(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 110)
        await pilot.press("2", "m")
        await pilot.press(*"hedges", "ctrl+s")
        screen.view.select_span(0, 0)
        await pilot.press("m")
        await pilot.press(*"cautious", "ctrl+s")
        assert memos(sample_db) == ("cautious", ["hedges"])

        await pilot.press("ctrl+z")
        assert memos(sample_db) == ("", ["hedges"])  # the coding's memo is untouched
        assert status_line(app) == f"undid memo on transcript {TRANSCRIPT}: now empty"
        await pilot.press("ctrl+z")
        assert memos(sample_db) == ("", [""])
        assert status_line(app) == f"undid memo on {CODE} [100, 110): now empty"
        await pilot.press("ctrl+y")
        assert memos(sample_db) == ("", ["hedges"])
        assert status_line(app) == f"redid memo on {CODE} [100, 110): now “hedges”"


async def test_a_new_memo_clears_what_was_left_to_redo(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 110)
        await pilot.press("2", "m")
        await pilot.press(*"hedges", "ctrl+s", "ctrl+z")
        assert memos(sample_db) == ("", [""])
        screen.view.select_span(0, 0)
        await pilot.press("m")
        await pilot.press(*"cautious", "ctrl+s", "ctrl+y")
        assert memos(sample_db) == ("cautious", [""])  # the undone memo stays undone
        assert status_line(app) == "nothing to redo"


async def test_escape_asks_before_it_discards_an_edited_memo(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(0, 0)
        await pilot.press("m")
        await pilot.press(*"half a thought", "escape")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # keep editing: nothing is lost
        assert isinstance(app.screen, MemoEditor)
        await pilot.press(*" more", "escape", "y")
        assert isinstance(app.screen, CodingScreen)
        assert memos(sample_db) == ("", [])
        await pilot.press("m", "escape")  # nothing edited: closes without asking
        assert isinstance(app.screen, CodingScreen)


async def test_the_coder_prompt_lists_the_coders_and_asks_before_adding_one(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        coders = project.coders()
    app = make_app(sample_db, None)
    async with app.run_test(size=SIZE) as pilot:
        prompt = app.screen
        assert isinstance(prompt, CoderPrompt)
        listed = prompt.query_one("#coders", OptionList)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == (
            coders
        )
        await pilot.press(*"Me", "enter")
        assert isinstance(app.screen, Confirm) and app.desk is None
        await pilot.press("n")  # choose again
        assert app.screen is prompt and app.desk is None
        await pilot.press("ctrl+u", "down", "enter")  # the second coder listed
        assert isinstance(app.screen, HomeScreen)
        assert app.desk is not None and app.desk.coder == coders[1]
    with Project.open(sample_db) as project:
        assert project.coders() == coders


async def test_a_name_in_another_case_is_that_coder(sample_db: str) -> None:
    app = make_app(sample_db, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"ANNA", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert app.desk is not None and app.desk.coder == "anna"


async def test_the_first_coder_of_a_new_project_is_added_when_confirmed(
    sqlite_location: str,
) -> None:
    Project.init(sqlite_location).close()
    app = make_app(sqlite_location, None)
    async with app.run_test(size=SIZE) as pilot:
        prompt = app.screen
        assert isinstance(prompt, CoderPrompt)
        assert not prompt.query_one("#coders", OptionList).display
        await pilot.press("enter")  # nothing typed, nobody to choose: nothing happens
        assert app.screen is prompt
        await pilot.press(*"anna", "enter")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen)
        assert app.desk is not None and app.desk.coder == "anna"
