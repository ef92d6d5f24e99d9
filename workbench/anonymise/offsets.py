"""Replacing passages of a text by labels, and where each offset of the old text lands."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

# What becomes of an offset strictly inside a replaced passage: the label's start, its end, or
# (None) the same distance from the label's start as from the passage's, up to the label's end
# (a line start inside a name that wraps).
Snap = Literal["start", "end"] | None


@dataclass(frozen=True)
class Passage:
    """The old text's [start, end), replaced by `label`."""

    start: int
    end: int
    label: str


class OffsetMap:
    """Where an offset of a text lands once its passages (sorted, not overlapping) are
    replaced: each offset after a passage moves by the passage's change of length."""

    def __init__(self, passages: Sequence[Passage]):
        self._passages = list(passages)
        self._ends = [p.end for p in self._passages]
        changes = (len(p.label) - (p.end - p.start) for p in self._passages)
        self._shift = [0, *accumulate(changes)]  # total change before the i-th passage

    def position(self, offset: int, *, snap: Snap = "start") -> int:
        """Where `offset` of the old text is in the new one (see `Snap` for an offset
        strictly inside a replaced passage)."""
        index = bisect_right(self._ends, offset)
        moved = offset + self._shift[index]
        if index < len(self._passages) and self._passages[index].start < offset:
            label = self._passages[index].label
            start = self._passages[index].start + self._shift[index]
            if snap is None:  # never past the label's end, where the passage's end goes
                return min(moved, start + len(label))
            return start + (len(label) if snap == "end" else 0)
        return moved

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Where the old [start, end) is in the new text: a boundary inside a replaced passage
        snaps outward to its label's, so the span loses no words and cuts no label."""
        return self.position(start, snap="start"), self.position(end, snap="end")


def replace_passages(text: str, passages: Sequence[Passage]) -> tuple[str, OffsetMap]:
    """`text` with each passage (sorted, not overlapping) replaced by its label, and the map
    from the old text's offsets to the new one's."""
    pieces: list[str] = []
    position = 0
    for passage in passages:
        pieces += [text[position : passage.start], passage.label]
        position = passage.end
    pieces.append(text[position:])
    return "".join(pieces), OffsetMap(passages)
