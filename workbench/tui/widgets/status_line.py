"""The status line every screen and dialog has: what a key just did, or why it did nothing."""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static


class StatusLine(Static):
    """One line of plain text (never markup: a key's character may be `[`)."""

    def say(self, message: str) -> None:
        # A fixed height needs no new layout (which would cost a frame on the coding screen).
        height = self.styles.height
        self.update(Text(message), layout=height is None or height.is_auto)


def say(screen: Screen[object], message: str) -> None:
    """Put `message` on `screen`'s status line (a toast where a screen has none)."""
    lines = screen.query(StatusLine)
    if lines:
        lines.first().say(message)
    else:
        screen.notify(message, timeout=3)
