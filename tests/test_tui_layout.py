"""Layout at 80x24 and 120x40: what must be on screen, read from the frame the app draws."""

from __future__ import annotations

from textual.app import App
from textual.strip import Strip
from textual.widgets import DataTable, Input, Static

from tests.pilot_wait import settle, until
from workbench.coding.actions import CoderActions
from workbench.store.project import Project
from workbench.tui.app import make_app
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.widgets.agreement_tables import AgreementTable
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.key_hints import hints_line

SMALL, LARGE = (80, 24), (120, 40)


def screen_lines(app: App[None]) -> list[str]:
    """The text of every row of the screen, as the terminal would show it (without marking
    anything painted, as the compositor's full update would)."""
    compositor = app.screen._compositor
    chops = compositor._render_chops(compositor.size.region, lambda y: True)
    return [Strip.join(chop.values()).text for chop in chops]


async def test_key_hints_on_80_columns_keep_help_search_and_back(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        hints = screen_lines(app)[-1]
        for hint in ("? help", "/ search", "q back", "0-9 letters apply"):
            assert hint in hints


async def test_the_side_panel_scrolls_to_the_code_just_applied(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SMALL) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.pause()
        assert not any("External scrutiny" in line for line in screen_lines(app))
        screen.view.select_span(300, 340)
        await pilot.press("E")  # the last code of the codebook
        await pilot.pause()
        assert any("E External scrutiny" in line for line in screen_lines(app))
        tree = screen.query_one("#codebook", CodebookTree)
        highlighted = tree.highlighted_code()
        assert highlighted is not None and highlighted.key == "E"
        screen.view.select_span(400, 440)
        await pilot.press("9")
        await pilot.pause()
        assert any("9 Comparison with UN" in line for line in screen_lines(app))


async def test_code_names_are_whole_on_120_columns(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        for name in ("Service provider vs rights actor", "Migration management vs protection"):
            assert name in text


async def test_home_shows_my_status_at_both_sizes(sample_db: str) -> None:
    for size in (SMALL, LARGE):
        app = make_app(sample_db, "anna")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            lines = screen_lines(app)
            header = next(line for line in lines if line.lstrip().startswith("transcript"))
            assert "status" in header and "my codings" in header
            assert sum("done" in line for line in lines) == 8  # anna finished all eight


async def test_reports_table_is_whole_on_80_columns(sample_db: str) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f")
        await settle(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("theme"))
        assert header.split() == ["theme", "anna", "ben"]
        row = next(line for line in lines if "Multi-mandate tension" in line)
        assert row.split()[-2:] == ["28", "31"]


async def test_applying_a_code_lays_out_nothing(sample_db: str) -> None:
    """A new span is drawn where it is; laying out the screen again costs a frame."""
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=LARGE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.pause()
        layouts = []
        refresh_layout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(args)
            refresh_layout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        for key, span in (("1", (300, 340)), ("2", (310, 330)), ("3", (900, 960))):
            screen.view.select_span(*span)
            await pilot.pause()
            layouts.clear()
            await pilot.press(key)
            await pilot.pause()
            assert layouts == [], f"{key} laid the screen out again"
        assert [c.code.rsplit("/", 1)[-1] for c in screen.codings if c.coder == "carol"] == [
            "Normative claims", "Operational performance", "UN system status",
        ]  # fmt: skip


def test_key_hints_drop_the_least_needed_first_and_keep_their_order() -> None:
    hints = [("u", "utterance"), ("/", "search"), ("v", "visual"), ("q", "back"), ("?", "help")]
    everything = hints_line(hints, {"/", "q", "?"}, 200).plain
    assert everything == " u utterance  / search  v visual  q back  ? help "
    assert hints_line(hints, {"/", "q", "?"}, 40).plain == " u utterance  / search  q back  ? help "
    assert hints_line(hints, {"/", "q", "?"}, 30).plain == " / search  q back  ? help "
    assert hints_line(hints, {"/", "q", "?"}, 12).plain == " / search "


async def test_every_agreement_coefficient_is_on_80_columns(sample_db: str) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a")
        await settle(pilot)
        lines = screen_lines(app)
        header = next(line for line in lines if line.lstrip().startswith("code"))
        assert header.split() == ["code", "units", "anna", "ben", "agree", "kappa", "alpha", "AC1"]
        row = next(line for line in lines if line.split()[:1] == ["Legitimation"])
        assert row.split()[-5:] == ["99.8", "0.666", "0.666", "0.998", "!"]


async def test_the_agreement_table_fits_itself_again_when_its_width_changes(sample_db: str) -> None:
    """Widths worked out at one size (a report can land before the layout settles) are
    worked out again at the next: every coefficient stays on an 80-column screen."""
    app = make_app(sample_db, "anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await settle(pilot)
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        row = next(line for line in screen_lines(app) if line.split()[:1] == ["Legitimation"])
        assert row.split()[-5:] == ["99.8", "0.666", "0.666", "0.998", "!"]


async def test_a_span_applied_over_others_is_drawn_on_the_next_frame(sample_db: str) -> None:
    """Only the rows of the new span are drawn again: they must show it, underlined (mine)."""
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=LARGE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.pause()
        screen.view.select_span(320, 340)
        await pilot.press("2")
        screen.view.select_span(300, 360)
        await pilot.pause()  # drawn, and cached, with this selection and without the span
        await pilot.press("1")  # over the other: the rows are highlighted again
        await pilot.pause()
        compositor = app.screen._compositor
        chops = compositor._render_chops(compositor.size.region, lambda y: True)
        underlined = "".join(
            segment.text
            for chop in chops
            for strip in chop.values()
            for segment in strip
            if segment.style is not None and segment.style.underline
        )
        assert " ".join(screen.doc.text[300:360].split()) in " ".join(underlined.split())


async def test_retrieval_excerpts_use_the_width_there_is_at_both_sizes(sample_db: str) -> None:
    """A theme lists its codes' segments: the passage column is on screen whole, and gets at
    least half of the table (at 80 columns it was pushed off the right edge)."""
    for size in (SMALL, LARGE):
        app = make_app(sample_db, "anna")
        async with app.run_test(size=size) as pilot:
            await pilot.press("r", "enter")  # Legitimation: a theme, segments of three codes
            await settle(pilot)
            table = app.screen.query_one("#segment-table", DataTable)
            (text,) = [c for c in table.columns.values() if str(c.label) == "text"]
            assert text.width >= table.size.width // 2 - 4, size
            assert table.virtual_size.width <= table.size.width, size  # nothing off-screen
            header = next(line for line in screen_lines(app) if "transcript" in line)
            assert header.rstrip().endswith("text"), size


async def test_the_agreement_table_comes_first_on_24_rows(sample_db: str) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a")
        await settle(pilot)

        def warned_codes() -> list[str]:
            return [line for line in screen_lines(app) if line.rstrip().endswith("!")]

        # It showed four: the notes and an empty list took the rest.
        await until(pilot, lambda: len(warned_codes()) >= 12)
        lines = screen_lines(app)
        assert len(warned_codes()) >= 12, "\n".join(lines)
        note = next(line for line in lines if "prevalence under 5%" in line)
        assert note.rstrip().endswith("…")  # one line of it; `?` shows it whole
        await pilot.press("question_mark")
        help_text = str(app.screen.query_one("#help-text", Static).content)
        assert help_text.startswith("! prevalence") and "the kappa paradox" in help_text


async def test_the_agreement_table_is_fitted_before_any_frame_is_drawn(sample_db: str) -> None:
    # A DataTable sizes auto-width columns to new rows later, on idle; a frame drawn before
    # that, on a loaded machine, stayed on screen with the last coefficients cut off.
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("a")
        await settle(pilot)
        table = app.screen.query_one("#agreement-table", AgreementTable)
        assert table.shown is not None
        table.show(table.shown)  # no await: what the next frame would draw
        widths = [column.get_render_width(table) for column in table.columns.values()]
        room = [width - 2 * table.cell_padding for width in widths]
        for row in table.shown.rows:  # every coefficient whole; only code names may be cut
            assert all(len(cell) <= r for cell, r in zip(row.cells[1:], room[1:], strict=True))
        assert sum(widths) <= table.size.width


async def test_the_retrieval_title_and_its_blind_coding_note_fit_80_columns(
    sample_db: str,
) -> None:
    """The code, the count and what blind coding hides are on screen whole at 80x24 (the
    note ran off the right edge); `?` says what to do about it."""
    with Project.open(sample_db) as project:
        CoderActions(project, "carol").apply("ex_02", "Legitimation/Normative claims", 100, 200)
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r", "down", "enter")
        await settle(pilot)
        top = "\n".join(screen_lines(app)[:3])
        assert "Retrieval: Legitimation/Normative claims  1 of 1 segment" in top, top
        assert "only your codings of the 8 transcripts you have not marked done" in top, top
        await pilot.press("question_mark")
        help_text = str(app.screen.query_one("#help-text", Static).content)
        assert "mark it done (d on its coding screen)" in help_text, help_text


async def test_the_home_screens_hints_keep_their_keys_on_80_columns_and_answer_a_click(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        hints = screen_lines(app)[-1]
        for hint in ("⏎ Open", "/ Filter", "q Quit", "? Help"):
            assert hint in hints
        # As on Textual's Footer, which the line replaces: a click on a hint presses its key.
        screen = app.screen
        assert screen.focused is screen.query_one("#transcripts", DataTable)
        await pilot.click("#keys", offset=(hints.index(" / ") + 1, 0))
        await pilot.pause()
        assert screen.focused is screen.query_one("#filter", Input)


async def test_home_table_s_last_column_is_on_screen_at_both_sizes(sample_db: str) -> None:
    for size in (SMALL, LARGE):
        app = make_app(sample_db, "anna")
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            lines = screen_lines(app)
            header = next(line for line in lines if line.lstrip().startswith("transcript"))
            assert "turns" in header.split(), (size, header)  # whole, not cut
            row = next(line for line in lines if line.lstrip().startswith("iom_03"))
            assert "65" in row.split(), (size, row)  # its turns


async def test_reports_chart_is_below_the_table_on_80_columns(sample_db: str) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("f")
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert "segments per theme, by coder" in text  # the chart's heading
        assert "Accountability" in text  # the table's last row, above it
