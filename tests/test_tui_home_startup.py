"""The home screen takes keys as soon as the transcripts are read; the rest fills in after."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterator

import pytest
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from tests.pilot_wait import settle
from workbench.coding.desk import CoderDesk, Progress, Tallies
from workbench.coding.labels import transcript_status_label
from workbench.tui.app import make_app
from workbench.tui.screens.home import HomeScreen

SIZE = (120, 40)
Burst = Callable[..., Awaitable[None]]
HELD_FOR = 60.0  # seconds: a bound in case the test fails before it lets the worker go


@pytest.fixture
def held_tallies(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The desk's coding counts (read by the home screen's worker) wait until the event is
    set: the test acts while the slow part of the screen is certainly not read yet."""
    release = threading.Event()
    tallies = CoderDesk.tallies

    def held(desk: CoderDesk) -> Tallies:
        release.wait(HELD_FOR)
        return tallies(desk)

    monkeypatch.setattr(CoderDesk, "tallies", held)
    yield release
    release.set()  # never leave a worker thread waiting


def rows(screen: HomeScreen) -> list[list[str]]:
    table = screen.query_one("#transcripts", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_filter_typed_in_a_burst_acts_before_the_counts_are_read(
    sample_db: str, burst: Burst, held_tallies: threading.Event
) -> None:
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        await burst(pilot, *"hr_0")
        assert screen.query_one("#filter", Input).value == "hr_0"
        assert [row[:3] for row in rows(screen)] == [["hr_05", "…", "…"]]
        assert screen.overview is None  # the worker still waits for the counts
        assert str(screen.query_one("#summary", Static).content) == ""

        held_tallies.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.overview is not None
        # The filter typed before stays; my status and count fill in beside the name.
        mine = len(app.project.codings(coders=["anna"], transcripts=["hr_05"]))
        assert mine > 0
        (row,) = rows(screen)
        assert row[:3] == ["hr_05", transcript_status_label("done"), str(mine)]
        assert "anna: 207 codings" in str(screen.query_one("#summary", Static).content)


async def test_the_counts_are_read_after_the_list_is_painted(
    sample_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker's thread shares the interpreter lock with the first paint: it starts once
    # the home screen has drawn the list, then the counts fill in.
    paints: list[str] = []
    compositor_refresh = Screen._compositor_refresh  # Textual's own (pinned exactly)

    def painted(screen: Screen[object]) -> None:
        compositor_refresh(screen)
        if isinstance(screen, HomeScreen):
            paints.append("painted")

    read = CoderDesk.progress

    def progress(desk: CoderDesk) -> Progress:
        paints.append("counts read")
        return read(desk)

    monkeypatch.setattr(Screen, "_compositor_refresh", painted)
    monkeypatch.setattr(CoderDesk, "progress", progress)
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen) and screen.overview is not None
        assert paints.index("painted") < paints.index("counts read")
        assert all(row[1] != "…" and row[2] != "…" for row in rows(screen))
