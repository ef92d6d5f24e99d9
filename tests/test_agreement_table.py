"""One agreement table for both front ends: the CLI's printout and the TUI's DataTables agree.

Each case renders the same report both ways, for two and three coders at every unit, and
compares headers, cells and the notes under the tables; the TUI's code column is the
codebook tree (each name indented under its parent's), the CLI's the full paths.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Input, Select, Static

from tests.pilot_wait import settle
from workbench.agreement.report import POOLED, agreement_report
from workbench.agreement.table import PAIRWISE_TITLE, PREVALENCE_WARNING, agreement_tables
from workbench.agreement.vocabulary import UNIT_KINDS
from workbench.cli import main
from workbench.coding.actions import CoderActions
from workbench.store.project import Project
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen

SIZE = (160, 50)
COLUMN_GAP = re.compile(r" {2,}")  # print_table pads and joins cells with two spaces or more


def add_third_coder(location: str) -> None:
    """carol: every third of anna's codings as they are, every fourth of ben's cut shorter."""
    with Project.open(location) as project:
        carol = CoderActions(project, "carol")
        for coding in project.codings(coders=["anna"])[::3]:
            carol.apply(coding.transcript, coding.code, coding.start, coding.end)
        for coding in project.codings(coders=["ben"])[1::4]:
            carol.apply(coding.transcript, coding.code, coding.start + 5, coding.end)


def dora_has_finished(location: str) -> None:
    """dora, who opens the TUI, marked every transcript done: blind coding hides nothing from
    her, so that she sees the table the CLI prints for the team."""
    from workbench.coding.status import set_statuses

    with Project.open(location) as project:
        set_statuses(project, [t.name for t in project.transcripts()], "dora", "done")


def cli_blocks(out: str) -> dict[str, list[list[str]]]:
    """The CLI's tables by title ('' for the main one): header then rows, cells split."""
    blocks: dict[str, list[list[str]]] = {}
    lines = out.split("\n")
    for title, start in (("", lines.index("") + 1), (PAIRWISE_TITLE, None)):
        if start is None:
            if PAIRWISE_TITLE not in lines:
                continue
            start = lines.index(PAIRWISE_TITLE) + 1
        end = start
        while end < len(lines) and lines[end] and not lines[end].startswith("- "):
            end += 1
        blocks[title] = [COLUMN_GAP.split(line.strip()) for line in lines[start:end]]
    return blocks


def cli_notes(out: str) -> list[str]:
    """Every line under the tables that is a warning or a note, in order."""
    return [line for line in out.split("\n") if line.startswith(("! ", "- ", "across codes, "))]


def tui_rows(table: DataTable[object]) -> list[list[str]]:
    # The TUI writes a header over two lines ("anna" over "coded") to leave room for codes.
    header = [str(column.label).replace("\n", " ") for column in table.ordered_columns]
    rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
    return [header, *rows]


def without_trailing_blank(cells: list[str]) -> list[str]:
    """The CLI strips the line, so the empty note column of a row without '!' vanishes."""
    while cells and cells[-1] == "":
        cells = cells[:-1]
    return cells


def tree_label(path: str) -> str:
    if path == POOLED:
        return path
    *parents, name = path.split("/")
    return "  " * len(parents) + name


def assert_same(cli: list[list[str]], tui: list[list[str]]) -> None:
    assert len(cli) == len(tui)
    assert cli[0] == without_trailing_blank(tui[0])
    for printed, shown in zip(cli[1:], tui[1:], strict=True):
        assert shown[0] == tree_label(printed[0])
        assert printed[1:] == without_trailing_blank(shown[1:])


@pytest.mark.parametrize("coders", [("anna", "ben"), ("anna", "ben", "carol")], ids=len)
async def test_the_cli_and_the_tui_show_one_table(sample_db: str, coders: tuple[str, ...]) -> None:
    if len(coders) > 2:
        add_third_coder(sample_db)
    printed = {}
    for unit in UNIT_KINDS:
        result = CliRunner().invoke(
            main, ["agreement", "-p", sample_db, "--coders", ",".join(coders), "--unit", unit]
        )
        assert result.exit_code == 0, result.output
        printed[unit] = result.stdout
    dora_has_finished(sample_db)
    app = make_app(sample_db, "dora")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await settle(pilot)
        screen.query_one("#coders", Input).value = ",".join(coders)
        screen.query_one("#coders", Input).focus()
        await pilot.press("enter")
        for unit in UNIT_KINDS:
            screen.query_one("#unit", Select).value = unit
            await pilot.pause()
            await settle(pilot)
            assert screen.report is not None
            assert (screen.report.coders, screen.report.unit) == (coders, unit)
            blocks = cli_blocks(printed[unit])
            assert len(blocks[""]) == 1 + len(screen.report.rows) + 1  # header, codes, pooled
            main_table = tui_rows(screen.query_one("#agreement-table", DataTable))
            assert_same(blocks[""], main_table)
            pairwise = screen.query_one("#pairwise-table", DataTable)
            assert pairwise.display == (len(coders) > 2)
            if len(coders) > 2:
                assert_same(blocks[PAIRWISE_TITLE], tui_rows(pairwise))
            else:
                assert PAIRWISE_TITLE not in blocks
            shown_notes = [
                str(widget.content).split("\n")
                for widget in screen.query(".agreement-notes").results(Static)
                if widget.display
            ]
            assert [line for lines in shown_notes for line in lines] == cli_notes(printed[unit])
            headers = main_table[0]
            if unit == "span":
                assert "u-alpha" in headers and "alpha" not in headers
            elif len(coders) > 2:
                assert {"Fleiss", "alpha"} <= set(headers) and "kappa" not in headers
            else:
                assert {"kappa", "alpha"} <= set(headers) and "Fleiss" not in headers
            share = "coverage" if unit in ("character", "span") else "coded"
            assert headers[2 : 2 + len(coders)] == [f"{c} {share}" for c in coders]


def test_the_table_says_why_a_figure_is_missing(sample_db: str) -> None:
    """A code one coder never used: kappa 0 by definition, said under the table; the rare
    codes of the sample are marked and the mark explained."""
    with Project.open(sample_db) as project:
        report = agreement_report(project, ["anna", "ben"], codes=["Multi-mandate tension"])
    table = agreement_tables(report).main
    assert table.headers == [
        "code", "units", "anna coded", "ben coded", "agree %", "kappa", "alpha", "AC1", "",
    ]  # fmt: skip
    (row, pooled) = table.rows
    assert (row.key, row.depth, pooled.key) == ("Multi-mandate tension", 0, POOLED)
    assert row.cells[-1] == "!" and table.warning == PREVALENCE_WARNING
    assert table.notes == (
        "- kappa: one coder made the same decision on every unit: kappa is 0: "
        "Multi-mandate tension, (pooled)",
    )


def test_codes_are_rows_in_codebook_order_with_their_depth(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        report = agreement_report(project, ["anna", "ben"], "span")
    tables = agreement_tables(report)
    assert tables.pairwise is None and tables.by_transcript is None
    labels = [row.tree_label for row in tables.main.rows[:3]]
    assert labels == ["Legitimation", "  Normative claims", "  Operational performance"]
    assert tables.main.rows[-1].key == POOLED
    assert tables.main.notes[-1].startswith("across codes, u-alpha and cu-alpha: undefined (")


async def test_the_report_worker_uses_the_coders_and_unit_it_is_given(sample_db: str) -> None:
    """Workers never read widgets: the handler reads them and passes them on."""
    dora_has_finished(sample_db)
    app = make_app(sample_db, "dora")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await settle(pilot)
        assert screen.query_one("#unit", Select).value == "utterance"
        screen.compute(("ben", "anna"), "sentence")
        await settle(pilot)
        assert screen.report is not None
        assert (screen.report.coders, screen.report.unit) == (("ben", "anna"), "sentence")
        screen.load_disagreements("Legitimation", ("anna", "ben"), "span")
        await settle(pilot)
        assert screen.found and {d.unit for d in screen.found} == {"span"}
