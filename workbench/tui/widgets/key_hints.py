"""A line of key hints that keeps the essential keys when the screen is too narrow for all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual import events
from textual.widget import Widget

KeyHint = tuple[str, str]  # (key as shown, what it does)


def fitting(hints: Sequence[KeyHint], essential: set[str], width: int) -> list[KeyHint]:
    """The hints, in their order, that fit in `width` cells: the others are dropped from the
    end first, and the essential ones last of all."""
    shown = list(hints)
    droppable = [hint for hint in reversed(hints) if hint[0] not in essential]
    droppable += [hint for hint in reversed(hints) if hint[0] in essential]
    while shown and _line(shown).cell_len > width:
        shown.remove(droppable.pop(0))
    return shown


def hints_line(hints: Sequence[KeyHint], essential: set[str], width: int) -> Text:
    return _line(fitting(hints, essential, width))


def _parts(hint: KeyHint) -> tuple[tuple[str, str], tuple[str, str]]:
    key, label = hint
    return (f" {key} ", "bold"), (f"{label} ", "")


def _line(hints: Sequence[KeyHint]) -> Text:
    return Text.assemble(*(part for hint in hints for part in _parts(hint)))


class KeyHints(Widget):
    """Drawn at the width it has, so on 80 columns `?`, `/` and `q` are still there.

    A plain line rather than Textual's Footer: the Footer restyles a widget per binding, which
    costs a tenth of a second each time a screen appears. As on the Footer, a click on a hint
    presses its key, for the hints given one in `press` (shown key -> Textual's key name).
    """

    DEFAULT_CSS = "KeyHints { height: 1; }"

    def __init__(
        self,
        hints: Sequence[KeyHint],
        essential: set[str],
        *,
        press: Mapping[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.hints = list(hints)
        self.essential = essential
        self.press = dict(press or {})

    def render(self) -> Text:
        return hints_line(self.hints, self.essential, self.size.width)

    def on_click(self, event: events.Click) -> None:
        x = 0
        for hint in fitting(self.hints, self.essential, self.size.width):
            width = _line([hint]).cell_len
            if x <= event.x < x + width:
                if hint[0] in self.press:
                    self.app.simulate_key(self.press[hint[0]])
                return
            x += width
