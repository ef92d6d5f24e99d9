"""The coding screen driven by keys and mouse through Textual's pilot, checked in the store."""

from __future__ import annotations

from textual.widgets import DataTable, Input, OptionList, Static

from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.widgets.codebook_tree import CodebookTree

SIZE = (140, 40)
TRANSCRIPT = "iom_03"


def mine(location: str, coder: str = "carol") -> list[tuple[str, int, int, str]]:
    with Project.open(location) as project:
        return [(c.code, c.start, c.end, c.memo) for c in project.codings(coders=[coder])]


def coding_screen(app: WorkbenchApp) -> CodingScreen:
    assert isinstance(app.screen, CodingScreen)
    return app.screen


def first_answer(location: str) -> tuple[int, int]:
    """The first respondent utterance of the transcript: [start, end)."""
    with Project.open(location) as project:
        doc = project.transcript(TRANSCRIPT)
    utterance = next(u for u in doc.utterances if u.speaker == "Respondent")
    return utterance.start, utterance.end


async def test_home_lists_transcripts_and_enter_opens_one(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("i", "o", "m", "_", "0", "3")  # type to filter
        assert app.screen.query_one("#filter", Input).value == "iom_03"
        await pilot.press("enter")
        assert coding_screen(app).transcript == "iom_03"
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")  # back on the table: q quits, it is not typed into the filter
        assert app.return_code == 0 and not app.is_running


async def test_slash_filters_by_names_that_start_with_a_bound_letter(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "h", "r")  # r alone would open retrieval
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#filter", Input).value == "hr"
        await pilot.press("enter")
        assert coding_screen(app).transcript == "hr_05"


async def test_select_with_shift_arrows_and_apply_a_shortcut_key(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 100)
        await pilot.press(*["shift+right"] * 12)
        assert screen.view.selected_span == (100, 112)
        await pilot.press("1")
        # The selection ends on a space, which is not coded.
        assert screen.doc.text[111] == " "
        assert mine(sample_db) == [("Legitimation/Normative claims", 100, 111, "")]
        status = screen.query_one("#status", Static).content
        assert str(status) == "coded Legitimation/Normative claims [100, 111)"


async def test_visual_mode_extends_the_selection_with_plain_movement(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 100)
        await pilot.press("v", "right", "right", "right", "v", "D")
        assert mine(sample_db) == [("Deference to states", 100, 103, "")]
        await pilot.press("right")  # visual mode is off again: the selection collapses
        assert screen.view.selected_span[0] == screen.view.selected_span[1]


async def test_mouse_drag_selects_and_a_code_applies(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        await pilot.mouse_down("#transcript", offset=(3, 2))
        await pilot.hover("#transcript", offset=(20, 2))
        await pilot.mouse_up("#transcript", offset=(20, 2))
        start, end = screen.view.selected_span
        assert end - start == 17
        await pilot.press("F")
        assert mine(sample_db) == [("Projectised funding", start, end, "")]


async def test_u_selects_the_utterance_text_without_its_label(sample_db: str) -> None:
    start, end = first_answer(sample_db)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(start - 5, start - 5)  # on the "Respondent:" label
        await pilot.press("u")
        assert screen.view.selected_span == (start, end)
        await pilot.press("9")
        assert mine(sample_db) == [("Protection DNA/Comparison with UNHCR", start, end, "")]


async def test_the_picker_filters_and_applies(sample_db: str) -> None:
    start, _ = first_answer(sample_db)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        coding_screen(app).view.select_span(start, start + 30)
        await pilot.press("c", *"projfund", "enter")
        assert mine(sample_db) == [("Projectised funding", start, start + 30, "")]


async def test_the_codebook_panel_keeps_its_place_when_a_code_is_added(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        tree = screen.query_one("#codebook", CodebookTree)
        tree.cursor_line = tree.last_line
        await pilot.pause()
        before = tree.highlighted_code()
        assert before is not None and before.path != "Legitimation"
        screen.view.select_span(100, 120)
        await pilot.press("c", *"zzqx", "enter", "enter")  # nothing matches: create it
        await pilot.pause()
        assert "zzqx" in {c.path for c in screen.codes}
        after = tree.highlighted_code()
        assert after is not None and after.path == before.path


async def test_a_short_coding_stays_on_top_of_a_longer_one_applied_after_it(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(270, 290)
        await pilot.press("2")
        screen.view.select_span(200, 500)
        await pilot.press("3")
        drawn = [s for s in screen.view._spans if s.style.startswith("wb-code-")]
        on_top = [s for s in drawn if s.start <= 280 < s.end][-1]
        assert on_top.style.endswith("Operational performance")
        # Redrawing only the lines it touched gives what redrawing everything gives.
        screen.view.select_span(250, 900)
        await pilot.press("4")
        partial = {row: list(found) for row, found in screen.view._highlights.items() if found}
        screen.redraw()
        full = {row: list(found) for row, found in screen.view._highlights.items() if found}
        assert partial == full


async def test_remove_memo_undo_and_redo_reach_the_store(sample_db: str) -> None:
    start, _ = first_answer(sample_db)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(start, start + 10)
        await pilot.press("2")
        await pilot.press("m")
        await pilot.press(*"states pay")
        await pilot.press("ctrl+s")
        assert mine(sample_db) == [
            ("Legitimation/Operational performance", start, start + 10, "states pay")
        ]
        status = screen.query_one("#status", Static).content
        assert str(status) == (
            f"memo saved on Legitimation/Operational performance [{start}, {start + 10})"
        )
        assert "states pay" in str(screen.query_one("#here", Static).content)
        await pilot.press("x")
        assert mine(sample_db) == []
        await pilot.press("ctrl+z")
        assert mine(sample_db)[0][3] == "states pay"
        await pilot.press("ctrl+z", "ctrl+z")
        assert mine(sample_db) == []
        await pilot.press("ctrl+y")
        assert mine(sample_db) == [("Legitimation/Operational performance", start, start + 10, "")]


async def test_x_asks_which_when_several_of_my_codings_cover_the_cursor(sample_db: str) -> None:
    start, _ = first_answer(sample_db)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(start, start + 10)
        await pilot.press("1", "2")
        screen.view.select_span(start + 5, start + 5)
        await pilot.press("x")
        await pilot.press("down", "enter")
        assert [c[0] for c in mine(sample_db)] == ["Legitimation/Normative claims"]


async def test_search_and_next_previous_hit(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        text = project.transcript(TRANSCRIPT).text.casefold()
    first = text.find("donor")
    second = text.find("donor", first + 1)
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        await pilot.press("slash", *"donor", "enter")
        assert screen.view.selected_span == (first, first + 5)
        await pilot.press("n")
        assert screen.view.selected_span == (second, second + 5)
        await pilot.press("N")
        assert screen.view.selected_span == (first, first + 5)


async def test_segment_navigation_and_blind_coding(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        theirs = project.codings(coders=["anna"], transcripts=[TRANSCRIPT])
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        assert screen.codings == []  # blind: other coders' codings are not shown
        await pilot.press("o")
        assert {c.coder for c in screen.codings} == {"anna", "ben"}
        screen.view.select_span(0, 0)
        await pilot.press("right_square_bracket")
        assert screen.view.selected_span == (screen.codings[0].start, screen.codings[0].end)
        assert screen.codings[0].start == min(c.start for c in theirs + screen.codings)
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert screen.view.selected_span == (screen.codings[0].start, screen.codings[0].end)
        await pilot.press("o")
        assert screen.codings == []


async def test_clicking_a_code_applies_it_to_the_selection(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        await pilot.click("#codebook", offset=(8, 0))  # nothing selected: nothing applied
        assert mine(sample_db) == []
        screen.view.select_span(10, 20)
        await pilot.click("#codebook", offset=(8, 0))
        assert mine(sample_db) == [("Legitimation", 10, 20, "")]


async def test_d_marks_the_transcript_done_and_back(sample_db: str) -> None:
    from workbench.coding.progress import statuses

    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        with Project.open(sample_db) as project:
            assert statuses(project, "carol")[TRANSCRIPT] == "done"
        await pilot.press("d")
        assert str(coding_screen(app).query_one("#status", Static).content) == (
            f"{TRANSCRIPT} marked in progress"
        )
        assert "carol: in progress" in str(coding_screen(app).query_one("#title", Static).content)
    with Project.open(sample_db) as project:
        assert statuses(project, "carol")[TRANSCRIPT] == "in_progress"


async def test_the_coder_is_asked_for_when_missing(sample_db: str) -> None:
    app = make_app(sample_db, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"dana", "enter", "y")
        assert isinstance(app.screen, HomeScreen)
        assert app.desk is not None and app.desk.coder == "dana"


async def test_the_segment_list_shows_the_codings_in_view(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        await pilot.press("o")
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        start, end = screen.view.visible_span
        assert start > 0
        in_view = [c.id for c in screen.codings if c.start < end and c.end > start]
        assert in_view and list(screen.segments_panel.shown or ()) == in_view[:20]
        options = screen.query_one("#segments", OptionList)
        assert options.option_count == len(screen.segments_panel.shown or ())


async def test_on_80_columns_the_transcript_keeps_most_of_the_width(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = coding_screen(app)
        await pilot.pause()
        side = screen.query_one("#side").size.width
        assert side <= 30
        assert screen.view.size.width >= 48  # was 36 beside a fixed 42-column panel


async def test_segments_that_start_together_are_each_visited(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        for key, span in (("1", (300, 320)), ("2", (300, 340)), ("3", (500, 540))):
            screen.view.select_span(*span)
            await pilot.press(key)
        screen.view.select_span(0, 0)
        visited = []
        for _ in range(3):
            await pilot.press("right_square_bracket")
            visited.append(screen.view.selected_span)
        # As coded (without a trailing space): two start at 300.
        assert visited == [(c.start, c.end) for c in screen.codings]
        assert [start for start, _ in visited] == [300, 300, 500]
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert screen.view.selected_span == visited[0]


async def test_no_in_vivo_code_is_created_without_a_selection(sample_db: str) -> None:
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(40, 40)
        before = len(screen.codes)
        await pilot.press("c", *"brandnew", "enter")
        await pilot.pause()
        assert len(screen.codes) == before
    with Project.open(sample_db) as project:
        assert not project.events("codebook.create")


async def test_a_command_key_wins_over_a_code_with_that_shortcut(sample_db: str) -> None:
    from sqlalchemy import update

    from workbench.store import models as m

    with Project.open(sample_db) as project, project.session() as session:
        # A project from before codebook files refused command keys.
        session.execute(update(m.Code).where(m.Code.name == "Projectised funding").values(key="d"))
    app = make_app(sample_db, "carol", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = coding_screen(app)
        screen.view.select_span(100, 110)
        await pilot.press("d")
        assert screen.status == "done"
    assert mine(sample_db) == []


async def test_home_keeps_its_row_when_the_coder_comes_back(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")
        name = coding_screen(app).transcript
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("#transcripts", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == name


async def test_a_coder_name_that_cannot_be_is_asked_again(sample_db: str) -> None:
    app = make_app(sample_db, "   ")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.is_running
        await pilot.press(*"carol", "enter", "y")  # carol has not coded yet: a new coder
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.desk is not None
        assert app.desk.coder == "carol"
