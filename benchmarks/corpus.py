"""Generated interviews for the benchmarks: labelled turns of a small vocabulary."""

from __future__ import annotations

import random

WORDS = ("the", "mandate", "states", "migrants", "protection", "we", "deliver", "camp")
WORDS_PER_INTERVIEW = 4_000


def interview(rng: random.Random, words: int = WORDS_PER_INTERVIEW) -> str:
    """An interview of `words` words in 80-word turns, Interviewer and Respondent in turn."""
    turns = []
    for index in range(words // 80):
        speaker = "Interviewer" if index % 2 == 0 else "Respondent"
        turns.append(f"{speaker}: " + " ".join(rng.choice(WORDS) for _ in range(80)) + ".")
    return "\n\n".join(turns) + "\n"
