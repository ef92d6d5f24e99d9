"""The agreement screen: per-code agreement, each code's disagreements, and settling them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS, UNIT_KINDS
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui.messages import JumpTo
from workbench.tui.screens.base import WorkingScreen

if TYPE_CHECKING:
    from workbench.agreement.disagreements import Disagreement
    from workbench.agreement.report import AgreementReport
    from workbench.agreement.table import AgreementTables, Table

EXCERPT = 70
CODE_MIN_WIDTH = 16  # below this a code name says too little to be worth the coefficients
UNDEFINED = "-"  # how the agreement table writes a coefficient that is undefined


def show_table(widget: DataTable[Text], table: Table) -> None:
    """The core's table in a DataTable: its headers and cells as they are, except that codes
    are indented under their parents as the codebook tree shows them (full paths would push
    the coefficients off an 80-column screen), headers take two lines ("anna" over "coded")
    and on a narrow screen long code names are cut so that every coefficient stays in view."""
    widget.clear(columns=True)
    widget.header_height = 2
    headers = [Text(c.header.replace(" ", "\n", 1), justify=c.align) for c in table.columns]
    figures = sum(  # the columns right of the code, each with a cell's padding either side
        max(len(line) for line in [*str(header).splitlines(), *cells]) + 2 * widget.cell_padding
        for header, *cells in zip(headers[1:], *(row.cells[1:] for row in table.rows), strict=True)
    )
    room = widget.size.width - widget.styles.scrollbar_size_vertical - figures
    code_width = max(CODE_MIN_WIDTH, room - 2 * widget.cell_padding) if widget.size.width else None
    longest = max((len(row.tree_label) for row in table.rows), default=0)
    for index, (column, header) in enumerate(zip(table.columns, headers, strict=True)):
        width = code_width if index == 0 and code_width and code_width < longest else None
        widget.add_column(header, key=column.key, width=width)
    for row in table.rows:
        cells = [Text(row.tree_label)]
        for column, cell in zip(table.columns[1:], row.cells[1:], strict=True):
            style = "bold yellow" if column.key == "warning" else "dim" if cell == UNDEFINED else ""
            cells.append(Text(cell, style=style, justify=column.align))
        widget.add_row(*cells, key=row.key)


def show_notes(widget: Static, table: Table) -> None:
    lines = [table.warning, *table.notes] if table.warning else list(table.notes)
    widget.update(Text("\n".join(lines)))
    widget.display = bool(lines)


class AgreementScreen(WorkingScreen):
    """Choose a code to list where the coders differ; 1/2/3/0 settle into `consensus`."""

    # Three or more coders add a pairwise kappa table: it shares the height with the others.
    DEFAULT_CSS = """
    AgreementScreen #pairwise-table { height: 1fr; }
    AgreementScreen .agreement-notes { height: auto; max-height: 8; padding: 0 1; }
    """

    BINDINGS = [
        Binding("1", "accept('a')", "Accept A"),
        Binding("2", "accept('b')", "Accept B"),
        Binding("3", "accept('both')", "Both"),
        Binding("0", "accept('neither')", "Neither"),
        Binding("q,escape", "back", "Back"),
    ]

    @dataclass
    class ReportReady(Message):
        report: AgreementReport
        tables: AgreementTables

    @dataclass
    class DisagreementsReady(Message):
        code: str
        found: list[Disagreement]
        settled: set[int]  # those a person has settled already (shown struck through)

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        coders = [c for c in project.coders() if c != DEFAULT_CONSENSUS]
        self.coders = coders[:2]
        self.report: AgreementReport | None = None
        self.found: list[Disagreement] = []
        self.settled: set[int] = set()
        self.current_code: str | None = None  # whose disagreements are listed

    def compose(self) -> ComposeResult:
        yield Static(Text("Agreement", style="bold"), id="title")
        with Horizontal(id="filters"):
            yield Input(",".join(self.coders), placeholder="coders, e.g. anna,ben", id="coders")
            yield Select[str](
                [(u, u) for u in UNIT_KINDS], value="utterance", allow_blank=False, id="unit"
            )
        with Vertical(id="body"):
            yield DataTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="agreement-notes", classes="agreement-notes")
            yield DataTable(id="pairwise-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="pairwise-notes", classes="agreement-notes")
            yield Static(id="disagreement-title")
            yield OptionList(id="disagreements")
        yield Footer()

    def on_mount(self) -> None:
        for hidden in ("#pairwise-table", "#pairwise-notes", "#agreement-notes"):
            self.query_one(hidden).display = False
        self.show_report()
        self.query_one("#agreement-table", DataTable).focus()

    @property
    def unit(self) -> str:
        """The unit chosen (read on the main thread: workers are given it)."""
        return str(self.query_one("#unit", Select).value)

    @on(Input.Submitted, "#coders")
    def coders_changed(self, event: Input.Submitted) -> None:
        self.coders = [c.strip() for c in event.value.split(",") if c.strip()]
        self.show_report()

    @on(Select.Changed, "#unit")
    def unit_changed(self) -> None:
        self.show_report()

    def show_report(self) -> None:
        """Compute the report for the coders and unit chosen now, in the background."""
        self.compute(tuple(self.coders), self.unit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def compute(self, coders: tuple[str, ...], unit: str) -> None:
        from workbench.agreement.report import agreement_report
        from workbench.agreement.table import agreement_tables

        if len(coders) < 2:
            raise WorkbenchError("name two or more coders, e.g. anna,ben")
        report = agreement_report(self.project, coders, unit)
        self.post_message(self.ReportReady(report, agreement_tables(report)))

    @on(ReportReady)
    def report_ready(self, message: ReportReady) -> None:
        report = self.report = message.report
        show_table(self.query_one("#agreement-table", DataTable), message.tables.main)
        show_notes(self.query_one("#agreement-notes", Static), message.tables.main)
        pairwise = self.query_one("#pairwise-table", DataTable)
        pairwise_notes = self.query_one("#pairwise-notes", Static)
        pairwise.display = message.tables.pairwise is not None
        if message.tables.pairwise is not None:
            show_table(pairwise, message.tables.pairwise)
            show_notes(pairwise_notes, message.tables.pairwise)
        else:
            pairwise_notes.display = False
        names = (
            " vs ".join(f"{label} {c}" for label, c in zip("AB", report.coders, strict=True))
            if len(report.coders) == 2
            else ", ".join(report.coders)
        )
        self.query_one("#title", Static).update(
            Text.assemble(
                ("Agreement", "bold"),
                f"  {names}  ·  unit: {report.unit}  ·  ",
                f"{len(report.transcripts)} transcripts ({report.transcript_rule})",
            )
        )

    @on(DataTable.RowSelected, "#agreement-table")
    def code_chosen(self, event: DataTable.RowSelected) -> None:
        code = event.row_key.value
        if code and self.report is not None and code != self.report.pooled.code:
            self.show_disagreements(code)

    def store_changed(self) -> None:
        self.show_report()
        if self.current_code is not None:
            self.show_disagreements(self.current_code)

    def show_disagreements(self, code: str) -> None:
        """List the disagreements on `code` for the coders and unit chosen now."""
        self.current_code = code
        self.load_disagreements(code, tuple(self.coders), self.unit)

    @work(thread=True, exclusive=True, exit_on_error=False, group="disagreements")
    def load_disagreements(self, code: str, coders: tuple[str, ...], unit: str) -> None:
        from workbench.agreement.disagreements import disagreements
        from workbench.agreement.reconcile import settled

        found = disagreements(self.project, coders, unit, codes=[code])
        done = settled(self.project, code, unit)
        marked = {i for i, d in enumerate(found) if f"{d.transcript}@{d.where}" in done}
        self.post_message(self.DisagreementsReady(code, found, marked))

    @on(DisagreementsReady)
    def disagreements_ready(self, message: DisagreementsReady) -> None:
        self.found, self.settled = message.found, message.settled
        self.query_one("#disagreement-title", Static).update(
            Text(
                f"{message.code}: {len(self.found)} disagreements "
                "(enter: open the passage; 1 accept A, 2 accept B, 3 both, 0 neither)"
            )
        )
        self.redraw_disagreements()
        options = self.query_one("#disagreements", OptionList)
        options.highlighted = 0 if self.found else None
        options.focus()

    def redraw_disagreements(self) -> None:
        options = self.query_one("#disagreements", OptionList)
        highlighted = options.highlighted
        options.set_options(Option(self.label(index, d)) for index, d in enumerate(self.found))
        options.highlighted = highlighted

    def label(self, index: int, disagreement: Disagreement) -> Text:
        style = "dim strike" if index in self.settled else ""
        text = Text(f"{disagreement.transcript}  {disagreement.where}  ", style=style or "bold")
        text.append(f"{', '.join(disagreement.coded_by)} coded it; ", style=style)
        text.append(f"{', '.join(disagreement.not_coded_by) or 'no one else'} not  ", style=style)
        excerpt = " ".join(disagreement.excerpt.split())
        text.append(excerpt[:EXCERPT], style=style or "dim")
        return text

    @on(OptionList.OptionSelected, "#disagreements")
    def open_passage(self, event: OptionList.OptionSelected) -> None:
        disagreement = self.found[event.option_index]
        self.post_message(
            JumpTo(disagreement.transcript, disagreement.start, disagreement.end, everyone=True)
        )

    def action_accept(self, choice: str) -> None:
        from workbench.agreement.reconcile import accept

        index = self.query_one("#disagreements", OptionList).highlighted
        if index is None or not self.found or self.report is None:
            self.notify("choose a code, then a disagreement", severity="warning")
            return
        coders = list(self.report.coders)
        if len(coders) != 2:  # A, B and both are a pair's choices
            self.notify(
                "settling takes two coders: name two in the coders box "
                "(or use `workbench reconcile` for more)",
                severity="warning",
            )
            return
        disagreement = self.found[index]
        take = {"a": coders[:1], "b": coders[1:2], "both": coders, "neither": []}[choice]
        try:
            added = accept(self.project, disagreement, take)
        except WorkbenchError as error:
            self.notify(str(error), severity="warning")
            return
        self.settled.add(index)
        self.redraw_disagreements()
        who = ", ".join(take) or "neither"
        self.notify(
            f"{DEFAULT_CONSENSUS}: took {who} ({added} coding{'s' if added != 1 else ''} added)",
            timeout=3,
        )
        options = self.query_one("#disagreements", OptionList)
        options.highlighted = min(index + 1, len(self.found) - 1)

    def action_back(self) -> None:
        self.dismiss()
