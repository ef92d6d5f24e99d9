"""The form for a new or changed code: name, parent, key, colour, definition and why."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from workbench.domain import CodeInfo
from workbench.errors import WorkbenchError
from workbench.tui.widgets.status_line import StatusLine

SAY_WHY = "say why: the audit log keeps the reason for every change"


@dataclass(frozen=True)
class CodeFormValues:
    """What the form shows and what the coder typed; `parent` "" is the top level."""

    name: str = ""
    parent: str | None = None  # None: the form does not ask (a code being changed)
    key: str = ""
    colour: str = ""
    description: str = ""
    why: str = ""


LABELS = {"name": "Name", "parent": "Under", "key": "Key", "colour": "Colour", "why": "Why"}
PLACEHOLDERS = {
    "parent": "a code's path; empty: the top level",
    "key": "a digit or letter, not a command (optional)",
    "colour": "#rrggbb (optional: the parent's)",
    "why": "kept in the audit log",
}


class CodeForm(ModalScreen[CodeInfo | None]):
    """Enter saves through `save` (the codebook service); what it refuses, or what is
    missing, is said on the form's error line and the form stays open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, values: CodeFormValues, save: Callable[[CodeFormValues], CodeInfo]
    ) -> None:
        super().__init__(classes="dialog code-form")
        self.title_text, self.values, self.save = title, values, save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            for name in ("name", "parent", "key", "colour"):
                value = getattr(self.values, name)
                if value is not None:
                    yield from self.field(name, value)
            with Horizontal(classes="form-row definition"):
                yield Label("Definition")
                yield TextArea(
                    self.values.description, id="description", soft_wrap=True, compact=True
                )
            yield from self.field("why", self.values.why)
            yield Static("enter save · tab next field · escape cancel", classes="hint")
            yield StatusLine(id="form-error", classes="error")  # docked: never scrolled away

    def field(self, name: str, value: str) -> ComposeResult:
        with Horizontal(classes="form-row"):
            yield Label(LABELS[name])
            yield Input(
                value,
                placeholder=PLACEHOLDERS.get(name, ""),
                id=name,
                compact=True,
                max_length=1 if name == "key" else 0,
            )

    def read(self) -> CodeFormValues:
        def value(name: str) -> str | None:
            found = self.query(f"#{name}").results(Input)
            widget = next(iter(found), None)
            return widget.value.strip() if widget is not None else None

        typed = {f.name: value(f.name) for f in fields(CodeFormValues) if f.name != "description"}
        description = self.query_one("#description", TextArea).text.strip()
        return CodeFormValues(description=description, **typed)  # type: ignore[arg-type]

    @on(Input.Submitted)
    def submitted(self) -> None:
        values = self.read()
        if not values.name:
            self.refuse("the name is missing", "#name")
        elif not values.why:
            self.refuse(SAY_WHY, "#why")
        else:
            try:
                saved = self.save(values)
            except WorkbenchError as error:
                field = getattr(error, "field", None)  # a codebook check names the value
                self.refuse(str(error), f"#{field}" if field else None)
                return
            self.dismiss(saved)

    def refuse(self, reason: str, field: str | None = None) -> None:
        """Say why on the form's error line; the cursor goes to the field to fix (the whole
        value selected, so that typing replaces it) and stays there."""
        self.query_one("#form-error", StatusLine).say(reason)
        found = self.query(field).results(Input) if field else iter(())
        widget = next(iter(found), None)
        if widget is not None:
            # At once, not after a refresh: keys typed next belong to the field named.
            self.set_focus(widget)
            widget.select_all()

    def action_cancel(self) -> None:
        self.dismiss(None)
