"""Finding a phrase in a transcript's text, ignoring case, with offsets into the text itself."""

from __future__ import annotations

import re


def find_text(
    text: str, needle: str, position: int, forward: bool = True
) -> tuple[int, int] | None:
    """[start, end) in `text` of the next match of `needle` at or after `position` (or the
    last one starting before it), ignoring case and wrapping around; None if there is none.

    Offsets come from matching the text itself: searching a casefolded copy would drift
    after any character whose folding is longer ("ß" -> "ss", "İ" -> "i̇").
    """
    if not needle:
        return None
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    if forward:
        match = pattern.search(text, position) or pattern.search(text)
        return match.span() if match else None
    spans = [match.span() for match in pattern.finditer(text)]
    before = [span for span in spans if span[0] < position] or spans
    return before[-1] if before else None


def find_all(text: str, needle: str) -> list[tuple[int, int]]:
    """[start, end) in `text` of every match of `needle`, ignoring case, in text order (as
    `find_text` finds them one at a time)."""
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]
