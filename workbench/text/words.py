"""Words as a researcher counts them, and counts written with their noun."""

from __future__ import annotations

from collections.abc import Iterable


def word_count(text: str) -> int:
    """Words as a researcher counts them: runs of non-space characters."""
    return len(text.split())


def spoken_words(text: str, utterances: Iterable[tuple[int, int]]) -> int:
    """A transcript's length in words, as every output states it: the words spoken, those
    inside its utterances' [start, end) spans; speaker labels and timestamps do not count."""
    return sum(word_count(text[start:end]) for start, end in utterances)


def counted(n: int, noun: str) -> str:
    """'1 transcript', '2,928 words', '3 statuses': a count with its noun in the right number."""
    if n == 1:
        return f"{n:,} {noun}"
    return f"{n:,} {noun}{'es' if noun.endswith(('s', 'x', 'ch', 'sh')) else 's'}"
