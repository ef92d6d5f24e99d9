"""Snapshots of the main screens at 80x24 and 120x40: they guard layout and the coloured spans."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.pilot_wait import settle
from workbench.tui.app import make_app
from workbench.tui.screens.coding import CodingScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
def test_home_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    # My progress and the counts fill in from a worker: the snapshot is of the filled screen.
    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, run_before=settle)


@SIZES
def test_coding_screen_with_spans_and_a_selection(  # type: ignore[no-untyped-def]
    sample_db: str, snap_compare, size: tuple[int, int]
) -> None:
    async def select(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, CodingScreen)
        await pilot.press("o")  # both coders' spans, and where they differ
        screen.view.select_span(300, 300)
        await pilot.press(*["shift+right"] * 25)

    assert snap_compare(
        make_app(sample_db, "anna", "iom_03"), terminal_size=size, run_before=select
    )


@SIZES
def test_retrieval_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def retrieve(pilot: Pilot[None]) -> None:
        await pilot.press("r", "down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, run_before=retrieve)


@SIZES
def test_codebook_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, press=["b", "down"])


@SIZES
def test_reports_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def by_group(pilot: Pilot[None]) -> None:
        await pilot.press("f")
        await pilot.app.workers.wait_for_complete()
        screen = pilot.app.screen
        screen.query_one("#by").value = "group"  # type: ignore[attr-defined]
        await pilot.pause()
        for _ in range(50):  # until the table on screen answers the choice made
            await settle(pilot)
            if screen.shown == screen.choice:  # type: ignore[attr-defined]
                break
        # The table's column widths follow its rows: lay it out once they are all in.
        screen.query_one("#report-table").refresh(layout=True)
        await settle(pilot)

    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, run_before=by_group)


@SIZES
def test_agreement_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def disagreements(pilot: Pilot[None]) -> None:
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, run_before=disagreements)


@SIZES
def test_search_screen(sample_db: str, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[None]) -> None:
        await pilot.press("t", *"mandate", "enter")
        await settle(pilot)
        await pilot.press("down", "space")  # a marked hit, the cursor on the next

    assert snap_compare(make_app(sample_db, "anna"), terminal_size=size, run_before=search)
