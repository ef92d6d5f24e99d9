"""The search screen: a phrase or pattern across every transcript, hits coded from the list."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Select, Static

from workbench.assist.autocode import UNITS
from workbench.assist.search import (
    Hit,
    SearchCorpus,
    SearchQuery,
    load_corpus,
    search,
    speaker_note,
)
from workbench.coding.desk import CoderDesk
from workbench.errors import WorkbenchError
from workbench.text.words import counted
from workbench.tui import keys
from workbench.tui.column_widths import fit_columns
from workbench.tui.messages import JumpTo
from workbench.tui.screens.base import ChangeToken
from workbench.tui.screens.search_coding import SearchCoding
from workbench.tui.widgets.status_line import StatusLine

_SPACES = re.compile(r"\s+")
REGEX_PREFIX = "re:"  # a pattern typed with it is a regular expression
MAX_ROWS = 500  # hits listed; coding all hits codes every one, listed or not
# Most needed first: where the hit needs the room (80 columns) the others are cut down to
# their floors, then left out from the end (the preview below the table shows them all).
CAPS = {"transcript": 14, "codes": 22, "speaker": 12}
FLOORS = {"transcript": 6, "codes": 10, "speaker": 8}
MIN_TEXT = 20
# The status line while hits are listed (back after any message a key brought).
HITS_HINT = "enter opens · space marks · c codes marked (or this) · C codes all"


class SearchInputError(WorkbenchError):
    """A filter the search screen cannot read."""


def parse_query(pattern: str, filters: str) -> SearchQuery:
    """The query typed: `re:` before a regular expression; filters `speaker=...`,
    `code=...` and any attribute `name=value`, separated by commas."""
    regex = pattern.startswith(REGEX_PREFIX)
    speaker = code = None
    where = []
    for term in (t.strip() for t in filters.split(",")):
        if not term:
            continue
        name, equals, value = term.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not name:
            raise SearchInputError(
                f"filters are name=value (speaker=, code=, group=), not '{term}'"
            )
        if name == "speaker":
            speaker = value
        elif name == "code":
            code = value
        else:
            where.append((name, value))
    text = pattern.removeprefix(REGEX_PREFIX) if regex else pattern
    return SearchQuery(text, regex, speaker, code, None, tuple(where))


class SearchScreen(SearchCoding):
    """Type a phrase and enter: every hit in the study, with the codes I may see on it.

    Enter on a hit opens the passage above this screen (q comes back to it as it was);
    space marks hits; c codes the marked hits (or the highlighted one), C every hit, with
    the picker and a preview to confirm: one run, which ctrl+z takes back whole."""

    KEY_MAP = "search"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class HitsFound(Message):
        query: SearchQuery
        hits: list[Hit]
        corpus: SearchCorpus
        left_out: str = ""  # the transcripts the speaker filter leaves out, in one line

    @dataclass
    class SearchFailed(Message):
        reason: str

    def __init__(self, desk: CoderDesk) -> None:
        super().__init__()
        self.desk = desk
        self.corpus: SearchCorpus | None = None  # read once; again when the store changes
        self.query_run: SearchQuery | None = None
        self.hits: list[Hit] = []
        self.marked: set[int] = set()  # indices into hits

    def compose(self) -> ComposeResult:
        yield Static(Text("Search every transcript", style="bold"), id="title")
        with Horizontal(id="filters"):
            yield Input(placeholder="word or phrase (re: a pattern), enter", id="pattern")
            yield Input(placeholder="speaker=…, code=…, group=…", id="search-filter")
            yield Select[str]([(f"code: {u}", u) for u in UNITS], value="utterance",
                              allow_blank=False, id="unit")  # fmt: skip
        yield DataTable(id="hit-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="hit-preview")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pattern", Input).focus()

    def change_token(self) -> ChangeToken:
        return self.desk.change_token()

    def forget(self) -> None:
        self.corpus = None

    def store_changed(self) -> None:
        if self.query_run is not None:
            self.run_search(self.query_run, None)

    # -- searching -----------------------------------------------------------------------------

    @on(Input.Submitted, "#pattern")
    @on(Input.Submitted, "#search-filter")
    def submitted(self) -> None:
        try:
            query = parse_query(
                self.query_one("#pattern", Input).value,
                self.query_one("#search-filter", Input).value,
            )
        except WorkbenchError as error:
            self.say(str(error))
            return
        self.query_one("#status", StatusLine).rest("")  # the hint below is for hits shown
        self.say("searching…")
        self.run_search(query, self.corpus)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_search(self, query: SearchQuery, corpus: SearchCorpus | None) -> None:
        """Read the study (unless read already) and search it, off the UI thread."""
        try:
            corpus = corpus or load_corpus(self.desk.project, self.desk.coder)
            hits = search(corpus, query)
            left_out = speaker_note(corpus, query)
        except WorkbenchError as error:
            self.post_message(self.SearchFailed(str(error)))
            return
        self.post_message(self.HitsFound(query, hits, corpus, left_out))

    @on(SearchFailed)
    def search_failed(self, message: SearchFailed) -> None:
        self.say(message.reason)

    @on(HitsFound)
    def hits_found(self, message: HitsFound) -> None:
        same = message.query == self.query_run
        self.corpus, self.query_run, self.hits = message.corpus, message.query, message.hits
        if not same:
            self.marked = set()
        self.fill(keep_row=same)
        transcripts = len({hit.transcript for hit in self.hits})
        title = Text(f"Search: {message.query.pattern}", style="bold")
        title.append(f"  {counted(len(self.hits), 'hit')} in {counted(transcripts, 'transcript')}")
        if len(self.hits) > MAX_ROWS:
            title.append(f" (the first {MAX_ROWS} listed)")
        if note := message.corpus.viewer.note():
            title.append(f"  ·  {note}", style="yellow")
        if message.left_out:
            title.append(f"  ·  {message.left_out}", style="yellow")
        self.query_one("#title", Static).update(title)
        table = self.query_one("#hit-table", DataTable)
        if self.hits and not same:
            table.focus()
            self.query_one("#status", StatusLine).rest(HITS_HINT)
        elif not self.hits:
            self.say(f"no hits for '{message.query.pattern}'")

    def fill(self, keep_row: bool = False) -> None:
        table = self.query_one("#hit-table", DataTable)
        row = table.cursor_row if keep_row else 0
        shown = self.hits[:MAX_ROWS]
        wanted = {
            name: min(cap, max([len(name), *(len(_cells(hit, False)[name]) for hit in shown)]))
            for name, cap in CAPS.items()
        }
        padding = 2 * table.cell_padding
        # The mark column and the scrollbar come off first; the hit gets at least half the rest.
        room = table.scrollable_content_region.width - 2 - (1 + padding)
        widths, text_width = fit_columns(wanted, FLOORS, room, padding, MIN_TEXT)
        table.clear(columns=True)
        table.add_column("", width=1, key="mark")
        for name in ("transcript", "speaker"):
            if name in widths:
                table.add_column(name, width=widths[name], key=name)
        table.add_column("hit", width=text_width, key="hit")
        if "codes" in widths:
            table.add_column("codes", width=widths["codes"], key="codes")
        for index, hit in enumerate(shown):
            cells = _cells(hit, index in self.marked)
            line = [Text(cells["mark"])]
            line += [_cut(cells[n], widths[n]) for n in ("transcript", "speaker") if n in widths]
            line.append(_context(hit, text_width))
            line += [_cut(cells["codes"], widths["codes"])] if "codes" in widths else []
            table.add_row(*line, key=str(index))
        if shown:
            table.move_cursor(row=min(row, len(shown) - 1), animate=False)
        self.preview()

    @on(DataTable.RowHighlighted, "#hit-table")
    def preview(self) -> None:
        box = self.query_one("#hit-preview", Static)
        hit = self.highlighted()
        if hit is None:
            box.update("")
            return
        text = Text(f"{hit.transcript} #{hit.utterance} [{hit.start}, {hit.end})", style="bold")
        for part in (hit.speaker, "; ".join(hit.codes)):
            if part:
                text.append(f"  ·  {part}")
        text.append("\n" + _flat(hit.before))
        text.append(_flat(hit.match), style="reverse")
        text.append(_flat(hit.after))
        box.update(text)

    def highlighted(self) -> Hit | None:
        row = self.query_one("#hit-table", DataTable).cursor_row
        return self.hits[row] if 0 <= row < min(len(self.hits), MAX_ROWS) else None

    @on(DataTable.RowSelected, "#hit-table")
    def open_hit(self, event: DataTable.RowSelected) -> None:
        """Enter on a hit opens its transcript with the hit selected."""
        if event.row_key.value is not None:
            hit = self.hits[int(event.row_key.value)]
            self.post_message(JumpTo(hit.transcript, hit.start, hit.end))

    # -- keys ------------------------------------------------------------------------------------

    def action_find(self) -> None:
        self.query_one("#pattern", Input).focus()

    def action_to_hits(self) -> None:
        self.query_one("#hit-table", DataTable).focus()

    def action_mark(self) -> None:
        table = self.query_one("#hit-table", DataTable)
        if self.highlighted() is None:
            return
        row = table.cursor_row
        self.marked ^= {row}
        table.update_cell(str(row), "mark", Text("✓" if row in self.marked else ""))
        table.move_cursor(row=row + 1, animate=False)

    def action_back(self) -> None:
        self.dismiss()


def _cells(hit: Hit, marked: bool) -> dict[str, str]:
    return {
        "mark": "✓" if marked else "",
        "transcript": hit.transcript,
        "speaker": hit.speaker,
        "codes": "; ".join(code.rsplit("/", 1)[-1] for code in hit.codes),
    }


def _cut(cell: str, width: int) -> Text:
    return Text(cell if len(cell) <= width else cell[: width - 1] + "…")


def _context(hit: Hit, width: int) -> Text:
    """The hit in the middle of the column, its words around it as far as they fit."""
    match = _flat(hit.match)
    room = max(0, width - len(match))
    before = _flat(hit.before)[-(room // 2) :] if room // 2 else ""
    after = _flat(hit.after)[: room - len(before)]
    text = Text(before)
    text.append(match, style="bold reverse")
    text.append(after)
    return text


def _flat(text: str) -> str:
    """On one line: every run of whitespace (line breaks too) as one space."""
    return _SPACES.sub(" ", text)
