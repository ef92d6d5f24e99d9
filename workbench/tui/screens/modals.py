"""Small modal dialogs: a one-line prompt, a chooser, the code picker, the memo editor, help."""

from __future__ import annotations

from collections.abc import Collection, Sequence
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
from workbench.tui.widgets.status_line import StatusLine


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text (a coder's name, a reason, a new code name)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        value: str = "",
        placeholder: str = "",
        missing: str = "type an answer first (escape cancels)",
    ) -> None:
        super().__init__(classes="dialog")
        self.question, self.value, self.placeholder = question, value, placeholder
        self.missing = missing  # said when enter is pressed on an empty answer

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield StatusLine(id="prompt-error", classes="error")

    @on(Input.Submitted, "#answer")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
        else:
            self.query_one("#prompt-error", StatusLine).say(self.missing)

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
            yield StatusLine(id="status")

    @on(OptionList.OptionSelected, "#choices")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class PickedCode:
    """The picker's answer: an existing code ("" the top level), or a new one to create
    under `parent` (None: the top level)."""

    path: str
    create: bool = False
    parent: str | None = None


class CodePicker(ModalScreen[PickedCode | None]):
    """Fuzzy-find a code by typing; enter chooses. Where creating is allowed, a new name
    offers an in-vivo code, and enter on that offer asks, in the picker, where to put it.
    It opens on every code, with `in_vivo` (the selected passage) offered last as a new
    code's name until something is typed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(
        self,
        codes: Sequence[CodeInfo],
        title: str,
        in_vivo: str = "",
        allow_create: bool = True,
        top_level: bool = False,
        exclude: Collection[str] = (),
        cannot_create: str = "",
    ) -> None:
        super().__init__(classes="dialog")
        self.all_codes = [c for c in codes if c.status == "active"]
        self.codes = [c for c in self.all_codes if c.path not in exclude]
        self.title_text, self.in_vivo, self.allow_create = title, in_vivo, allow_create
        self.top_level = top_level  # offer "the top level" as a choice (moving a code)
        self.new_name: str | None = None  # set while choosing where a new code goes
        self.cannot_create = cannot_create  # why a new code cannot be made now, if it cannot
        self.shown: list[PickedCode] = []
        self.filtered: str | None = None  # the query the list shows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.heading(), id="picker-title")
            yield Input(placeholder="code name or path", id="query")
            # Above the list: a long list at 80x24 would push it out of the dialog.
            yield Static(id="picker-definition", classes="hint")
            yield OptionList(id="matches")
            yield StatusLine(id="status")

    def heading(self) -> Text:
        if self.new_name is not None:
            return Text(f"Put the new code “{self.new_name}” under… (type to filter, enter)")
        return Text(f"{self.title_text} (type to filter, enter to choose)")

    def on_mount(self) -> None:
        self.refilter("")

    @on(Input.Changed, "#query")
    def changed(self, event: Input.Changed) -> None:
        self.refilter(event.value)

    def refilter(self, query: str) -> None:
        query = query.strip()
        if query == self.filtered:
            return  # the list already shows it: keep the highlight where the coder put it
        self.filtered = query
        codes = self.all_codes if self.new_name is not None else self.codes
        matcher = Matcher(query) if query else None
        scored = [
            (matcher.match(code.path) if matcher else 1.0, index, code)
            for index, code in enumerate(codes)
        ]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        self.shown = [PickedCode(code.path) for _, _, code in ranked]
        options = [Option(Text(f"{c.key or ' '}  {c.path}")) for _, _, c in ranked]
        if (self.top_level or self.new_name is not None) and not query:
            self.shown.insert(0, PickedCode(""))
            options.insert(0, Option(Text("↑  the top level", style="italic")))
        names = {code.name.casefold() for code in self.all_codes}
        creating = self.allow_create and self.new_name is None
        offer = query or self.in_vivo
        if creating and offer and "/" not in offer and offer.casefold() not in names:
            self.shown.append(PickedCode(offer, create=True))
            options.append(Option(Text(f"+  new code “{offer}” (then choose where)", "italic")))
        matches = self.query_one("#matches", OptionList)
        matches.set_options(options)
        matches.highlighted = 0 if options else None
        self.show_definition(0)

    @on(OptionList.OptionHighlighted, "#matches")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show_definition(event.option_index)

    def show_definition(self, index: int) -> None:
        picked = self.shown[index] if index < len(self.shown) else None
        code = next((c for c in self.all_codes if picked and c.path == picked.path), None)
        text = (code.description or "(no definition)") if code is not None else ""
        self.query_one("#picker-definition", Static).update(Text(text))

    def action_move(self, step: int) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(matches.option_count - 1, current + step))

    @on(Input.Submitted, "#query")
    def submitted(self) -> None:
        self.refilter(self.query_one("#query", Input).value)  # what was typed, even in a burst
        highlighted = self.query_one("#matches", OptionList).highlighted
        if highlighted is not None and highlighted < len(self.shown):
            self.choose(self.shown[highlighted])

    @on(OptionList.OptionSelected, "#matches")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        self.choose(self.shown[event.option_index])

    def choose(self, picked: PickedCode) -> None:
        if picked.create and self.cannot_create:
            self.query_one("#picker-definition", Static).update(Text(self.cannot_create))
        elif picked.create:
            self.new_name = picked.path
            self.query_one("#picker-title", Label).update(self.heading())
            self.query_one("#query", Input).value = ""
            self.filtered = None
            self.refilter("")
        elif self.new_name is not None:
            self.dismiss(PickedCode(self.new_name, create=True, parent=picked.path or None))
        else:
            self.dismiss(picked)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """Ask a yes-or-no question: y or enter says yes; n or escape says no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__(classes="dialog")
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield Static(Text(f"y: {self.yes} · n: {self.no}"), classes="hint")
            yield StatusLine(id="status")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class MemoEditor(ModalScreen[str | None]):
    """Edit a memo: ctrl+s saves it; escape leaves it as it was, asking first when it was
    edited (a memo is often minutes of writing). Typing goes on after the memo's text."""

    # Not priority bindings: ctrl+s and escape then wait in the text area's queue behind
    # the keys typed before them, so a burst of text and ctrl+s saves all of the text.
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
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

    def on_mount(self) -> None:
        memo = self.query_one("#memo-text", TextArea)
        memo.move_cursor(memo.document.end)
        memo.focus()

    @property
    def edited(self) -> str:
        return self.query_one("#memo-text", TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.edited)

    def action_cancel(self) -> None:
        if self.edited == self.text:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = "Discard your edits to this memo?"
        self.app.push_screen(Confirm(question, "discard them", "keep editing"), answered)


class HelpScreen(ModalScreen[None]):
    """The keys of one screen (`keys.help_text`)."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="help"):
            yield Static(Text(self.text), id="help-text")
            yield StatusLine(id="status")

    def action_close(self) -> None:
        self.dismiss(None)
