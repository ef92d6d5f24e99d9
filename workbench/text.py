"""Text normalisation applied once at import, so that offsets index exactly what is shown."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\f|\v|\x85")


def normalise(text: str) -> str:
    """NFC, no BOM (nor U+FEFF anywhere), every line break (CRLF, CR, U+2028/9, form feed,
    NEL) as a single LF."""
    text = text.replace("\ufeff", "")
    text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", text)


def counted(n: int, noun: str) -> str:
    """'1 transcript', '2,928 words': a count with its noun in the right number."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def word_count(text: str) -> int:
    """Words as a researcher counts them: runs of non-space characters."""
    return len(text.split())


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


_NUMBER_RUN = re.compile(r"([0-9]+)")


def natural_key(value: str) -> tuple[tuple[int, int, str], ...]:
    """Sorts "int_2" before "int_10" and years as numbers, whatever the database's collation;
    ties broken by the exact string."""
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _NUMBER_RUN.split(value)
        if part
    )
    return (*parts, (2, 0, value))
