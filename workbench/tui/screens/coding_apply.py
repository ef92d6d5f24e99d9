"""The coding screen's keys that code: a code key, `c`, `u` to select an utterance, `x`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.widgets import Tree

from workbench.codebook.checks import name_from_passage
from workbench.coding.desk import CoderDesk
from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc
from workbench.tui.screens.base import StoreScreen
from workbench.tui.screens.modals import Chooser, CodePicker, PickedCode
from workbench.tui.spans import covering
from workbench.tui.widgets.codebook_tree import CodebookTree

if TYPE_CHECKING:
    from workbench.tui.widgets.transcript_view import TranscriptView

EXCERPT = 60
# What the status line says when a key has nothing to act on, with what to do instead.
NO_SELECTION = "select text first: shift+arrows, drag, v or u"
NO_UTTERANCE = "no utterance at the cursor: move onto a speaker's turn, then u"
NONE_OF_MINE = "none of your codings is under the cursor: ] and [ go to coded segments"


class ApplyKeys(StoreScreen):
    """Mixed into the coding screen: a code's key (or enter on it in the codebook) codes the
    selection, `c` picks a code (or names a new one from the passage), `u` selects the
    utterance at the cursor, `x` removes my coding at the cursor."""

    desk: CoderDesk
    transcript: str
    doc: TranscriptDoc
    codes: list[CodeInfo]
    keys: dict[str, CodeInfo]
    codings: list[CodingInfo]
    status: str

    if TYPE_CHECKING:  # the coding screen's own, and SuggestKeys'

        @property
        def view(self) -> TranscriptView: ...
        def add_coding(self, coding: CodingInfo) -> None: ...
        def refresh_codings(self) -> None: ...
        def show_codebook(self, codes: list[CodeInfo]) -> None: ...
        def note_coding(self) -> None: ...

    def apply(self, path: str) -> None:
        """Apply the code listed at `path` to the selection."""
        code = next((c for c in self.codes if c.path == path), None)
        if code is None:
            self.say(f"no code “{path}” to apply: c lists the codes, b opens the codebook")
        else:
            self.apply_code(code)

    def apply_code(self, code: CodeInfo) -> None:
        start, end = self.view.span_to_code
        if start == end:
            self.say(NO_SELECTION)
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
        self.say(NO_UTTERANCE)

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
        picker = CodePicker(self.codes, "Apply code", in_vivo=offered, cannot_create=refusal)
        self.app.push_screen(picker, picked)

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
            self.say(NONE_OF_MINE)
