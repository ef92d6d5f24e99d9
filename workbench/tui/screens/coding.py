"""The coding screen: a transcript, the codebook, and every coding action by keyboard or mouse."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from typing import TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea, Tree
from textual.widgets.option_list import Option

from workbench.codebook import service as codebook
from workbench.codebook.files import COMMAND_KEYS
from workbench.coding.actions import CodingSession, Undone
from workbench.coding.status import set_status, statuses
from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc
from workbench.errors import WorkbenchError
from workbench.text.search import find_text
from workbench.tui.screens.modals import Chooser, CodePicker, MemoEditor, PickedCode
from workbench.tui.spans import (
    Span,
    code_colours,
    coding_spans,
    covering,
    disagreements,
    label_spans,
)
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.transcript_view import TranscriptView

T = TypeVar("T")
KEY_HINTS = Text.assemble(
    *(
        part
        for key, label in (
            ("u", "utterance"), ("1-9 A-Z", "apply"), ("c", "code…"), ("x", "remove"),
            ("m", "memo"), ("^z/^y", "undo/redo"), ("v", "visual"), ("/", "search"),
            ("]/[", "segments"), ("o", "others"), ("d", "done"), ("q", "back"), ("?", "help"),
        )
        for part in ((f" {key} ", "bold"), (f"{label} ", ""))
    )
)  # fmt: skip
EXCERPT = 60
SEGMENT_WINDOW = 20
NO_SELECTION = "select text first: shift+arrows, drag, v or u"


class CodingScreen(Screen[None]):
    """Code one transcript as one coder. Every action is committed as it happens."""

    BINDINGS = [
        Binding("u", "select_utterance", "Utterance"),
        Binding("c", "pick_code", "Code…"),
        Binding("x", "remove", "Remove"),
        Binding("m", "memo", "Memo"),
        Binding("ctrl+z", "undo", "Undo", priority=True),
        Binding("ctrl+y", "redo", "Redo", priority=True, show=False),
        Binding("v", "toggle_visual", "Visual"),
        Binding("slash", "search", "Search"),
        Binding("n", "next_hit", "Next hit", show=False),
        Binding("N", "previous_hit", "Previous hit", show=False),
        Binding("right_square_bracket", "next_segment", "Next segment", show=False),
        Binding("left_square_bracket", "previous_segment", "Previous segment", show=False),
        Binding("o", "toggle_others", "Others"),
        Binding("d", "done", "Done"),
        Binding("q", "back", "Back"),
    ]

    def __init__(
        self,
        session: CodingSession,
        transcript: str,
        select: tuple[int, int] | None = None,
        show_others: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.project = session.project
        self.transcript = transcript
        self.initial_selection = select
        self.doc: TranscriptDoc = self.project.transcript(transcript)
        self.codes: list[CodeInfo] = []
        self.colours: dict[str, str] = {}
        self.keys: dict[str, CodeInfo] = {}
        self.codings: list[CodingInfo] = []
        self.show_others = show_others
        self.query_text = ""
        self.segments_shown: tuple[int, ...] | None = None
        self.status = "not_started"
        self.seen: tuple[int, int, int] | None = None  # the store's change token when left

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="body"):
            yield TranscriptView(self.doc.text, id="transcript")
            with Vertical(id="side"):
                yield CodebookTree("codebook", id="codebook")
                yield Static(id="here")
                yield OptionList(id="segments")
        yield Input(placeholder="search (enter: find, escape: close)", id="search")
        yield Static(id="status")
        # A plain line of key hints: Textual's Footer restyles a widget per binding, which
        # costs a tenth of a second each time this screen appears.
        yield Static(KEY_HINTS, id="keys")

    def on_mount(self) -> None:
        self.reload()
        view = self.view
        self.watch(view, "scroll_y", self.refresh_segments, init=False)
        if self.initial_selection:
            view.select_span(*self.initial_selection)
        view.focus()

    def on_screen_suspend(self) -> None:
        self.seen = self.project.change_token()

    def on_screen_resume(self) -> None:
        # Back from another screen: the codebook or the codings may have changed there
        # (a rename, a retired code, a consensus coding, this transcript coded elsewhere).
        if self.seen is not None and self.project.change_token() != self.seen:
            self.reload()

    def reload(self) -> None:
        """Read status, codebook and codings from the store and draw them."""
        self.status = statuses(self.project, self.session.coder).get(self.transcript, "not_started")
        self.reload_codebook()
        self.refresh_codings()

    @property
    def view(self) -> TranscriptView:
        return self.query_one("#transcript", TranscriptView)

    # -- drawing -----------------------------------------------------------------------------

    def reload_codebook(self) -> None:
        self.codes = codebook.codes(self.project)
        self.colours = code_colours(self.codes)
        self.keys = {  # a command key wins (projects from before files were checked)
            c.key: c
            for c in self.codes
            if c.key and c.key not in COMMAND_KEYS and c.status == "active"
        }
        self.query_one("#codebook", CodebookTree).show(self.codes, self.colours)

    def refresh_codings(self) -> None:
        """Read the codings from the store again (after undo, redo, remove, `o`) and redraw."""
        self.codings = self.session.codings(self.transcript, everyone=self.show_others)
        self.redraw()

    def add_coding(self, coding: CodingInfo) -> None:
        """A coding just applied: no need to read every coding back from the store."""
        insort(self.codings, coding, key=lambda c: (c.start, c.end, c.id))
        mine = [c for c in self.codings if c.coder == self.session.coder and c is not coding]
        overlapping = any(c.start < coding.end and coding.start < c.end for c in mine)
        if self.show_others:  # disagreements may change anywhere: draw everything again
            self.redraw()
        elif overlapping:  # the shorter spans must stay on top: redraw those lines only
            drawn = label_spans(self.doc) + coding_spans(self.codings, self.session.coder, False)
            self.view.respan(drawn, self.colours, coding.start, coding.end)
            self.redraw(spans=False)
        else:
            (span,) = coding_spans([coding], self.session.coder, show_others=False)
            self.view.add_span(span, self.colours)
            self.redraw(spans=False)

    def redraw(self, spans: bool = True) -> None:
        if spans:
            drawn: list[Span] = label_spans(self.doc)
            if self.show_others:
                drawn += [Span(s, e, "wb-disagree") for s, e in disagreements(self.codings)]
            drawn += coding_spans(self.codings, self.session.coder, self.show_others)
            self.view.show_spans(drawn, self.colours)
        counts: dict[str, int] = {}
        for coding in self.codings:
            if coding.coder == self.session.coder:
                counts[coding.code] = counts.get(coding.code, 0) + 1
        self.query_one("#codebook", CodebookTree).show_counts(counts)
        self.segments_shown = None
        self.refresh_title()
        self.refresh_here()

    def refresh_segments(self) -> None:
        """The coded segments in view (at most SEGMENT_WINDOW: it keeps this instant)."""
        start, end = self.view.visible_span
        window = [c for c in self.codings if c.start < end and c.end > start][:SEGMENT_WINDOW]
        key = tuple(c.id for c in window)
        if key == self.segments_shown:
            return
        self.segments_shown = key
        self.query_one("#segments", OptionList).set_options(
            Option(self.segment_label(coding), id=str(coding.id)) for coding in window
        )

    def segment_label(self, coding: CodingInfo) -> Text:
        label = Text("■ ", style=self.colours.get(coding.code, "white"))
        label.append(coding.code.rsplit("/", 1)[-1])
        if coding.coder != self.session.coder:
            label.append(f" ({coding.coder})", style="italic")
        excerpt = " ".join(self.doc.text[coding.start : coding.end].split())
        label.append(f"  {excerpt[:EXCERPT]}", style="dim")
        return label

    def say(self, message: str) -> None:
        """Report what just happened on the status line (toasts are for problems)."""
        self.query_one("#status", Static).update(Text(message))

    def refresh_title(self) -> None:
        status = self.status
        attributes = " · ".join(self.doc.attributes.values())
        mode = "  [VISUAL]" if self.view.visual_mode else ""
        others = "  [all coders]" if self.show_others else "  [blind]"
        title = Text(f"{self.transcript}", style="bold")
        title.append(f"  {attributes}  ·  {self.session.coder}: {status.replace('_', ' ')}")
        title.append(others + mode, style="bold")
        self.query_one("#title", Static).update(title)

    def refresh_here(self) -> None:
        here = covering(self.codings, self.view.cursor_offset)
        text = Text()
        for coding in here:
            text.append("■ ", style=self.colours.get(coding.code, "white"))
            text.append(f"{coding.code}  ", style="bold")
            text.append(coding.coder, style="italic")
            if coding.memo:
                text.append(f"\n   {coding.memo}", style="dim")
            text.append("\n")
        self.query_one("#here", Static).update(text or Text("no coding at the cursor", "dim"))
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
        start, end = self.view.selected_span
        if start == end:
            self.notify(NO_SELECTION, severity="warning")
            return
        coding = self.attempt(lambda: self.session.apply(self.transcript, path, start, end))
        if coding is not None:
            if self.status == "not_started":
                self.status = "in_progress"
            self.add_coding(coding)
            self.say(f"coded {coding.code} [{start}, {end})")
        self.view.focus()

    async def on_key(self, event: events.Key) -> None:
        code = self.keys.get(event.character or "")
        if code is not None and self.focused is self.view:
            event.stop()
            self.apply(code.path)

    @on(Tree.NodeSelected, "#codebook")
    def tree_selected(self, event: Tree.NodeSelected[CodeInfo]) -> None:
        if event.node.data is not None and event.node.data.status == "active":
            self.apply(event.node.data.path)

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
        highlighted = self.query_one("#codebook", CodebookTree).highlighted_code()
        parent = highlighted.path if highlighted else None

        def picked(choice: PickedCode | None) -> None:
            if choice is None:
                return
            if choice.create and self.view.selected_span[0] == self.view.selected_span[1]:
                # No code without a passage: an in-vivo code is named from one.
                self.notify(NO_SELECTION, severity="warning")
                return
            if choice.create:
                path = f"{choice.parent}/{choice.path}" if choice.parent else choice.path
                created = self.attempt(
                    lambda: codebook.create(self.project, path, why="in-vivo code while coding")
                )
                if created is None:
                    return
                self.reload_codebook()
                self.apply(created.path)
            else:
                self.apply(choice.path)

        self.app.push_screen(CodePicker(self.codes, parent), picked)

    # -- changing my codings -----------------------------------------------------------------

    def choose_mine(self, title: str, then: Callable[[CodingInfo], None]) -> bool:
        """Call `then` with my coding at the cursor (asking which when several)."""
        mine = [
            c
            for c in covering(self.codings, self.view.cursor_offset)
            if c.coder == self.session.coder
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
            if self.attempt(lambda: self.session.remove(coding.id)) is not None:
                self.refresh_codings()
                self.say(f"removed {coding.code} [{coding.start}, {coding.end})")

        if not self.choose_mine("Remove which coding?", remove):
            self.notify("none of your codings is under the cursor", severity="warning")

    def action_memo(self) -> None:
        def edit(coding: CodingInfo) -> None:
            def save(text: str | None) -> None:
                if text is not None and self.succeeded(
                    lambda: self.session.set_memo(coding.id, text)
                ):
                    self.refresh_codings()
                    self.say(f"memo saved on {coding.code}")

            self.app.push_screen(MemoEditor(f"Memo on {coding.code}", coding.memo), save)

        if self.choose_mine("Memo on which coding?", edit):
            return
        current = self.attempt(lambda: self.session.transcript_memo(self.transcript)) or ""

        def save_transcript(text: str | None) -> None:
            if text is not None:
                self.succeeded(lambda: self.session.set_transcript_memo(self.transcript, text))

        self.app.push_screen(MemoEditor(f"Memo on {self.transcript}", current), save_transcript)

    def action_undo(self) -> None:
        self.history(self.session.undo, "undid")

    def action_redo(self) -> None:
        self.history(self.session.redo, "redid")

    def history(self, step: Callable[[str], Undone | None], verb: str) -> None:
        done: list[Undone | None] = []
        if not self.succeeded(lambda: done.append(step(self.transcript))):
            return  # refused or failed: attempt() has said why
        result = done[0]
        if result is None:
            self.notify("nothing to undo" if verb == "undid" else "nothing to redo")
            return
        self.refresh_codings()
        self.say(result.describe(verb))

    # -- moving around -----------------------------------------------------------------------

    def action_toggle_visual(self) -> None:
        self.view.visual_mode = not self.view.visual_mode
        self.refresh_title()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.value = self.query_text
        search.focus()

    @on(Input.Submitted, "#search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.query_text = event.value
        self.close_search()
        self.find(forward=True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget.id == "search":
            self.close_search()

    def close_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = False
        self.view.focus()

    def key_escape(self) -> None:
        if self.query_one("#search", Input).display:
            self.close_search()
        elif self.view.visual_mode:
            self.action_toggle_visual()

    def find(self, forward: bool) -> None:
        if not self.query_text:
            self.notify("search first with /", severity="warning")
            return
        start, end = self.view.selected_span
        # On a hit already selected, `n` moves past it rather than finding it again.
        position = start + 1 if forward and end > start else start
        hit = find_text(self.doc.text, self.query_text, position, forward)
        if hit is None:
            self.notify(f"“{self.query_text}” not found", severity="warning")
            return
        self.view.select_span(*hit)

    def action_next_hit(self) -> None:
        self.find(forward=True)

    def action_previous_hit(self) -> None:
        self.find(forward=False)

    def action_next_segment(self) -> None:
        # Segments in (start, end) order, so two that start together are both visited.
        here = self.view.selected_span
        later = [c for c in self.codings if (c.start, c.end) > here]
        if later:
            self.view.select_span(later[0].start, later[0].end)

    def action_previous_segment(self) -> None:
        here = self.view.selected_span
        earlier = [c for c in self.codings if (c.start, c.end) < here]
        if earlier:
            self.view.select_span(earlier[-1].start, earlier[-1].end)

    @on(OptionList.OptionSelected, "#segments")
    def segment_chosen(self, event: OptionList.OptionSelected) -> None:
        coding = next(c for c in self.codings if str(c.id) == event.option.id)
        self.view.select_span(coding.start, coding.end)
        self.view.focus()

    def action_toggle_others(self) -> None:
        self.show_others = not self.show_others
        self.refresh_codings()

    def action_done(self) -> None:
        if self.succeeded(
            lambda: set_status(self.project, self.transcript, self.session.coder, "done")
        ):
            self.status = "done"
            self.refresh_title()
            self.say(f"{self.transcript} marked done")

    def action_back(self) -> None:
        self.dismiss()
