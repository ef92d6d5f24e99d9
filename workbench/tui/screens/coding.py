"""The coding screen: a transcript, the codebook, and every coding action by keyboard or mouse."""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static, TextArea
from textual.worker import get_current_worker

from workbench.codebook.files import COMMAND_KEYS
from workbench.coding.desk import CoderDesk
from workbench.coding.labels import transcript_status_label
from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc
from workbench.tui import keys
from workbench.tui.screens.base import ChangeToken
from workbench.tui.screens.coding_apply import ApplyKeys
from workbench.tui.screens.coding_memos import MemoKeys
from workbench.tui.screens.coding_moves import MovingKeys
from workbench.tui.screens.coding_suggest import SuggestKeys
from workbench.tui.spans import (
    code_colours,
    coding_spans,
    covering,
    label_spans,
    transcript_spans,
)
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.codings_here import CodingsHere
from workbench.tui.widgets.key_hints import KeyHints
from workbench.tui.widgets.search_bar import SearchBar
from workbench.tui.widgets.segments_panel import SegmentsPanel
from workbench.tui.widgets.status_line import StatusLine
from workbench.tui.widgets.transcript_view import TranscriptView

KEY_HINTS = (
    ("u", "utterance"), ("0-9 letters", "apply"), ("c", "code…"), ("x", "remove"), ("m", "memo"),
    ("^z/^y", "undo/redo"), ("v", "visual"), ("/", "search"), ("]/[", "segments"),
    ("s", "suggest"), ("o", "others"), ("d", "done"), ("q", "back"), ("?", "help"),
)  # fmt: skip
ESSENTIAL_KEYS = {"0-9 letters", "/", "q", "?"}  # kept on the narrowest screen


@dataclass(frozen=True)
class CodingState:
    """What the coding screen shows from the store besides the text, read in one go."""

    status: str
    codes: list[CodeInfo]
    codings: list[CodingInfo]
    everyone: bool

    @classmethod
    def read(cls, desk: CoderDesk, transcript: str, everyone: bool) -> CodingState:
        return cls(
            desk.status(transcript), desk.codes(), desk.codings(transcript, everyone), everyone
        )


class CodingScreen(ApplyKeys, MemoKeys, MovingKeys, SuggestKeys):
    """Code one transcript as one coder. Every action is committed as it happens.

    A key's action (and the re-reading it needs) runs on the UI thread through the desk, so
    that keys arriving in one burst (typing ahead over SSH) act in order, each on what the one
    before left; reading again after the store changed elsewhere runs in a worker.
    """

    KEY_MAP = "coding"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class StateRead(Message):
        """A worker read the store again after it changed while the screen was away."""

        state: CodingState

    def __init__(
        self,
        desk: CoderDesk,
        transcript: str,
        select: tuple[int, int] | None = None,
        show_others: bool = False,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.transcript = transcript
        self.initial_selection = select
        self.doc: TranscriptDoc = desk.document(transcript)
        self.labels = label_spans(self.doc)  # the text never changes, nor do its labels
        self.codes: list[CodeInfo] = []
        self.colours: dict[str, str] = {}
        self.keys: dict[str, CodeInfo] = {}
        self.codings: list[CodingInfo] = []
        self.show_others = show_others
        self.query_text = ""
        self.status = "not_started"

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="body"):
            yield TranscriptView(self.doc.text, id="transcript")
            with Vertical(id="side"):
                yield CodebookTree("codebook", id="codebook")
                yield CodingsHere(id="here")
                yield SegmentsPanel(id="segments")
        yield SearchBar(placeholder="search (enter: find, escape: close)", id="search")
        yield StatusLine(id="status")
        yield KeyHints(KEY_HINTS, ESSENTIAL_KEYS, id="keys")

    def on_mount(self) -> None:
        # Read at once, not in a worker: keys typed right after opening act on what is read.
        self.show_state(CodingState.read(self.desk, self.transcript, self.show_others))
        view = self.view
        self.watch(view, "scroll_y", self.refresh_segments, init=False)
        if self.initial_selection:
            view.select_span(*self.initial_selection)
        view.focus()

    def change_token(self) -> ChangeToken:
        return self.desk.change_token()

    def help_notes(self) -> str:
        """The codes' keys in this project, for `?` (the footer only says which keys)."""
        if not self.keys:
            return "no code has a key yet: e on a code in the codebook (b) gives it one"
        listed = [f"  {key:<12} {code.path}" for key, code in sorted(self.keys.items())]
        return "\n".join(["The codes' keys (lower- and upper-case differ)", *listed])

    def store_changed(self) -> None:
        # Back from another screen where the codebook or the codings changed (a rename, a
        # retired code, a consensus coding, this transcript coded elsewhere).
        self.read_state()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def read_state(self) -> None:
        state = CodingState.read(self.desk, self.transcript, self.show_others)
        if not get_current_worker().is_cancelled:
            self.post_message(self.StateRead(state))

    @on(StateRead)
    def state_read(self, message: StateRead) -> None:
        if message.state.everyone == self.show_others:  # else `o` was pressed meanwhile
            self.show_state(message.state)

    def show_state(self, state: CodingState) -> None:
        self.status = state.status
        self.show_codebook(state.codes)
        self.codings = state.codings
        self.redraw()

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    @property
    def segments_panel(self) -> SegmentsPanel:
        return self.query_one("#segments", SegmentsPanel)

    # -- drawing -----------------------------------------------------------------------------

    def show_codebook(self, codes: list[CodeInfo]) -> None:
        self.codes = codes
        self.colours = code_colours(self.codes)
        self.keys = {  # a command key wins (projects from before files were checked)
            c.key: c
            for c in self.codes
            if c.key and c.key not in COMMAND_KEYS and c.status == "active"
        }
        self.query_one("#codebook", CodebookTree).show(self.codes, self.colours)

    def refresh_codings(self) -> None:
        """Read the codings from the store again (after undo, redo, remove, `o`) and redraw."""
        self.codings = self.desk.codings(self.transcript, everyone=self.show_others)
        self.redraw()

    def add_coding(self, coding: CodingInfo) -> None:
        """A coding just applied: no need to read every coding back from the store."""
        me = self.desk.coder
        insort(self.codings, coding, key=lambda c: (c.start, c.end, c.id))
        mine = [c for c in self.codings if c.coder == me and c is not coding]
        overlapping = any(c.start < coding.end and coding.start < c.end for c in mine)
        if self.show_others:  # disagreements may change anywhere: draw everything again
            self.redraw()
            return
        if overlapping:  # the shorter spans must stay on top: redraw those lines only
            drawn = self.labels + coding_spans(self.codings, me, False)
            self.view.respan(drawn, self.colours, coding.start, coding.end)
        else:
            (span,) = coding_spans([coding], me, show_others=False)
            self.view.add_span(span, self.colours)
        # Only what the new coding changes: its code's count, the title, what is at the
        # cursor; the segments panel redraws itself only when the coding is in view.
        self.refresh_counts()
        self.refresh_title()
        self.refresh_here()

    def redraw(self, spans: bool = True) -> None:
        if spans:
            drawn = transcript_spans(self.doc, self.codings, self.desk.coder, self.show_others)
            self.view.show_spans(drawn, self.colours)
        self.refresh_counts()
        self.segments_panel.forget()
        self.refresh_title()
        self.refresh_here()

    def refresh_counts(self) -> None:
        """My codings per code, in the codebook tree (only changed counts are redrawn)."""
        me = self.desk.coder
        counts: dict[str, int] = {}
        for coding in self.codings:
            if coding.coder == me:
                counts[coding.code] = counts.get(coding.code, 0) + 1
        self.query_one("#codebook", CodebookTree).show_counts(counts)

    def refresh_segments(self) -> None:
        """The coded segments in view."""
        start, end = self.view.visible_span
        in_view = [c for c in self.codings if c.start < end and c.end > start]
        self.segments_panel.show(in_view, self.doc.text, self.colours, self.desk.coder)

    def refresh_title(self) -> None:
        attributes = " · ".join(self.doc.attributes.values())
        mode = "  [VISUAL]" if self.view.visual_mode else ""
        others = "  [all coders]" if self.show_others else "  [blind]"
        title = Text(f"{self.transcript}", style="bold")
        status = transcript_status_label(self.status)
        title.append(f"  {attributes}  ·  {self.desk.coder}: {status}")
        title.append(others + mode, style="bold")
        self.query_one("#title", Static).update(title, layout=False)

    def refresh_here(self) -> None:
        here = covering(self.codings, self.view.cursor_offset)
        self.query_one("#here", CodingsHere).show(here, self.colours)
        self.refresh_segments()

    @on(TextArea.SelectionChanged, "#transcript")
    def selection_changed(self) -> None:
        self.refresh_here()

    # -- modes and status --------------------------------------------------------------------

    def action_toggle_visual(self) -> None:
        self.view.visual_mode = not self.view.visual_mode
        self.refresh_title()

    def action_clear(self) -> None:
        """Escape: the innermost thing here is visual mode, then the selection."""
        start, end = self.view.selected_span
        if self.view.visual_mode:
            self.action_toggle_visual()
        elif start != end:
            self.view.select_span(self.view.cursor_offset, self.view.cursor_offset)
        else:
            self.say(keys.NOTHING_TO_CLOSE)

    def action_toggle_others(self) -> None:
        self.show_others = not self.show_others
        self.refresh_codings()

    def action_done(self) -> None:
        status = self.attempt(lambda: self.desk.toggle_done(self.transcript))
        if status is not None:
            self.status = status
            self.refresh_title()
            self.say(f"{self.transcript} marked {transcript_status_label(status)}")

    def action_back(self) -> None:
        self.dismiss()
