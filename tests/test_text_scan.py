"""Character classes over long texts agree with Python's own idea of whitespace."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.scan import SPACE, character_kinds, word_bounds

# ASCII and wide whitespace, letters, punctuation, and characters above the class table.
ALPHABET = st.sampled_from(list(' \t\n\x1c\x85\u00a0\u2028\u3000\u3001ab.?\u2026"\u201dé😀'))


@given(st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=80))
def test_words_are_the_runs_of_non_space_characters(text: str) -> None:
    starts, ends = word_bounds(text)
    words = list(re.finditer(r"\S+", text))
    assert starts.tolist() == [m.start() for m in words]
    assert ends.tolist() == [m.end() for m in words]
    assert len(starts) == len(text.split())


@given(st.text(max_size=80))
def test_space_bit_is_str_isspace(text: str) -> None:
    spaces = (character_kinds(text) & SPACE > 0).tolist()
    assert spaces == [ch.isspace() for ch in text]
