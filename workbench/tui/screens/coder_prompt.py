"""Who is coding: the project's coders to choose from, and a new coder only when confirmed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workbench.tui.screens.modals import Confirm
from workbench.tui.widgets.status_line import StatusLine


class CoderPrompt(ModalScreen[str | None]):
    """Type a name (the list narrows to the coders it fits) or move to one with the arrows;
    enter chooses it. A name the project does not know is added only after a yes, and one
    that differs from a coder's only in case is that coder."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, coders: Sequence[str], why: str = "") -> None:
        super().__init__(classes="dialog")
        self.coders = list(coders)
        self.why = why  # why the name given before was refused
        self.shown: list[str] = []
        self.browsing = False  # the arrows moved in the list: enter takes the highlighted one

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Who is coding? Choose your name, or type a new one.")
            yield Input(placeholder="your coder name", id="name")
            yield OptionList(id="coders")
            yield Static(
                "↑↓ choose · enter: this coder · escape: quit" if self.coders else "no coders yet",
                classes="hint",
            )
            yield StatusLine(id="status")

    def on_mount(self) -> None:
        self.narrow("")
        self.query_one("#status", StatusLine).say(self.why)

    @on(Input.Changed, "#name")
    def changed(self, event: Input.Changed) -> None:
        self.browsing = False
        self.narrow(event.value)

    def narrow(self, typed: str) -> None:
        wanted = typed.strip().casefold()
        self.shown = [name for name in self.coders if wanted in name.casefold()]
        coders = self.query_one("#coders", OptionList)
        coders.set_options([Option(Text(name)) for name in self.shown])
        coders.display = bool(self.shown)
        if self.shown:
            coders.highlighted = 0

    def action_move(self, step: int) -> None:
        coders = self.query_one("#coders", OptionList)
        if coders.option_count:
            self.browsing = True
            current = coders.highlighted or 0
            coders.highlighted = max(0, min(coders.option_count - 1, current + step))

    @on(Input.Submitted, "#name")
    def submitted(self, event: Input.Submitted) -> None:
        highlighted = self.query_one("#coders", OptionList).highlighted
        typed = event.value.strip()
        if (self.browsing or not typed) and highlighted is not None and self.shown:
            self.dismiss(self.shown[highlighted])
        elif typed:
            self.choose(typed)
        else:
            self.query_one("#status", StatusLine).say("type your coder name first")

    @on(OptionList.OptionSelected, "#coders")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def choose(self, typed: str) -> None:
        known = next((name for name in self.coders if name.casefold() == typed.casefold()), None)
        if known is not None:
            self.dismiss(known)
            return

        def answered(add: bool | None) -> None:
            if add:
                self.dismiss(typed)

        question = f"“{typed}” is not a coder in this project yet. Add a new coder “{typed}”?"
        self.app.push_screen(Confirm(question, "add this coder", "choose again"), answered)

    def action_cancel(self) -> None:
        self.dismiss(None)
