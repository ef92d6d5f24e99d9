"""Codings no utterance or sentence overlaps: on a speaker label, or between turns.

They count at the character and span units only; the utterance and sentence units cannot
see them, so a report says how many there are and lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.agreement.units import Corpus, TextUnits
from workbench.text.words import counted


@dataclass(frozen=True)
class UnseenCoding:
    """A coding that overlaps no unit, at its transcript's own offsets."""

    coder: str
    code: str
    transcript: str
    start: int
    end: int


def unseen_codings(corpus: Corpus, units: TextUnits) -> tuple[UnseenCoding, ...]:
    """The corpus's codings that overlap none of `units`, in text order."""
    first = np.searchsorted(units.end, corpus.coding_start, side="right")
    stop = np.searchsorted(units.start, corpus.coding_end, side="left")
    outside = np.flatnonzero(stop <= first)
    order = np.lexsort(
        (corpus.coding_coder[outside], corpus.coding_end[outside], corpus.coding_start[outside])
    )
    found = []
    for i in outside[order].tolist():
        t = int(corpus.coding_transcript[i])
        base = int(corpus.offsets[t])
        found.append(
            UnseenCoding(
                corpus.coders[int(corpus.coding_coder[i])],
                corpus.codes[int(corpus.coding_code[i])],
                corpus.transcripts[t],
                int(corpus.coding_start[i]) - base,
                int(corpus.coding_end[i]) - base,
            )
        )
    return tuple(found)


def outside_note(count: int, unit: str) -> str:
    """What a report's figures leave out, in a sentence; "" when nothing is."""
    if not count:
        return ""
    lie = "lies" if count == 1 else "lie"
    return (
        f"{counted(count, 'coding')} {lie} outside every {unit}: on a speaker label or "
        "between turns; they count at the character unit only"
    )
