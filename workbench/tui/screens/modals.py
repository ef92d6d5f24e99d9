"""Small modal dialogs: a one-line prompt, a chooser, the code picker, the memo editor, help."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.fuzzy import Matcher
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from workbench.domain import CodeInfo


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text (a coder's name, a reason, a new code name)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog")
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Input(self.value, placeholder=self.placeholder, id="answer")

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class Chooser(ModalScreen[int | None]):
    """Choose one of several lines; returns its index."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[str]) -> None:
        super().__init__(classes="dialog")
        self.title_text, self.choices = title, list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text))
            yield OptionList(*(Option(Text(c)) for c in self.choices), id="choices")

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class PickedCode:
    """The picker's answer: an existing code, or a new one to create under `parent`."""

    path: str
    create: bool = False
    parent: str | None = None


class CodePicker(ModalScreen[PickedCode | None]):
    """Fuzzy-find a code by typing; enter applies; a new name offers an in-vivo code."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(
        self,
        codes: Sequence[CodeInfo],
        parent: str | None,
        initial: str = "",
        allow_create: bool = True,
        top_level: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.codes = [c for c in codes if c.status == "active"]
        self.parent_path, self.initial, self.allow_create = parent, initial, allow_create
        self.top_level = top_level  # offer "the top level" as a choice (moving a code)
        self.shown: list[PickedCode] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Apply code (type to filter, enter to apply)")
            yield Input(self.initial, placeholder="code name or path", id="query")
            yield OptionList(id="matches")

    def on_mount(self) -> None:
        self.refilter(self.initial)

    @on(Input.Changed, "#query")
    def changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        query = query.strip()
        matcher = Matcher(query) if query else None
        scored = [
            (matcher.match(code.path) if matcher else 1.0, index, code)
            for index, code in enumerate(self.codes)
        ]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        self.shown = [PickedCode(code.path) for _, _, code in ranked]
        options = [Option(Text(f"{c.key or ' '}  {c.path}")) for _, _, c in ranked]
        if self.top_level and not query:
            self.shown.insert(0, PickedCode(""))
            options.insert(0, Option(Text("↑  the top level", style="italic")))
        names = {code.name.casefold() for code in self.codes}
        if self.allow_create and query and "/" not in query and query.casefold() not in names:
            where = self.parent_path or "the top level"
            self.shown.append(PickedCode(query, create=True, parent=self.parent_path))
            options.append(Option(Text(f"+  create “{query}” under {where}", style="italic")))
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        if options:
            matches.highlighted = 0

    def action_move(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    @on(Input.Submitted, "#query")
    def submitted(self) -> None:
        highlighted = self.query_one("#matches", OptionList).highlighted
        if highlighted is not None and highlighted < len(self.shown):
            self.dismiss(self.shown[highlighted])

    @on(OptionList.OptionSelected, "#matches")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class MemoEditor(ModalScreen[str | None]):
    """Edit a memo; ctrl+s saves, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__(classes="dialog memo")
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text))
            yield TextArea(self.text, id="memo-text", soft_wrap=True)
            yield Static("ctrl+s save · escape cancel", classes="hint")

    def action_save(self) -> None:
        self.dismiss(self.query_one("#memo-text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """The keys of one screen (`keys.help_text`)."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="help"):
            yield Static(Text(self.text), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
