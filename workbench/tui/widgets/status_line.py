"""The status line every screen and dialog has: what a key just did, or why it did nothing."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from workbench.errors import WorkbenchError

FAULT_SECONDS = 10  # a fault's notice stays long enough to be read, or copied into a report


class StatusLine(Static):
    """One line of plain text (never markup: a key's character may be `[`)."""

    message = ""  # what the line says now ("" when it says nothing)
    resting = ""  # what it says when no key has anything to say: a screen's standing hint

    def rest(self, hint: str) -> None:
        """Say `hint`, and come back to it whenever the line is cleared."""
        self.resting = hint
        self.say(hint)

    def say(self, message: str) -> None:
        # A fixed height needs no new layout (which would cost a frame on the coding screen).
        self.message = message
        height = self.styles.height
        self.update(Text(message), layout=height is None or height.is_auto)


def clear(screen: Screen[Any]) -> None:
    """Empty `screen`'s status line (back to its standing hint, if it has one): what it said
    answered a key before the one now typed, and a message left from an earlier key misleads
    (the filter that no longer fails)."""
    for line in screen.query(StatusLine):
        if line.message != line.resting:
            line.say(line.resting)


def say(screen: Screen[Any], message: str) -> None:
    """Put `message` on `screen`'s status line (a toast where a screen has none: the memo
    editor, whose text area takes every key)."""
    lines = screen.query(StatusLine)
    if lines:
        lines.first().say(message)
    else:
        screen.notify(message, timeout=3, markup=False)


def report(screen: Screen[Any], error: BaseException) -> None:
    """Why an action did not go through. A refusal (bad input, a rule of the store) or a
    failure the store names (busy, unwritable, the server's connection lost: the CLI's
    one line) is the answer to the key that asked, on the status line. Anything else is a
    fault (a bug): the status line says so too, but the whole error is a toast that outlasts
    the keys typed after it, so that it is seen and can be reported."""
    if isinstance(error, WorkbenchError):
        say(screen, str(error))
        return
    fault = f"{type(error).__name__}: {error}"
    say(screen, f"failed: {fault}")
    screen.notify(fault, severity="error", timeout=FAULT_SECONDS, markup=False)
