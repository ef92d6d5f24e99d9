"""Character classes of long texts as numpy arrays: whitespace and sentence punctuation."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

# Bits of a character's class. A sentence ends after . ! ? or an ellipsis, closers are the
# quotes and brackets that may follow it, and whitespace is what str.isspace says.
SPACE, END, CLOSER, NEWLINE = 1, 2, 4, 8
ENDS = ".!?\u2026"
CLOSERS = "\"'\u201d\u2019)]"
# Every whitespace, end and closer character lies below U+3001; anything above is "other".
TOP = 0x3001


def _table() -> npt.NDArray[np.uint8]:
    kinds = np.zeros(TOP + 1, dtype=np.uint8)
    for code in range(TOP):
        if chr(code).isspace():
            kinds[code] |= SPACE
    for char in ENDS:
        kinds[ord(char)] |= END
    for char in CLOSERS:
        kinds[ord(char)] |= CLOSER
    kinds[ord("\n")] |= NEWLINE
    return kinds


KINDS = _table()


def character_kinds(text: str) -> npt.NDArray[np.uint8]:
    """Each character's SPACE | END | CLOSER | NEWLINE bits, in one pass over the text."""
    if text.isascii():  # one byte a character: a quarter of the memory to walk
        return KINDS[np.frombuffer(text.encode("ascii"), dtype=np.uint8)]
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return KINDS[np.minimum(points, TOP)]


def word_bounds(text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Starts and ends of the words: runs of non-space characters (str.isspace)."""
    space = (character_kinds(text) & SPACE) > 0
    edges = np.diff(np.concatenate(([True], space, [True])).astype(np.int8))
    return np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
