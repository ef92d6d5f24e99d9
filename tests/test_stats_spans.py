"""The vectorised span arithmetic agrees with character-by-character brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.stats.data import word_bounds
from workbench.stats.spans import (
    overlapping_pairs,
    union_contributions,
    utterance_hits,
    word_ranges,
)
from workbench.text.words import word_count

TEXT = st.text(
    alphabet=st.sampled_from(["a", "b", " ", "\n", "\u00a0", "é", "\u2003"]), max_size=60
)


def spans_in(size: int) -> st.SearchStrategy[list[tuple[int, int, int]]]:
    """(group, start, end) spans inside [0, size), at least one character long."""
    return st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, max(0, size - 1)), st.integers(1, 12)).map(
            lambda t: (t[0], t[1], min(size, t[1] + t[2]))
        ),
        max_size=12,
    )


@settings(max_examples=150, deadline=None)
@given(TEXT)
def testword_bounds_count_what_word_count_counts(text: str) -> None:
    starts, ends = word_bounds(text)
    assert len(starts) == word_count(text)
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == text.split()


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_words_covered_by_a_union_match_brute_force(data: st.DataObject) -> None:
    text = data.draw(TEXT.filter(lambda t: len(t) > 0))
    spans = data.draw(spans_in(len(text)))
    starts, ends = word_bounds(text)
    group = np.array([g for g, _, _ in spans], dtype=np.int64)
    low, high = word_ranges(
        np.array([s for _, s, _ in spans], dtype=np.int64),
        np.array([e for _, _, e in spans], dtype=np.int64),
        starts,
        ends,
    )
    shares = union_contributions(group, low, high)
    for g in set(group.tolist()):
        covered = set()
        for gg, s, e in spans:
            if gg == g:
                covered.update(range(s, e))
        expected = sum(
            1
            for ws, we in zip(starts.tolist(), ends.tolist(), strict=True)
            if covered & set(range(ws, we))
        )
        assert int(shares[group == g].sum()) == expected


@settings(max_examples=150, deadline=None)
@given(spans_in(40))
def test_overlapping_pairs_match_brute_force(spans: list[tuple[int, int, int]]) -> None:
    group = np.array([g for g, _, _ in spans], dtype=np.int64)
    starts = np.array([s for _, s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, _, e in spans], dtype=np.int64)
    left, right = overlapping_pairs(group, starts, ends)
    found = sorted(tuple(sorted(pair)) for pair in zip(left.tolist(), right.tolist(), strict=True))
    expected = sorted(
        (i, j)
        for i in range(len(spans))
        for j in range(i + 1, len(spans))
        if spans[i][0] == spans[j][0] and spans[i][1] < spans[j][2] and spans[j][1] < spans[i][2]
    )
    assert found == expected


@settings(max_examples=150, deadline=None)
@given(spans_in(40))
def test_utterance_hits_match_brute_force(spans: list[tuple[int, int, int]]) -> None:
    utterances = [(0, 5), (7, 15), (15, 22), (30, 40)]  # gaps, and two that touch
    u_starts = np.array([s for s, _ in utterances], dtype=np.int64)
    u_ends = np.array([e for _, e in utterances], dtype=np.int64)
    starts = np.array([s for _, s, _ in spans], dtype=np.int64)
    ends = np.array([e for _, _, e in spans], dtype=np.int64)
    rows, hit = utterance_hits(starts, ends, u_starts, u_ends)
    found = sorted(zip(rows.tolist(), hit.tolist(), strict=True))
    expected = sorted(
        (i, k)
        for i, (_, s, e) in enumerate(spans)
        for k, (us, ue) in enumerate(utterances)
        if s < ue and us < e
    )
    assert found == expected
