"""Moving the cursor or the selection draws again only the rows it changes, and the frame is
the same as a full repaint would draw."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from rich.segment import Segment
from textual.app import App
from textual.strip import Strip

from workbench.tui.app import make_app
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.widgets.transcript_view import TranscriptView

SIZE = (120, 40)
Burst = Callable[..., Awaitable[None]]
Frame = list[list[Segment]]


def styled_frame(app: App[None]) -> Frame:
    """Every row of the screen with its styles, as the compositor would write it now: rows
    not refreshed come from the widgets' caches, as on a terminal."""
    compositor = app.screen._compositor
    chops = compositor._render_chops(compositor.size.region, lambda y: True)
    return [list(Strip.join(chop.values())) for chop in chops]


async def test_a_cursor_move_draws_only_the_rows_it_changes(sample_db: str, burst: Burst) -> None:
    app = make_app(sample_db, "anna", "iom_03")
    drawn: list[int] = []
    render_line = TranscriptView._render_line

    def counted(view: TranscriptView, y: int) -> Strip:
        drawn.append(y)
        return render_line(view, y)

    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(300, 300)
        await pilot.pause()
        TranscriptView._render_line = counted  # type: ignore[method-assign]
        try:
            # What changes: one row for a move along a line; the old and new row for a move
            # down; and with a selection the rows between its old and new end.
            for keys, most in ((["right"], 1), (["down"], 2), (["shift+right"], 2)):
                drawn.clear()
                await burst(pilot, *keys)
                assert 0 < len(drawn) <= most, (keys, drawn)
        finally:
            TranscriptView._render_line = render_line  # type: ignore[method-assign]


async def test_the_rows_drawn_again_make_the_same_frame_as_a_full_repaint(
    sample_db: str, burst: Burst
) -> None:
    app = make_app(sample_db, "anna", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        view = screen.view
        view.select_span(300, 300)
        await pilot.pause()
        moves = [
            ["right"], ["shift+right", "shift+right"], ["shift+down"], ["shift+up", "shift+up"],
            ["escape"], ["down", "down"], ["v"], ["right", "right", "down"], ["escape"],
            ["escape"], ["u"], ["ctrl+shift+right"], ["end"], ["home"], ["up"],
        ]  # fmt: skip
        for keys in moves:
            await burst(pilot, *keys)
            partial = styled_frame(app)
            view._line_cache.clear()
            view.refresh()
            await pilot.pause()
            assert styled_frame(app) == partial, keys
