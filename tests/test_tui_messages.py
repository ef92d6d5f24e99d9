"""The coding screen's widgets and the screens' messages, driven as a user types: in bursts."""

from __future__ import annotations

from typing import TypeVar

from textual.message import Message
from textual.widgets import OptionList, Static

from tests.pilot_wait import settle
from workbench.codebook.files import COMMAND_KEYS
from workbench.coding.actions import CoderActions
from workbench.store.project import Project
from workbench.text.search import find_text
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.messages import JumpTo
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.retrieval import RetrievalScreen
from workbench.tui.widgets.search_bar import SearchBar
from workbench.tui.widgets.segments_panel import SegmentsPanel

SIZE = (140, 40)
TRANSCRIPT = "iom_03"


def mine(location: str, coder: str = "carol") -> list[tuple[str, int, int]]:
    with Project.open(location) as project:
        return [(c.code, c.start, c.end) for c in project.codings(coders=[coder])]


def coding_screen(app: WorkbenchApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


M = TypeVar("M", bound=Message)


def of_type(messages: list[Message], kind: type[M]) -> list[M]:
    """Each message of a kind once (the hook sees a message again as it bubbles up)."""
    return list({id(m): m for m in messages if isinstance(m, kind)}.values())


async def test_command_keys_are_the_letters_the_coding_screen_binds(sample_db: str) -> None:
    """A code's shortcut may not be a key the coding screen (or the app) already answers."""
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE):
        coding_screen(app)
        bound = {key for key in app.active_bindings if len(key) == 1 and key.isalnum()}
        assert bound == COMMAND_KEYS


async def test_search_bar_submits_the_query_and_closes(sample_db: str) -> None:
    messages: list[Message] = []
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = coding_screen(app)
        await pilot.press("slash", *"mandate", "enter")
        (submitted,) = of_type(messages, SearchBar.Submitted)
        assert submitted.value == "mandate" and submitted.control.id == "search"
        assert len(of_type(messages, SearchBar.Closed)) == 1
        assert screen.view.selected_span == find_text(screen.doc.text, "mandate", 0, True)
        assert app.focused is screen.view
        assert not screen.query_one("#search", SearchBar).display


async def test_escape_closes_the_search_bar_without_searching(sample_db: str) -> None:
    messages: list[Message] = []
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = coding_screen(app)
        await pilot.press("slash", *"mandate", "escape", "1")
        assert not of_type(messages, SearchBar.Submitted)
        assert len(of_type(messages, SearchBar.Closed)) == 1
        assert app.focused is screen.view and screen.query_text == ""
        # "1" after the bar closed reached the transcript, where nothing was selected.
        assert mine(sample_db) == []


async def test_choosing_a_segment_selects_its_passage(sample_db: str) -> None:
    messages: list[Message] = []
    app = make_app(sample_db, "anna", TRANSCRIPT)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(2245, 2245)  # anna's codings are in view from here
        await pilot.pause()
        panel = screen.segments_panel
        assert panel.shown and len(panel.shown) >= 2
        panel.focus()
        await pilot.press("down", "down", "enter")
        (chosen,) = of_type(messages, SegmentsPanel.SegmentChosen)
        assert chosen.control is panel and chosen.coding.id == panel.shown[1]
        assert screen.view.selected_span == (chosen.coding.start, chosen.coding.end)
        assert app.focused is screen.view


async def test_keys_in_one_burst_each_act_on_what_the_one_before_left(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        doc = project.transcript(TRANSCRIPT)
    first = next(u for u in doc.utterances if u.speaker == "Respondent")
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        # From the home screen: filter, open, select the utterance, apply 9 then 1, remove
        # the coding under the cursor (asks which of two: enter takes the first).
        await pilot.press(*TRANSCRIPT, "enter")
        screen = coding_screen(app)
        screen.view.select_span(first.start - 3, first.start - 3)
        await pilot.press("u", "9", "u", "1", "ctrl+z", "d")
        assert mine(sample_db) == [("Protection DNA/Comparison with UNHCR", first.start, first.end)]
        assert screen.status == "done"
        assert "carol: done" in str(screen.query_one("#title", Static).content)


async def test_the_picker_takes_a_whole_word_typed_at_once(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(100, 130)
        await pilot.press("c", *"deference", "enter", "x")  # applied, then removed again
        assert mine(sample_db) == []
        await pilot.press("c", *"deference", "enter")
        assert mine(sample_db) == [("Deference to states", 100, 130)]


async def test_a_screen_reads_again_in_a_worker_when_the_store_changed_meanwhile(
    sample_db: str,
) -> None:
    messages: list[Message] = []
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        screen = coding_screen(app)
        await pilot.press("r")
        assert isinstance(app.screen, RetrievalScreen)
        await pilot.press("q")  # nothing changed: nothing is read again
        await settle(pilot)
        assert not of_type(messages, CodingScreen.StateRead)
        await pilot.press("r")
        CoderActions(app.project, "carol").apply(TRANSCRIPT, "Deference to states", 10, 20)
        await pilot.press("q")
        await settle(pilot)
        (read,) = of_type(messages, CodingScreen.StateRead)
        assert [(c.code, c.start) for c in read.state.codings] == [("Deference to states", 10)]
        assert screen.codings == read.state.codings and screen.status == "in_progress"


async def test_the_home_screen_reads_again_only_after_a_change(sample_db: str) -> None:
    messages: list[Message] = []
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press(*TRANSCRIPT, "enter", "q")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # One read fills in my progress and the counts when the screen is first shown; a
        # transcript opened and left without a change reads nothing more.
        assert len(of_type(messages, HomeScreen.OverviewRead)) == 1
        await pilot.press("enter")
        coding_screen(app).view.select_span(10, 20)
        await pilot.press("1", "q")
        await settle(pilot)
        (_, read) = of_type(messages, HomeScreen.OverviewRead)
        assert read.overview.progress.codings == {TRANSCRIPT: 1}
        assert read.overview.progress.status_of(TRANSCRIPT) == "in_progress"


async def test_retrieval_and_agreement_post_one_jump_message(reviewed_db: str) -> None:
    messages: list[Message] = []
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        retrieval = app.screen
        assert isinstance(retrieval, RetrievalScreen)
        retrieval.query_one("#segment-table").focus()
        await pilot.press("enter")
        first = retrieval.shown[0]
        assert first.coder != "carol"  # another coder's segment is shown with theirs
        assert of_type(messages, JumpTo) == [
            JumpTo(first.transcript, first.start, first.end, everyone=True)
        ]
        await pilot.press("q", "a")
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        app.screen.query_one("#disagreements", OptionList).highlighted = 0
        await pilot.press("enter")
        jump = of_type(messages, JumpTo)[-1]
        assert jump.everyone and coding_screen(app).show_others
        assert coding_screen(app).view.selected_span == (jump.start, jump.end)
