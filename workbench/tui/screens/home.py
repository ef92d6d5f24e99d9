"""The home screen: transcripts with my progress, the codebook in brief, project totals."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from workbench.codebook import service as codebook
from workbench.coding.actions import CodingSession
from workbench.coding.status import codings_per_transcript, statuses
from workbench.domain import TranscriptSummary

STATUS_LABELS = {"not_started": "not started", "in_progress": "in progress", "done": "done"}


class HomeScreen(Screen[None]):
    """Type to filter the transcripts; enter opens one for coding."""

    @dataclass
    class TranscriptChosen(Message):
        """The user wants to code this transcript."""

        name: str

    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, session: CodingSession) -> None:
        super().__init__()
        self.session = session
        self.project = session.project
        self.transcripts: list[TranscriptSummary] = []
        self.mine: dict[str, int] = {}
        self.status: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield Input(
                    placeholder="type to filter transcripts", id="filter", select_on_focus=False
                )
                yield DataTable(id="transcripts", cursor_type="row", zebra_stripes=True)
            yield Static(id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one("#transcripts", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_data()
        # Back on the table, not in the filter: q quits and the screen keys work again.
        self.query_one("#transcripts", DataTable).focus()

    def refresh_data(self) -> None:
        """Read the project once; typing in the filter only filters what was read."""
        self.transcripts = self.project.transcripts()
        self.mine = codings_per_transcript(self.project, self.session.coder)
        self.status = statuses(self.project, self.session.coder)
        self.query_one("#title", Static).update(
            Text.assemble(
                ("workbench", "bold"),
                f"  {Path(self.project.location).name}  ·  coder ",
                (self.session.coder, "bold"),
            )
        )
        self.fill_table(self.query_one("#filter", Input).value)
        self.query_one("#summary", Static).update(self.summary())

    def fill_table(self, query: str) -> None:
        table = self.query_one("#transcripts", DataTable)
        current = None  # the row under the cursor stays there when the table is refilled
        if table.row_count:
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        attributes = list(dict.fromkeys(k for t in self.transcripts for k in t.attributes))
        table.clear(columns=True)
        table.add_columns("transcript", *attributes, "words", "utterances", "my codings", "status")
        needle = query.casefold().strip()
        for t in self.transcripts:
            values = [t.name, *(t.attributes.get(a, "") for a in attributes)]
            if needle and needle not in " ".join(values).casefold():
                continue
            table.add_row(
                *(Text(v) for v in values),
                Text(f"{t.words:,}", justify="right"),
                Text(str(t.utterances), justify="right"),
                Text(str(self.mine.get(t.name, 0)), justify="right"),
                Text(STATUS_LABELS[self.status.get(t.name, "not_started")]),
                key=t.name,
            )
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def summary(self) -> Text:
        codes = codebook.codes(self.project)
        counts = codebook.coding_counts(self.project)
        mine = codebook.theme_counts(counts, self.session.coder)
        text = Text()
        text.append(self.project.setting("codebook.name", "Codebook"), style="bold")
        text.append(f"\n{sum(c.status == 'active' for c in codes)} codes\n\n")
        for code in codes:
            if code.depth == 0 and code.status == "active":
                key = f"{code.key} " if code.key else "  "
                text.append(f"{key}{code.name}  ")
                text.append(f"{mine.get(code.path, 0)}\n", style="dim")
        words = sum(t.words for t in self.transcripts)
        text.append(f"\n{len(self.transcripts)} transcripts, {words:,} words\n", style="bold")
        for coder, n in sorted(codebook.coder_totals(counts).items()):
            text.append(f"{coder}: {n} codings\n")
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
        self.query_one("#filter", Input).value = ""
        self.query_one("#transcripts", DataTable).focus()

    def action_open(self) -> None:
        table = self.query_one("#transcripts", DataTable)
        if table.row_count == 0:
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
