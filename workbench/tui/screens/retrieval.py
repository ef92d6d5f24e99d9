"""The retrieval screen: every segment coded with a code (or theme), filtered, one key to jump."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from workbench.coding.desk import CoderDesk
from workbench.domain import CodeInfo
from workbench.tui import keys
from workbench.tui.messages import JumpTo
from workbench.tui.screens.base import WorkingScreen
from workbench.tui.spans import code_colours

EXCERPT = 60
ALL_CODERS = "(all coders)"


@dataclass(frozen=True)
class Segment:
    code: str
    transcript: str
    speaker: str
    coder: str
    start: int
    end: int
    memo: str
    text: str
    attributes: dict[str, str]


class RetrievalScreen(WorkingScreen):
    """Pick a code on the left; its segments (and its children's) fill the table."""

    KEY_MAP = "retrieval"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class SegmentsLoaded(Message):
        code: str
        segments: list[Segment]

    def __init__(self, desk: CoderDesk) -> None:
        super().__init__()
        self.desk = desk
        self.project = desk.project  # the statistics read the whole study from it
        self.codes: list[CodeInfo] = []
        self.segments: list[Segment] = []
        self.shown: list[Segment] = []
        self.code: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Retrieval: choose a code", style="bold"), id="title")
        with Horizontal(id="body"):
            yield OptionList(id="code-list")
            with Vertical():
                with Horizontal(id="filters"):
                    yield Select[str](
                        [(ALL_CODERS, ALL_CODERS)], value=ALL_CODERS, allow_blank=False, id="coder"
                    )
                    yield Input(placeholder="filter: group=IOM official, 2016, ...", id="filter")
                yield DataTable(id="segment-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.codes = self.desk.codes()
        colours = code_colours(self.codes)
        options = []
        for code in self.codes:
            label = Text("  " * code.depth)
            label.append("■ ", style=colours[code.path])
            label.append(code.name, style="" if code.status == "active" else "dim")
            options.append(Option(label, id=code.path))
        code_list = self.query_one("#code-list", OptionList)
        code_list.set_options(options)
        code_list.highlighted = 0 if options else None
        coders = [(name, name) for name in self.desk.coders()]
        self.query_one("#coder", Select).set_options([(ALL_CODERS, ALL_CODERS), *coders])
        table = self.query_one("#segment-table", DataTable)
        table.add_columns("transcript", "coder", "code", "text", "speaker", "attributes", "memo")
        self.query_one("#code-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#code-list")
    def code_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.load(event.option.id)

    def store_changed(self) -> None:
        if self.code is not None:
            self.load(self.code)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, code: str) -> None:
        """Read the segments off the UI thread; the table is filled when they arrive."""
        from workbench.stats.segments import segments

        frame = segments(self.study(), code)
        attributes = [c for c in frame.columns if c not in SEGMENT_FIELDS]
        rows: list[dict[str, Any]] = frame.to_dict("records")
        found = [
            Segment(
                code=row["code"], transcript=row["transcript"], speaker=row["speaker"] or "",
                coder=row["coder"], start=int(row["start"]), end=int(row["end"]),
                memo=row["memo"] or "", text=row["text"],
                attributes={name: str(row[name]) for name in attributes if row[name]},
            )
            for row in rows
        ]  # fmt: skip
        self.post_message(self.SegmentsLoaded(code, found))

    @on(SegmentsLoaded)
    def segments_loaded(self, message: SegmentsLoaded) -> None:
        self.code, self.segments = message.code, message.segments
        self.fill()

    @on(Select.Changed, "#coder")
    @on(Input.Changed, "#filter")
    def filters_changed(self) -> None:
        self.fill()

    def fill(self) -> None:
        if self.code is None:
            return  # no code chosen yet: the title still asks for one
        coder = self.query_one("#coder", Select).value
        terms = [t.strip() for t in self.query_one("#filter", Input).value.split(",") if t.strip()]
        self.shown = [
            s for s in self.segments
            if (coder == ALL_CODERS or s.coder == coder) and all(_matches(s, t) for t in terms)
        ]  # fmt: skip
        table = self.query_one("#segment-table", DataTable)
        table.clear()
        for index, segment in enumerate(self.shown):
            excerpt = " ".join(segment.text.split())
            table.add_row(
                Text(segment.transcript), Text(segment.coder),
                Text(segment.code.rsplit("/", 1)[-1]),
                Text(excerpt[:EXCERPT] + ("…" if len(excerpt) > EXCERPT else "")),
                Text(segment.speaker), Text(" · ".join(segment.attributes.values())),
                Text(segment.memo[:30]),
                key=str(index),
            )  # fmt: skip
        title = Text(f"Retrieval: {self.code}", style="bold")
        title.append(f"  {len(self.shown)} of {len(self.segments)} segments")
        self.query_one("#title", Static).update(title)

    @on(DataTable.RowSelected, "#segment-table")
    def jump(self, event: DataTable.RowSelected) -> None:
        """Enter on a segment opens its transcript with the passage selected."""
        if event.row_key.value is None:
            return
        segment = self.shown[int(event.row_key.value)]
        self.post_message(JumpTo(segment.transcript, segment.start, segment.end))

    def action_back(self) -> None:
        self.dismiss()


SEGMENT_FIELDS = {"code", "transcript", "speaker", "coder", "start", "end", "memo", "text"}


def _matches(segment: Segment, term: str) -> bool:
    """`name=value` matches an attribute exactly (any case); a bare term any attribute or coder."""
    name, equals, value = term.partition("=")
    if equals:
        return segment.attributes.get(name.strip(), "").casefold() == value.strip().casefold()
    needle = term.casefold()
    return any(needle in v.casefold() for v in [*segment.attributes.values(), segment.coder])
