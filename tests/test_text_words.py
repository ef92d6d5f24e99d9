"""Words counted as a researcher counts them, and counts written with their noun."""

from __future__ import annotations

from workbench.text.words import counted, word_count


def test_counts_take_the_noun_in_the_right_number() -> None:
    assert counted(1, "transcript") == "1 transcript"
    assert counted(2928, "word") == "2,928 words"
    assert counted(0, "coding") == "0 codings"
    assert counted(3, "status") == "3 statuses"
    assert counted(2, "box") == "2 boxes"


def test_words_are_runs_of_non_space_characters() -> None:
    assert word_count("It moved people,\nit did it well — cheaply.") == 9
