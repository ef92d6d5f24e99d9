"""Search in a transcript: offsets index the text itself, whatever case folding does."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.search import find_all, find_text, hit_number


def test_offsets_do_not_drift_after_characters_that_fold_longer() -> None:
    text = "Die Straße und İstanbul: the Donor said donors"
    start, end = find_text(text, "donor", 0) or (0, 0)
    assert text[start:end] == "Donor"
    assert find_text(text, "donor", start + 1) == (text.index("donors"), text.index("donors") + 5)


def test_forward_and_backward_wrap_around() -> None:
    text = "a donor, b donor, c donor"
    hits = [m.span() for m in re.finditer("donor", text)]
    assert find_text(text, "DONOR", hits[2][0] + 1) == hits[0]
    assert find_text(text, "donor", hits[1][0], forward=False) == hits[0]
    assert find_text(text, "donor", hits[0][0], forward=False) == hits[2]
    assert find_text(text, "absent", 0) is None
    assert find_text(text, "", 0) is None


@given(
    st.text(alphabet="aAßSsİi .", max_size=40), st.text(alphabet="aAßSsİi", min_size=1, max_size=3)
)
def test_a_hit_is_the_needle_in_any_case(text: str, needle: str) -> None:
    for forward in (True, False):
        for position in range(len(text) + 1):
            hit = find_text(text, needle, position, forward)
            expected = re.search(re.escape(needle), text, re.IGNORECASE)
            assert (hit is None) == (expected is None)
            if hit is not None:
                start, end = hit
                assert 0 <= start < end <= len(text)
                assert re.fullmatch(re.escape(needle), text[start:end], re.IGNORECASE)


def test_every_hit_is_counted_and_numbered_in_text_order() -> None:
    text = "a donor, b Donor, c DONOR"
    hits = find_all(text, "donor")
    assert hits == [m.span() for m in re.finditer("donor", text, re.IGNORECASE)]
    assert [hit_number(hits, p) for p in (0, hits[0][0] + 1, hits[2][0] + 1)] == [0, 1, 0]
    assert hit_number(hits, hits[0][0], forward=False) == 2
    assert hit_number([], 0) is None and find_all(text, "") == []
