"""The Reports screen's saturation view: the table of new codes per interview, the point
reached, groups, and an order that cannot be used said in the panel."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static

from tests.pilot_wait import settle
from workbench.tui.app import make_app
from workbench.tui.screens.reports import ReportsScreen


async def choose(pilot: Pilot[None], screen: ReportsScreen, **values: str) -> None:
    """Choose each value in turn, as a user would, and wait for the report it asks for."""
    for name, value in values.items():
        screen.query_one(f"#{name}", Select).value = value
        await settle(pilot)


async def test_saturation_view_shows_the_table_and_the_point(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await settle(pilot)
        assert not screen.query_one("#order", Select).display
        await choose(pilot, screen, view="saturation", level="code", order="number")
        assert screen.query_one("#order", Select).display
        assert not screen.query_one("#measure", Select).display
        table = screen.query_one("#report-table", DataTable)
        transcripts = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        news = [int(str(table.get_row_at(i)[4])) for i in range(table.row_count)]
        panel = str(screen.query_one("#chart", Static).content)
        assert screen.choice.file_name() == "saturation_code_in_number_order.csv"
        # The sample study counted by hand (tests/test_stats_saturation.py): 20, 1, then 0s.
        assert transcripts[:3] == ["ms_01", "ex_02", "un_02"]
        assert news == [20, 1, 0, 0, 0, 0, 0, 0]
        assert "all interviews: 4+2" in panel
        assert "base 4, runs of 2 (rolling), new information <= 5%; order: number" in panel

        await choose(pilot, screen, by="group")
        panel = str(screen.query_one("#chart", Static).content)
        assert "IOM official: not reached" in panel
        assert "3 interviews: a base of 4 and a run of 2 need more" in panel

        await choose(pilot, screen, by="year", order="year")
        panel = str(screen.query_one("#chart", Static).content)
        assert panel == "--by year: the interviews are ordered by it already"
        assert screen.query_one("#report-table", DataTable).row_count == 0


async def test_saturation_view_by_default_takes_the_interviews_as_conducted(
    reviewed_db: str,
) -> None:
    """The same default as `workbench saturation` and the appendix: by year, said so."""
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await settle(pilot)
        await choose(pilot, screen, view="saturation", level="code")
        assert screen.query_one("#order", Select).value == "(default order)"
        table = screen.query_one("#report-table", DataTable)
        transcripts = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        panel = str(screen.query_one("#chart", Static).content)
        assert transcripts[:4] == ["ms_01", "iom_03", "iom_13", "un_02"]
        assert "order: year (when conducted; ties by transcript name)" in panel
        assert screen.choice.file_name() == "saturation_code.csv"
