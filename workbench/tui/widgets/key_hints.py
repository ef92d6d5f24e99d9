"""A line of key hints that keeps the essential keys when the screen is too narrow for all."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

KeyHint = tuple[str, str]  # (key as shown, what it does)


def hints_line(hints: Sequence[KeyHint], essential: set[str], width: int) -> Text:
    """The hints, in their order, that fit in `width` cells: the others are dropped from the
    end first, and the essential ones last of all."""
    shown = list(hints)
    droppable = [hint for hint in reversed(hints) if hint[0] not in essential]
    droppable += [hint for hint in reversed(hints) if hint[0] in essential]
    while shown and _line(shown).cell_len > width:
        shown.remove(droppable.pop(0))
    return _line(shown)


def _line(hints: Sequence[KeyHint]) -> Text:
    return Text.assemble(
        *(part for key, label in hints for part in ((f" {key} ", "bold"), (f"{label} ", "")))
    )


class KeyHints(Widget):
    """Drawn at the width it has, so on 80 columns `?`, `/` and `q` are still there.

    A plain line rather than Textual's Footer: the Footer restyles a widget per binding, which
    costs a tenth of a second each time a screen appears.
    """

    DEFAULT_CSS = "KeyHints { height: 1; }"

    def __init__(
        self, hints: Sequence[KeyHint], essential: set[str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.hints = list(hints)
        self.essential = essential

    def render(self) -> Text:
        return hints_line(self.hints, self.essential, self.size.width)
