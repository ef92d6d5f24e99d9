"""Messages more than one screen posts to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class JumpTo(Message):
    """Open a transcript with the passage [start, end) selected; `everyone`: show every
    coder's codings there (a disagreement is between coders)."""

    transcript: str
    start: int
    end: int
    everyone: bool = False
