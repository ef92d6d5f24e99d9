"""Property tests of suggestions' arithmetic: unit-span overlaps and precision, recall, F1."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.assist.suggest_eval import _scores
from workbench.assist.units import overlaps


@st.composite
def units_and_spans(
    draw: st.DrawFn,
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]]:
    """Disjoint units in a few transcripts (some with gaps between them), and any spans."""
    units = []
    for tid in range(1, draw(st.integers(1, 3)) + 1):
        position = 0
        for _ in range(draw(st.integers(0, 6))):
            start = position + draw(st.integers(0, 3))
            end = start + draw(st.integers(1, 8))
            units.append((tid, start, end))
            position = end
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, 60))
        spans.append((draw(st.integers(1, 3)), start, start + draw(st.integers(1, 20))))
    shuffled = draw(st.permutations(units))
    return list(shuffled), spans


def _columns(rows: list[tuple[int, int, int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    array = np.array(rows, dtype=np.int64).reshape(-1, 3)
    return array[:, 0], array[:, 1], array[:, 2]


@settings(max_examples=300, deadline=None)
@given(units_and_spans())
def test_overlaps_are_exactly_the_pairs_that_share_a_character(
    case: tuple[list[tuple[int, int, int]], list[tuple[int, int, int]]],
) -> None:
    units, spans = case
    rows, which = overlaps(_columns(units), _columns(spans))
    found = set(zip(rows.tolist(), which.tolist(), strict=True))
    expected = {
        (u, s)
        for u, (ut, us, ue) in enumerate(units)
        for s, (st_, ss, se) in enumerate(spans)
        if ut == st_ and us < se and ss < ue
    }
    assert found == expected and len(found) == len(rows)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=40))
def test_scores_match_scikit_learn(pairs: list[tuple[bool, bool]]) -> None:
    from sklearn.metrics import precision_recall_fscore_support

    truth = np.array([t for t, _ in pairs], dtype=bool)
    said = np.array([p for _, p in pairs], dtype=bool)
    ours = _scores(truth, said)
    if not len(pairs):
        assert (ours.precision, ours.recall, ours.f1) == (0, 0, 0)
        return
    p, r, f, _ = precision_recall_fscore_support(
        truth, said, average="binary", zero_division=0, labels=[True]
    )
    assert np.allclose([ours.precision, ours.recall, ours.f1], [p, r, f])
    assert 0 <= ours.f1 <= max(ours.precision, ours.recall) + 1e-12  # a harmonic mean
