"""The coding screen's memo, undo and redo keys: every memo is saved as an undoable action."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workbench.coding.actions import Undone
from workbench.coding.desk import CoderDesk
from workbench.domain import CodingInfo
from workbench.tui.screens.base import StoreScreen
from workbench.tui.screens.modals import MemoEditor


class MemoKeys(StoreScreen):
    """Mixed into the coding screen: `m` edits my coding's memo at the cursor (or the
    transcript's), ctrl+z and ctrl+y step through the history the store keeps."""

    desk: CoderDesk
    transcript: str

    if TYPE_CHECKING:  # the coding screen's own

        def refresh_codings(self) -> None: ...
        def choose_mine(self, title: str, then: Callable[[CodingInfo], None]) -> bool: ...

    def action_memo(self) -> None:
        if self.choose_mine("Memo on which coding?", self.edit_coding_memo):
            return
        current = self.attempt(lambda: self.desk.transcript_memo(self.transcript))
        if current is None:
            return  # attempt() has said why

        def save(text: str | None) -> None:
            if text is None:
                return
            changed = self.attempt(lambda: self.desk.set_transcript_memo(self.transcript, text))
            if changed is not None:
                self.say_saved(f"transcript {self.transcript}", changed)

        self.app.push_screen(MemoEditor(f"Memo on {self.transcript}", current), save)

    def edit_coding_memo(self, coding: CodingInfo) -> None:
        def save(text: str | None) -> None:
            if text is None:
                return
            changed = self.attempt(lambda: self.desk.set_memo(coding.id, text))
            if changed is not None:
                self.refresh_codings()
                self.say_saved(f"{coding.code} [{coding.start}, {coding.end})", changed)

        self.app.push_screen(MemoEditor(f"Memo on {coding.code}", coding.memo), save)

    def say_saved(self, what: str, changed: bool) -> None:
        self.say(f"memo saved on {what}" if changed else f"memo on {what} unchanged")

    def action_undo(self) -> None:
        self.step_history(self.desk.undo, "undid")

    def action_redo(self) -> None:
        self.step_history(self.desk.redo, "redid")

    def step_history(self, step: Callable[[str], Undone | None], verb: str) -> None:
        done: list[Undone | None] = []
        if not self.succeeded(lambda: done.append(step(self.transcript))):
            return  # refused or failed: attempt() has said why
        result = done[0]
        if result is None:
            self.say("nothing to undo" if verb == "undid" else "nothing to redo")
            return
        self.refresh_codings()
        self.say(result.describe(verb))
