"""The home screen: transcripts with my progress, the codebook in brief, project totals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from workbench.coding.desk import CoderDesk, Progress, Tallies
from workbench.coding.labels import transcript_status_label
from workbench.domain import CodeInfo, TranscriptSummary
from workbench.text.words import counted
from workbench.tui import keys
from workbench.tui.screens.base import ChangeToken, StoreScreen
from workbench.tui.widgets.key_hints import KeyHints
from workbench.tui.widgets.status_line import StatusLine
from workbench.tui.widgets.table_fill import fill_table


@dataclass(frozen=True)
class Overview:
    """What the home screen shows, read from the store in one go."""

    transcripts: list[TranscriptSummary]
    progress: Progress
    codebook_name: str
    codes: list[CodeInfo]
    tallies: Tallies

    @classmethod
    def read(cls, desk: CoderDesk) -> Overview:
        return cls(
            desk.transcripts(), desk.progress(), desk.codebook_name(), desk.codes(), desk.tallies()
        )


# Kept on the narrowest screen. A line of hints, not Textual's Footer: the Footer restyles a
# widget per binding as the screen appears, about 0.05 s of CPU before the first paint.
ESSENTIAL_KEYS = {"⏎", "/", "q", "?"}
NARROW = 100  # columns: the app's `-narrow` breakpoint


class HomeScreen(StoreScreen):
    """Type to filter the transcripts; enter opens one for coding."""

    @dataclass
    class TranscriptChosen(Message):
        """The user wants to code this transcript."""

        name: str

    @dataclass
    class OverviewRead(Message):
        """A worker read the store again after it changed while the screen was away."""

        overview: Overview

    KEY_MAP = "home"
    BINDINGS = keys.bindings(KEY_MAP)

    def __init__(self, desk: CoderDesk) -> None:
        super().__init__()
        self.desk = desk
        self.listed: list[TranscriptSummary] = []  # shown before the overview is read
        self.overview: Overview | None = None
        self.narrow = False  # the table was filled for under NARROW columns

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Input(
                    placeholder="type to filter transcripts", id="filter", select_on_focus=False
                )
                yield DataTable(id="transcripts", cursor_type="row", zebra_stripes=True)
            yield Static(id="summary")
        yield StatusLine(id="status")
        hints, press = keys.hints(self.KEY_MAP), keys.pressed(self.KEY_MAP)
        yield KeyHints(hints, ESSENTIAL_KEYS, press=press, id="keys")

    def on_mount(self) -> None:
        # The transcripts at once, not in a worker: a name typed at once, and enter, find the
        # table full. My progress, the codebook and the counts fill in from a worker, so the
        # screen takes keys as soon as the transcripts are read. The worker starts once the
        # list is painted: its thread shares the one interpreter lock with the first paint.
        self.listed = self.desk.transcripts()
        self.show_title()
        self.fill_table("")
        self.query_one("#transcripts", DataTable).focus()
        self.call_after_refresh(self.read_overview)

    def on_screen_resume(self) -> None:
        # Back on the table, not in the filter: q quits and the screen keys work again. The
        # filter is emptied: a name typed next starts a new filter (the cursor stays on the
        # transcript just left), not the end of the old one.
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""
            self.fill_table("")
        self.query_one("#transcripts", DataTable).focus()

    def change_token(self) -> ChangeToken:
        return self.desk.change_token()

    def on_resize(self) -> None:
        # Across the narrow breakpoint the words column comes or goes.
        if (self.app.size.width < NARROW) != self.narrow:
            self.fill_table(self.query_one("#filter", Input).value)

    def store_changed(self) -> None:
        self.read_overview()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def read_overview(self) -> None:
        overview = Overview.read(self.desk)
        if not get_current_worker().is_cancelled:
            self.post_message(self.OverviewRead(overview))

    @on(OverviewRead)
    def overview_read(self, message: OverviewRead) -> None:
        self.show(message.overview)

    def show_title(self) -> None:
        self.query_one("#title", Static).update(
            Text.assemble(
                ("workbench", "bold"),
                f"  {Path(self.desk.location).name}  ·  coder ",
                (self.desk.coder, "bold"),
            )
        )

    def show(self, overview: Overview) -> None:
        """Typing in the filter only filters what was read."""
        self.overview = overview
        self.listed = overview.transcripts
        self.show_title()
        self.fill_table(self.query_one("#filter", Input).value)
        self.query_one("#summary", Static).update(self.summary(overview))

    def fill_table(self, query: str) -> None:
        transcripts = self.listed
        progress = self.overview.progress if self.overview is not None else None
        table = self.query_one("#transcripts", DataTable)
        current = None  # the row under the cursor stays there when the table is refilled
        if table.row_count:
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        attributes = list(dict.fromkeys(k for t in transcripts for k in t.attributes))
        narrow = self.narrow = self.app.size.width < NARROW
        needle = query.casefold().strip()
        rows = []
        for t in transcripts:
            values = [t.name, *(t.attributes.get(a, "") for a in attributes)]
            if needle and needle not in " ".join(values).casefold():
                continue
            cells = [
                Text(t.name),
                Text(transcript_status_label(progress.status_of(t.name)) if progress else "…"),
                Text(str(progress.codings.get(t.name, 0)) if progress else "…", justify="right"),
                *(Text(v) for v in values[1:]),
                *([Text(f"{t.words:,}", justify="right")] if not narrow else []),
                Text(str(t.utterances), justify="right"),
            ]
            rows.append((t.name, cells))
        # My status and count first: what a coder looks for, visible on any width. Short
        # headers, and under 100 columns no words (turns say the length), so that the last
        # column is on screen at 80 columns.
        sizes = ["words", "turns"] if not narrow else ["turns"]
        headers = ["transcript", "status", "my codings", *attributes, *sizes]
        fill_table(table, headers, rows)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def summary(self, overview: Overview) -> Text:
        codes, mine = overview.codes, overview.tallies.mine_per_code
        text = Text()
        text.append(overview.codebook_name, style="bold")
        text.append(f"\n{counted(sum(c.status == 'active' for c in codes), 'code')}\n\n")
        for code in codes:
            if code.depth == 0 and code.status == "active":
                key = f"{code.key} " if code.key else "  "
                text.append(f"{key}{code.name}  ")
                text.append(f"{mine.get(code.path, 0)}\n", style="dim")
        transcripts = overview.transcripts
        words = sum(t.words for t in transcripts)
        text.append(
            f"\n{counted(len(transcripts), 'transcript')}\n{words:,} words spoken\n", style="bold"
        )
        for coder, n in sorted(overview.tallies.per_coder.items()):
            text.append(f"{coder}: {counted(n, 'coding')}\n")
        return text

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill_table(event.value)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.action_open()

    def on_key(self, event: events.Key) -> None:
        # Type to filter: a letter typed on the table goes to the filter (bound keys excepted).
        table = self.query_one("#transcripts", DataTable)
        character = event.character
        if (
            character
            and event.is_printable
            and self.focused is table
            and self.app.active_bindings.get(event.key) is None
        ):
            event.stop()
            filter_input = self.query_one("#filter", Input)
            filter_input.focus()
            filter_input.insert_text_at_cursor(character)

    def action_filter(self) -> None:
        """`/`: into the filter, so a name may start with a letter bound to a screen."""
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        filter_input, table = self.query_one("#filter", Input), self.query_one("#transcripts")
        if not filter_input.value and self.focused is table:
            self.say("nothing to close here: q quits")
        filter_input.value = ""
        table.focus()

    def action_open(self) -> None:
        table = self.query_one("#transcripts", DataTable)
        if table.row_count == 0:
            typed = self.query_one("#filter", Input).value
            self.say(f"no transcript matches “{typed}”: escape clears the filter")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(self.TranscriptChosen(key))

    @on(DataTable.RowSelected, "#transcripts")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.TranscriptChosen(event.row_key.value))

    def action_quit(self) -> None:
        self.app.exit()
