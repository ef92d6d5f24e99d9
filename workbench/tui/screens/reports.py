"""The reports screen: code and theme frequencies by attribute, a bar chart, co-occurrence,
thematic saturation."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Number
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Select, Static

from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui import keys
from workbench.tui.screens.base import WorkingScreen
from workbench.tui.screens.modals import Prompt
from workbench.tui.widgets.status_line import StatusLine
from workbench.tui.widgets.table_fill import fill_table

if TYPE_CHECKING:
    import pandas as pd

BAR_WIDTH = 30
SERIES_WIDTH = 14  # an attribute value's (or coder's) name in the chart
NO_ATTRIBUTE = "(none: by coder)"
DEFAULT_ORDER = "(default order)"  # as conducted, else by name: see interview_order
VIEWS = ("frequencies", "co-occurrence", "saturation")


@dataclass(frozen=True)
class ReportChoice:
    view: str = "frequencies"
    level: str = "theme"
    by: str = NO_ATTRIBUTE
    measure: str = "segments"
    order: str = DEFAULT_ORDER  # the saturation view's order of interviews

    def file_name(self) -> str:
        if self.view == "co-occurrence":
            return f"cooccurrence_{self.level}.csv"
        by = "" if self.by == NO_ATTRIBUTE else f"_by_{self.by}"
        if self.view == "saturation":
            order = "" if self.order == DEFAULT_ORDER else f"_in_{self.order}_order"
            return f"saturation_{self.level}{by}{order}.csv"
        return f"{self.measure}_{self.level}{by}.csv"


class ReportsScreen(WorkingScreen):
    """What is shown is what `w` writes: the table exactly as displayed, as CSV."""

    KEY_MAP = "reports"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class TableReady(Message):
        choice: ReportChoice
        frame: pd.DataFrame
        bars: dict[str, dict[str, float]]  # row label -> series -> value (empty: no chart)
        panel: Text | None = None  # the text beside the table, when not a bar chart

    def __init__(self, project: Project, viewer: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.viewer = viewer
        self.choice = ReportChoice()
        self.frame: pd.DataFrame | None = None
        self.shown: ReportChoice | None = None  # the choice the table on screen answers

    def compose(self) -> ComposeResult:
        yield Static(Text("Reports", style="bold"), id="title")
        with Horizontal(id="filters"):
            yield Select[str](
                [(v, v) for v in VIEWS], value="frequencies", allow_blank=False, id="view"
            )
            yield Select[str](
                [("themes", "theme"), ("codes", "code")],
                value="theme",
                allow_blank=False,
                id="level",
            )
            yield Select[str](
                [(NO_ATTRIBUTE, NO_ATTRIBUTE)], value=NO_ATTRIBUTE, allow_blank=False, id="by"
            )
            yield Select[str](
                [(m, m) for m in ("segments", "transcripts", "words")],
                value="segments",
                allow_blank=False,
                id="measure",
            )
            yield Select[str](
                [(DEFAULT_ORDER, DEFAULT_ORDER)], value=DEFAULT_ORDER, allow_blank=False, id="order"
            )
        with Horizontal(id="body", classes="reports-body"):
            yield DataTable(id="report-table", zebra_stripes=True)
            with VerticalScroll(id="chart-box"):
                yield Static(id="chart")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        names = self.attribute_names()
        self.query_one("#by", Select).set_options(
            [(NO_ATTRIBUTE, NO_ATTRIBUTE), *((n, n) for n in names)]
        )
        self.query_one("#by", Select).value = NO_ATTRIBUTE
        order = self.query_one("#order", Select)
        order.set_options([(DEFAULT_ORDER, DEFAULT_ORDER), *((n, n) for n in names)])
        order.value = DEFAULT_ORDER
        order.display = False  # only the saturation view has an order
        self.compute(self.choice)

    def attribute_names(self) -> list[str]:
        return list(dict.fromkeys(k for t in self.project.transcripts() for k in t.attributes))

    @on(Select.Changed)
    def choice_changed(self) -> None:
        values = {s.id: s.value for s in self.query(Select)}
        choice = ReportChoice(
            view=str(values["view"]), level=str(values["level"]), by=str(values["by"]),
            measure=str(values["measure"]), order=str(values["order"]),
        )  # fmt: skip
        self.query_one("#order", Select).display = choice.view == "saturation"
        self.query_one("#measure", Select).display = choice.view == "frequencies"
        if choice != self.choice:
            self.choice = choice
            self.compute(choice)

    def store_changed(self) -> None:
        self.compute(self.choice)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def compute(self, choice: ReportChoice) -> None:
        """Tabulate off the UI thread; the table is drawn when the result arrives."""
        from workbench.stats.frequencies import bar_groups, cooccurrence, counts, wide

        data = self.study()
        bars: dict[str, dict[str, float]] = {}
        if choice.view == "saturation":
            frame, panel = self.saturation(choice)
            self.post_message(self.TableReady(choice, frame, bars, panel))
            return
        if choice.view == "co-occurrence":
            frame = cooccurrence(data, choice.level, "utterance")
        else:
            by = [] if choice.by == NO_ATTRIBUTE else [choice.by]
            tidy = counts(data, choice.level, by)
            frame = wide(tidy, by, choice.measure)
            if choice.level == "theme":
                frame = frame.drop(columns=["code"])
            bars = bar_groups(tidy, choice.level, by, choice.measure)
        self.post_message(self.TableReady(choice, frame, bars))

    def saturation(self, choice: ReportChoice) -> tuple[pd.DataFrame, Text]:
        """The saturation table and its summary (the paper's default rule; the command
        `workbench saturation` takes others); an attribute that cannot order says so."""
        import pandas as pd

        from workbench.stats.saturation import SaturationRule, assess
        from workbench.tui.screens.reports_saturation import saturation_text

        order = None if choice.order == DEFAULT_ORDER else choice.order
        by = None if choice.by == NO_ATTRIBUTE else choice.by
        try:
            found = assess(self.study(), SaturationRule(), order, choice.level, by)
        except WorkbenchError as error:
            return pd.DataFrame(), Text(str(error), style="red")
        return found.table, saturation_text(found.table, found.summary, found.describe(), by)

    @on(TableReady)
    def table_ready(self, message: TableReady) -> None:
        if message.choice != self.choice:
            return  # an older request finished after a newer one was made
        self.frame, self.shown = message.frame, message.choice
        rows = [(None, [_cell(v) for v in row]) for row in message.frame.itertuples(index=False)]
        headers = [str(c) for c in message.frame.columns]
        fill_table(self.query_one("#report-table", DataTable), headers, rows)
        panel = message.panel or self.chart(message.choice, message.bars)
        self.query_one("#chart", Static).update(panel)
        title = Text("Reports", style="bold")
        if note := self.blind_note():
            title.append(f"  ·  {note}", style="yellow")
        self.query_one("#title", Static).update(title)

    def chart(self, choice: ReportChoice, bars: dict[str, dict[str, float]]) -> Text:
        """Per code (or theme), a bar per value of the attribute chosen (without one, per
        coder), drawn with block characters on one scale."""
        if choice.view == "co-occurrence":
            return Text("co-occurrence: utterances where both codes occur (one coder)", "dim")
        series = "coder" if choice.by == NO_ATTRIBUTE else choice.by
        peak = max((v for group in bars.values() for v in group.values()), default=0) or 1
        text = Text()
        text.append(f"{choice.measure} per {choice.level}, by {series}\n", style="bold")
        for label, group in bars.items():
            text.append(f"\n{label.rsplit('/', 1)[-1][: SERIES_WIDTH * 2]}\n")
            for name, value in group.items():
                text.append(f"  {name[:SERIES_WIDTH]:<{SERIES_WIDTH}} ")
                text.append("█" * round(BAR_WIDTH * value / peak), style="cyan")
                text.append(f" {value:g}\n")
        return text

    def action_export(self) -> None:
        if self.frame is None or self.shown != self.choice:
            self.say("the table is still being computed: press w again when it is shown")
            return
        frame, shown = self.frame, self.shown

        def write(path: str | None) -> None:
            if not path:
                return
            from workbench.stats.export import csv_text
            from workbench.text.outfile import project_file, write_file

            own = project_file(self.project.location)
            try:  # the rules of every output: never the project, no silent overwrite
                write_file(Path(path).expanduser(), csv_text(frame), protect=[own] if own else [])
            except WorkbenchError as error:
                self.say(str(error))
                return
            self.say(f"wrote {path}")

        self.app.push_screen(Prompt("Export what is shown to CSV file:", shown.file_name()), write)

    def action_back(self) -> None:
        self.dismiss()


def _cell(value: object) -> Text:
    if isinstance(value, Number) and not isinstance(value, bool):
        return Text(f"{value:g}", justify="right")
    return Text("" if value is None else str(value))
