"""Finding a phrase in a transcript's text, ignoring case, with offsets into the text itself."""

from __future__ import annotations

import re
from bisect import bisect_left

Span = tuple[int, int]


def find_all(text: str, needle: str) -> list[Span]:
    """[start, end) in `text` of every match of `needle`, ignoring case, in text order.

    Offsets come from matching the text itself: searching a casefolded copy would drift
    after any character whose folding is longer ("ß" -> "ss", "İ" -> "i̇").
    """
    if not needle:
        return []
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


def hit_number(hits: list[Span], position: int, forward: bool = True) -> int | None:
    """Which of `hits` (in text order) is the next one at or after `position` (or the last
    one starting before it), wrapping around; None if there is none."""
    if not hits:
        return None
    after = bisect_left(hits, (position, position))  # hits before it start before `position`
    return after % len(hits) if forward else (after - 1) % len(hits)


def find_text(text: str, needle: str, position: int, forward: bool = True) -> Span | None:
    """[start, end) in `text` of the next match of `needle` at or after `position` (or the
    last one starting before it), ignoring case and wrapping around; None if there is none."""
    hits = find_all(text, needle)
    number = hit_number(hits, position, forward)
    return None if number is None else hits[number]
