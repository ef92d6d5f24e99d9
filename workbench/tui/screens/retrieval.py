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
from workbench.text.words import counted
from workbench.tui import keys
from workbench.tui.column_widths import fit_columns
from workbench.tui.messages import JumpTo
from workbench.tui.screens.base import WorkingScreen
from workbench.tui.spans import code_colours
from workbench.tui.widgets.status_line import StatusLine

ALL_CODERS = "(all coders)"
# Columns other than the passage are as wide as their widest cell, up to these widths; the
# passage gets the rest of the table, and never less than MIN_EXCERPT. Attributes and the
# memo are in the preview below the table, with the whole passage.
CAPS = {"transcript": 16, "speaker": 14, "coder": 12, "code": 24}
# Where the passage needs the room (80 columns) the others are cut down to these widths,
# and then left out, least needed first (the preview below the table shows them all).
FLOORS = {"transcript": 10, "speaker": 8, "coder": 5, "code": 10}
NEEDED = ("transcript", "coder", "code", "speaker")
MIN_EXCERPT = 20


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


@dataclass(frozen=True)
class RetrievalChoice:
    """What the coder chose on the retrieval screen: the app keeps it for the next visit."""

    code: str | None = None
    coder: str = ALL_CODERS
    filter: str = ""
    text: str = ""
    row: int = 0


class RetrievalScreen(WorkingScreen):
    """Pick a code on the left; its segments (and its children's) fill the table.

    A passage opened from here opens above it: going back finds the code, coder, filters
    and row as they were; leaving hands them to the app for the next visit. The coder sees
    others' segments only in transcripts they marked done (blind coding)."""

    KEY_MAP = "retrieval"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class SegmentsLoaded(Message):
        code: str
        segments: list[Segment]

    @dataclass
    class Left(Message):
        """Posted to the app as the screen closes, with what was chosen on it."""

        choice: RetrievalChoice

    def __init__(self, desk: CoderDesk, choice: RetrievalChoice | None = None) -> None:
        super().__init__()
        self.chosen = choice or RetrievalChoice()  # restored on mount
        self.restore_row: int | None = None  # the row to put the cursor on when rows come
        self.desk = desk
        self.project = desk.project  # the statistics read the whole study from it
        self.viewer = desk.coder
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
                    yield Input(placeholder="text contains ...", id="text-search")
                yield DataTable(id="segment-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="segment-preview")
        yield StatusLine(id="status")
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
        code_list.focus()
        self.restore(self.chosen)

    def restore(self, choice: RetrievalChoice) -> None:
        """Choose again what was chosen on the last visit (what still exists of it)."""
        coder = self.query_one("#coder", Select)
        if choice.coder in self.desk.coders():
            coder.value = choice.coder
        self.query_one("#filter", Input).value = choice.filter
        self.query_one("#text-search", Input).value = choice.text
        paths = [code.path for code in self.codes]
        if choice.code in paths:
            self.query_one("#code-list", OptionList).highlighted = paths.index(choice.code)
            self.restore_row = choice.row
            self.load(choice.code)
            self.query_one("#segment-table", DataTable).focus()

    def choice(self) -> RetrievalChoice:
        return RetrievalChoice(
            code=self.code,
            coder=str(self.query_one("#coder", Select).value),
            filter=self.query_one("#filter", Input).value,
            text=self.query_one("#text-search", Input).value,
            row=self.query_one("#segment-table", DataTable).cursor_row,
        )

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
        from workbench.stats.segments import FIXED_COLUMNS, segments

        frame = segments(self.study(), code)
        attributes = [c for c in frame.columns if c not in FIXED_COLUMNS]
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
    @on(Input.Changed, "#text-search")
    def filters_changed(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        self.fill()  # the passage column takes the width there is

    def fill(self) -> None:
        """Show the segments that pass the filters, keeping the row the cursor was on."""
        if self.code is None:
            return  # no code chosen yet: the title still asks for one
        coder = self.query_one("#coder", Select).value
        terms = [t.strip() for t in self.query_one("#filter", Input).value.split(",") if t.strip()]
        needle = " ".join(self.query_one("#text-search", Input).value.split()).casefold()
        table = self.query_one("#segment-table", DataTable)
        was_on = self.shown[table.cursor_row] if 0 <= table.cursor_row < len(self.shown) else None
        self.shown = [
            s for s in self.segments
            if (coder == ALL_CODERS or s.coder == coder) and all(_matches(s, t) for t in terms)
            and needle in " ".join(s.text.split()).casefold()
        ]  # fmt: skip
        rows = [_cells(segment) for segment in self.shown]
        # The code column only when the segments are of several codes (a theme's children).
        columns = [c for c in NEEDED if c != "code" or len({r["code"] for r in rows}) > 1]
        wanted = {
            name: min(CAPS[name], max([len(name), *(len(row[name]) for row in rows)]))
            for name in columns
        }
        # Each column costs a cell's padding on both sides; the scrollbar 2.
        room = table.scrollable_content_region.width - 2
        kept, text_width = fit_columns(wanted, FLOORS, room, 2 * table.cell_padding, MIN_EXCERPT)
        widths = {name: kept[name] for name in CAPS if name in kept} | {"text": text_width}
        table.clear(columns=True)
        for name in widths:
            table.add_column(name, width=widths[name], key=name)
        for index, row in enumerate(rows):
            table.add_row(*(_cut(row[name], widths[name]) for name in widths), key=str(index))
        if was_on in self.shown:
            table.move_cursor(row=self.shown.index(was_on), animate=False)
        elif self.restore_row is not None and self.shown:
            table.move_cursor(row=min(self.restore_row, len(self.shown) - 1), animate=False)
        self.restore_row = None
        self.preview()
        title = Text(f"Retrieval: {self.code}", style="bold")
        title.append(f"  {len(self.shown)} of {counted(len(self.segments), 'segment')}")
        if note := self.blind_note():  # a line of its own: with the code it ran off 80 columns
            title.append(f"\n{note}", style="yellow")
        self.query_one("#title", Static).update(title)

    def help_notes(self) -> str:
        """What blind coding hides here and how to see it (the title says only what)."""
        if not self.blind_note():
            return ""
        return (
            f"Blind coding: {self.blind_note()}.\nIn a transcript you have not finished you see "
            "only your own codings; mark it done (d on its coding screen) to see everyone's."
        )

    @on(DataTable.RowHighlighted, "#segment-table")
    def preview(self) -> None:
        """The highlighted segment whole: where, its attributes, its passage and its memo."""
        table = self.query_one("#segment-table", DataTable)
        box = self.query_one("#segment-preview", Static)
        if not 0 <= table.cursor_row < len(self.shown):
            box.update("")
            return
        segment = self.shown[table.cursor_row]
        text = Text(f"{segment.transcript} [{segment.start}, {segment.end})", style="bold")
        named = (f"{name}: {value}" for name, value in segment.attributes.items())
        for part in (segment.speaker, segment.coder, segment.code, *named):
            if part:
                text.append(f"  ·  {part}")
        text.append("\n")
        text.append(" ".join(segment.text.split()))
        if segment.memo:
            text.append(f"\nmemo: {' '.join(segment.memo.split())}", style="italic")
        box.update(text)

    @on(DataTable.RowSelected, "#segment-table")
    def jump(self, event: DataTable.RowSelected) -> None:
        """Enter on a segment opens its transcript with the passage selected."""
        if event.row_key.value is None:
            return
        segment = self.shown[int(event.row_key.value)]
        # Another coder's segment is shown with theirs (blind coding let it be listed here).
        everyone = segment.coder != self.desk.coder
        self.post_message(JumpTo(segment.transcript, segment.start, segment.end, everyone))

    def action_back(self) -> None:
        self.app.post_message(self.Left(self.choice()))
        self.dismiss()


def _cells(segment: Segment) -> dict[str, str]:
    """A segment's cells as one line each, before they are cut to their columns' widths."""
    return {
        "transcript": segment.transcript,
        "coder": segment.coder,
        "code": segment.code.rsplit("/", 1)[-1],
        "speaker": segment.speaker,
        "text": " ".join(segment.text.split()),
    }


def _cut(cell: str, width: int) -> Text:
    return Text(cell if len(cell) <= width else cell[: width - 1] + "…")


def _matches(segment: Segment, term: str) -> bool:
    """`name=value` matches an attribute exactly (any case); a bare term any attribute or coder."""
    name, equals, value = term.partition("=")
    if equals:
        return segment.attributes.get(name.strip(), "").casefold() == value.strip().casefold()
    needle = term.casefold()
    return any(needle in v.casefold() for v in [*segment.attributes.values(), segment.coder])
