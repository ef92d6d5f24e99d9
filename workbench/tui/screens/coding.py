"""The coding screen: a transcript, the codebook, and every coding action by keyboard or mouse."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static, TextArea, Tree
from textual.worker import get_current_worker

from workbench.codebook.checks import name_from_passage
from workbench.codebook.files import COMMAND_KEYS
from workbench.coding.desk import CoderDesk
from workbench.coding.labels import transcript_status_label
from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc
from workbench.errors import WorkbenchError
from workbench.tui import keys
from workbench.tui.screens.base import ChangeToken
from workbench.tui.screens.coding_memos import MemoKeys
from workbench.tui.screens.coding_moves import MovingKeys
from workbench.tui.screens.coding_suggest import SuggestKeys
from workbench.tui.screens.modals import Chooser, CodePicker, PickedCode
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

T = TypeVar("T")
KEY_HINTS = (
    ("u", "utterance"), ("1-9 A-Z", "apply"), ("c", "code…"), ("x", "remove"), ("m", "memo"),
    ("^z/^y", "undo/redo"), ("v", "visual"), ("/", "search"), ("]/[", "segments"),
    ("s", "suggest"), ("o", "others"), ("d", "done"), ("q", "back"), ("?", "help"),
)  # fmt: skip
ESSENTIAL_KEYS = {"1-9 A-Z", "/", "q", "?"}  # kept on the narrowest screen
EXCERPT = 60
NO_SELECTION = "select text first: shift+arrows, drag, v or u"


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


class CodingScreen(MemoKeys, MovingKeys, SuggestKeys):
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

    def say(self, message: str) -> None:
        """Report what just happened on the status line (toasts are for problems)."""
        self.query_one("#status", StatusLine).say(message)

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

    # -- applying codes ----------------------------------------------------------------------

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a store action; a refusal or failure is a notification, never a crash."""
        try:
            return action()
        except WorkbenchError as error:
            self.notify(str(error), severity="warning")
        except Exception as error:  # keep the app alive; the store is transactional
            self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=10)
        return None

    def succeeded(self, action: Callable[[], object]) -> bool:
        """`attempt` for actions that return nothing: True when it went through."""
        return self.attempt(lambda: action() or True) is not None

    def apply(self, path: str) -> None:
        """Apply the code listed at `path` to the selection."""
        code = next((c for c in self.codes if c.path == path), None)
        if code is None:
            self.notify(f"no code {path}", severity="warning")
        else:
            self.apply_code(code)

    def apply_code(self, code: CodeInfo) -> None:
        start, end = self.view.span_to_code
        if start == end:
            self.notify(NO_SELECTION, severity="warning")
            return
        applied = self.attempt(lambda: self.desk.apply(self.transcript, code.id, start, end))
        if applied is not None:
            self.status = applied.status
            self.add_coding(applied.coding)
            self.say(f"coded {applied.coding.code} [{start}, {end})")
            self.query_one("#codebook", CodebookTree).reveal(code.path)
            self.note_coding()
        if self.focused is not self.view:  # focusing again would redraw the whole text
            self.view.focus()

    async def on_key(self, event: events.Key) -> None:
        code = self.keys.get(event.character or "")
        if code is not None and self.focused is self.view:
            event.stop()
            self.apply_code(code)

    @on(Tree.NodeSelected, "#codebook")
    def tree_selected(self, event: Tree.NodeSelected[CodeInfo]) -> None:
        if event.node.data is not None and event.node.data.status == "active":
            self.apply_code(event.node.data)

    def action_select_utterance(self) -> None:
        offset = self.view.cursor_offset
        line_end = self.doc.text.find("\n", offset)
        line_end = len(self.doc.text) if line_end == -1 else line_end
        for utterance in self.doc.utterances:
            # The cursor may sit on the speaker label, in front of the utterance's text.
            if utterance.start <= line_end and offset <= utterance.end:
                if utterance.end > utterance.start:
                    self.view.select_span(utterance.start, utterance.end)
                return
        self.notify("no utterance here", severity="warning")

    def action_pick_code(self) -> None:
        start, end = self.view.span_to_code
        offered = name_from_passage(self.doc.text[start:end])  # an in-vivo code's name

        def picked(choice: PickedCode | None) -> None:
            if choice is None:
                return
            if choice.create:
                path = f"{choice.parent}/{choice.path}" if choice.parent else choice.path
                created = self.attempt(
                    lambda: self.desk.create_code(path, why="in-vivo code while coding")
                )
                if created is None:
                    return
                self.show_codebook(self.desk.codes())
                self.apply_code(created)
            else:
                self.apply(choice.path)

        # No code without a passage: an in-vivo code is named from one.
        refusal = NO_SELECTION if start == end else ""
        picker = CodePicker(self.codes, "Apply code", initial=offered, cannot_create=refusal)
        self.app.push_screen(picker, picked)

    # -- changing my codings -----------------------------------------------------------------

    def choose_mine(self, title: str, then: Callable[[CodingInfo], None]) -> bool:
        """Call `then` with my coding at the cursor (asking which when several)."""
        mine = [
            c for c in covering(self.codings, self.view.cursor_offset) if c.coder == self.desk.coder
        ]
        if len(mine) == 1:
            then(mine[0])
        elif mine:
            labels = [f"{c.code}  {self.doc.text[c.start : c.end][:EXCERPT]}" for c in mine]
            self.app.push_screen(
                Chooser(title, labels), lambda i: then(mine[i]) if i is not None else None
            )
        return bool(mine)

    def action_remove(self) -> None:
        def remove(coding: CodingInfo) -> None:
            if self.attempt(lambda: self.desk.remove(coding.id)) is not None:
                self.refresh_codings()
                self.say(f"removed {coding.code} [{coding.start}, {coding.end})")

        if not self.choose_mine("Remove which coding?", remove):
            self.notify("none of your codings is under the cursor", severity="warning")

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
