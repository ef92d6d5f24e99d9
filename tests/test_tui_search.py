"""The search screen through the pilot: typed in a burst, hits opened and coded, runs undone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from tests.pilot_wait import settle
from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import CodePicker, Confirm, HelpScreen
from workbench.tui.screens.search import SearchScreen, parse_query

SIZE = (120, 40)
Burst = Callable[..., Awaitable[None]]


async def searched(pilot: Pilot[None], burst: Burst, *keys: str) -> SearchScreen:
    """From home, `t`, the keys typed in one burst, then enter; the hits listed."""
    app = pilot.app
    assert isinstance(app, WorkbenchApp) and isinstance(app.screen, HomeScreen)
    await burst(pilot, "t", *keys, "enter")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    return screen


def carols(location: str) -> set[tuple[str, str, int, int]]:
    with Project.open(location) as project:
        return {(c.transcript, c.code, c.start, c.end) for c in project.codings(coders=["carol"])}


async def test_a_burst_typed_search_lists_hits_and_enter_opens_one(
    reviewed_db: str, burst: Burst
) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await searched(pilot, burst, *"mandate")
        table = screen.query_one("#hit-table", DataTable)
        assert table.row_count == len(screen.hits) == 18
        assert "18 hits in" in str(screen.query_one("#title", Static).content)
        assert any(hit.codes for hit in screen.hits)  # carol marked all done: she sees them
        await burst(pilot, "down", "down", "enter")
        hit = screen.hits[2]
        coding = app.screen
        assert isinstance(coding, CodingScreen) and coding.transcript == hit.transcript
        assert coding.view.selected_span == (hit.start, hit.end)
        await burst(pilot, "q")
        assert app.screen is screen and table.cursor_row == 2  # as it was left
        assert table.row_count == 18


async def test_marked_hits_are_coded_with_the_picker_and_undone_at_once(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await searched(pilot, burst, *"mandate")
        await burst(pilot, "space", "space", "c")
        assert isinstance(app.screen, CodePicker)
        await burst(pilot, *"Projectised funding", "enter")
        assert isinstance(app.screen, Confirm)
        await burst(pilot, "y")
        await settle(pilot)
        assert app.screen is screen
        first = screen.hits[0]
        coded = carols(sample_db)
        assert len(coded) == 2 and {c[0] for c in coded} == {first.transcript}
        assert all(c[1] == "Projectised funding" for c in coded)
        status = str(screen.query_one("#status", Static).content)
        assert status.startswith("coded 2 passages in 1 transcript with Projectised funding")
        # The hits are read again: carol's own codes show on them (their utterances').
        assert all("Projectised funding" in hit.codes for hit in screen.hits[:2])
        await burst(pilot, "ctrl+z")
        await settle(pilot)
        assert carols(sample_db) == set()
        assert "undid coding 2 hits of 'mandate'" in str(
            screen.query_one("#status", Static).content
        )


async def test_coding_all_hits_is_one_run_that_ctrl_z_in_a_transcript_takes_back(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await searched(pilot, burst, *"re:mandates?\\b")
        await burst(pilot, "C")
        assert isinstance(app.screen, CodePicker)
        await burst(pilot, *"Accountability", "enter")
        confirm = app.screen
        assert isinstance(confirm, Confirm) and "with Accountability?" in confirm.question
        await burst(pilot, "y")
        await settle(pilot)
        transcripts = {hit.transcript for hit in screen.hits}
        coded = carols(sample_db)
        assert {c[0] for c in coded} == transcripts and len(transcripts) > 1
        await burst(pilot, "enter")  # open the first hit's transcript
        assert isinstance(app.screen, CodingScreen)
        await burst(pilot, "ctrl+z")
        assert carols(sample_db) == set()  # in every transcript, not only the open one
        status = str(app.screen.query_one("#status", Static).content)
        assert status.startswith("undid auto-coding by search 'mandates?\\b' with Accountability")


async def test_a_bad_pattern_or_filter_is_said_on_the_status_line(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await searched(pilot, burst, *"re:(")
        assert "bad regular expression" in str(screen.query_one("#status", Static).content)
        await burst(pilot, *["backspace"] * 4, *"mandate", "tab", *"speaker=Nobody", "enter")
        await settle(pilot)
        assert "no speaker named 'Nobody'" in str(screen.query_one("#status", Static).content)
        await burst(pilot, "shift+tab", *["backspace"] * 7, *"re:x|", "enter")
        await settle(pilot)
        status = str(screen.query_one("#status", Static).content)
        assert "the pattern 'x|' matches empty text" in status
        await burst(pilot, "escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)


def test_the_filters_are_read_as_speaker_code_and_attributes() -> None:
    query = parse_query("re:do+r", " speaker = Respondent, code=Funding,group=NGO,")
    assert (query.pattern, query.regex, query.speaker, query.code) == (
        "do+r",
        True,
        "Respondent",
        "Funding",
    )
    assert query.where == (("group", "NGO"),)


async def test_coding_an_opened_hit_shows_on_the_list_when_back(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await searched(pilot, burst, *"mandate")
        assert not any(hit.codes for hit in screen.hits)  # blind: only carol's, none yet
        await burst(pilot, "enter", "c", *"Accountability", "enter", "q")
        await settle(pilot)
        assert app.screen is screen
        assert screen.hits[0].codes == ("Accountability",)
        await burst(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).content)
        assert text.startswith("Search screen") and "code every hit" in text
