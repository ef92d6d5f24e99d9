"""Moving around the coding screen: ends of the transcript, segments, search hits, words."""

from __future__ import annotations

from textual.widgets import Static

from workbench.store.project import Project
from workbench.text.search import find_all
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.coding import CodingScreen

SIZE = (140, 40)
TRANSCRIPT = "iom_03"


def coding_screen(app: WorkbenchApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


def status_line(app: WorkbenchApp) -> str:
    return str(coding_screen(app).query_one("#status", Static).content)


async def test_g_and_ctrl_home_end_jump_to_the_ends_of_the_transcript(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        length = len(screen.doc.text)
        screen.view.select_span(500, 500)
        await pilot.press("G")
        assert screen.view.cursor_offset == length and screen.view.scroll_y > 0
        await pilot.press("g")
        assert screen.view.cursor_offset == 0 and screen.view.scroll_y == 0
        await pilot.press("ctrl+end")
        assert screen.view.cursor_offset == length
        await pilot.press("ctrl+home")
        assert screen.view.cursor_offset == 0
        await pilot.press("v", "G")  # visual mode: the jump selects
        assert screen.view.selected_span == (0, length)


async def test_segment_keys_put_the_cursor_on_the_segment_start(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        for key, span in (("1", (300, 320)), ("3", (500, 540))):
            screen.view.select_span(*span)
            await pilot.press(key)
        first, second = ((c.start, c.end) for c in screen.codings)
        screen.view.select_span(0, 0)
        await pilot.press("right_square_bracket")
        assert screen.view.selected_span == first and screen.view.cursor_offset == first[0]
        await pilot.press("right_square_bracket")
        assert screen.view.selected_span == second and screen.view.cursor_offset == second[0]
        await pilot.press("left_square_bracket")
        assert screen.view.selected_span == first and screen.view.cursor_offset == first[0]
        await pilot.press("left_square_bracket")
        assert status_line(app) == "no coded segment before this one"


async def test_search_says_which_hit_of_how_many(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        hits = find_all(screen.doc.text, "donor")
        assert len(hits) >= 2
        await pilot.press("slash", *"donor", "enter")
        assert status_line(app) == f"“donor”: hit 1 of {len(hits)}"
        await pilot.press("n")
        assert screen.view.selected_span == hits[1]
        assert status_line(app) == f"“donor”: hit 2 of {len(hits)}"
        await pilot.press("N", "N")  # back past the first: round to the last
        assert screen.view.selected_span == hits[-1]
        assert status_line(app) == f"“donor”: hit {len(hits)} of {len(hits)}"


async def test_word_wise_selection_codes_the_words_without_the_space_after(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        doc = project.transcript(TRANSCRIPT)
    answer = next(u for u in doc.utterances if u.speaker == "Respondent")
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(answer.start, answer.start)
        await pilot.press("ctrl+shift+right", "ctrl+shift+right", "1")
        start, end = screen.view.selected_span
        assert doc.text[end - 1].isspace()  # the selection took the space after the words
        (coding,) = screen.codings
        assert (coding.start, coding.end) == (start, end - 1)
        assert not doc.text[coding.end - 1].isspace()
        assert status_line(app).endswith(f"[{start}, {end - 1})")
