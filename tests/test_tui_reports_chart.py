"""The Reports screen's chart follows the attribute chosen: a bar per value, on one scale."""

from __future__ import annotations

from textual.widgets import Select, Static

from workbench.stats.data import load_study
from workbench.stats.frequencies import counts
from workbench.store.project import Project
from workbench.tui.app import make_app
from workbench.tui.screens.reports import ReportsScreen


async def test_the_chart_draws_a_bar_per_value_of_the_chosen_attribute(reviewed_db: str) -> None:
    with Project.open(reviewed_db) as project:
        tidy = counts(load_study(project), "theme", ["year"])
    legitimation = tidy[tidy["theme"] == "Legitimation"].groupby("year")["segments"].sum()
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        by_coder = str(screen.query_one("#chart", Static).content)
        assert "segments per theme, by coder" in by_coder
        screen.query_one("#by", Select).value = "year"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        chart = str(screen.query_one("#chart", Static).content)
    assert chart.startswith("segments per theme, by year\n")
    block = chart.split("\nLegitimation\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[0] for line in block] == list(legitimation.index)
    assert [int(line.split()[-1]) for line in block] == legitimation.tolist()
