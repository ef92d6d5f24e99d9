"""Unitizing alphas: a slow reference written from the 2016 formulas, identities, edge cases.

The reference below works segment by segment, as the paper writes its sums: each coder's
continuum becomes a list of segments (units and the gaps between them), observed
coincidences add up the overlaps of every pair of segments of different coders, and the
expected coincidences subtract each unit's pairing with itself. The library computes the same
quantities with a sweep over sorted endpoints; they must agree to 1e-9.
"""

from __future__ import annotations

from collections import defaultdict

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement.binary import binary_figures
from workbench.agreement.sweep import coder_stretches, distinct, pattern_lengths
from workbench.agreement.unitized import binary_u_alpha, cu_alpha, u_alpha
from workbench.errors import WorkbenchError

GAP = None
Span = tuple[str, str, int, int]


# -- the reference: segments and pairwise overlaps -----------------------------------------


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined; touching spans kept apart."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


def segments(units: list[tuple[int, int, str]], length: int) -> list[tuple[int, int, str | None]]:
    """A coder's partition of [0, length): their units and the gaps between them."""
    out: list[tuple[int, int, str | None]] = []
    position = 0
    for start, end, value in sorted(units):
        if start > position:
            out.append((position, start, GAP))
        out.append((start, end, value))
        position = end
    if position < length:
        out.append((position, length, GAP))
    return out


def overlap(a: tuple[int, int, object], b: tuple[int, int, object]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def nominal_alpha(observed: dict, squares: dict) -> float | None:  # type: ignore[type-arg]
    values = sorted({c for c, _ in observed} | {k for _, k in observed}, key=str)
    margin = {c: sum(observed.get((c, k), 0.0) for k in values) for c in values}
    total = sum(margin.values())
    if sum(1 for c in values if margin[c] > 0) < 2:
        return None
    scale = total * total - sum(squares.values())
    expected = {c: total * (margin[c] ** 2 - squares.get(c, 0.0)) / scale for c in values}
    agreed = sum(observed.get((c, c), 0.0) for c in values)
    return 1 - (total - agreed) / (total - sum(expected.values()))


def reference(spans: list[Span], length: int, coders: list[str], kind: str) -> float | None:
    m = len(coders)
    units: dict[str, list[tuple[int, int, str]]] = {c: [] for c in coders}
    if kind == "binary":
        for coder in coders:
            mine = [(s, e) for who, _code, s, e in spans if who == coder]
            units[coder] = [(s, e, "coded") for s, e in merged(mine)]
    else:
        by_code: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        for who, code, s, e in spans:
            by_code[(who, code)].append((s, e))
        for (who, code), items in by_code.items():
            units[who] += [(s, e, code) for s, e in merged(items)]
    parts = {c: segments(units[c], length) for c in coders}
    observed: dict[tuple[str | None, str | None], float] = defaultdict(float)
    for i in coders:
        for j in coders:
            if i != j:
                for g in parts[i]:
                    for h in parts[j]:
                        observed[(g[2], h[2])] += overlap(g, h) / (m - 1)
    squares: dict[str | None, float] = defaultdict(float)
    if kind != "cu":
        for coder in coders:
            for s, e, value in parts[coder]:
                squares[value] += (e - s) if value is GAP else (e - s) ** 2
        return nominal_alpha(observed, squares)
    coded = {(c, k): v for (c, k), v in observed.items() if c is not GAP and k is not GAP}
    if sum(coded.values()) == 0:
        return None
    for i in coders:
        for s, e, value in units[i]:
            pairable = 0.0  # what this unit adds to the margins
            for j in coders:
                if j != i:
                    pairable += sum(overlap((s, e, 0), h) for h in units[j]) / (m - 1)
            squares[value] += pairable**2
    return nominal_alpha(coded, squares)


# -- generated data ------------------------------------------------------------------------


@st.composite
def partitions(draw: st.DrawFn) -> tuple[list[Span], int, list[str]]:
    """Each coder cuts [0, L) into units of codes A-C and gaps: no overlaps within a coder."""
    length = draw(st.integers(1, 40))
    coders = [f"c{i}" for i in range(draw(st.integers(2, 4)))]
    spans: list[Span] = []
    for coder in coders:
        position = 0
        while position < length:
            size = draw(st.integers(1, max(1, length - position)))
            value = draw(st.sampled_from(["A", "B", "C", None, None]))
            if value is not None:
                spans.append((coder, value, position, position + size))
            position += size
    return spans, length, coders


@st.composite
def overlapping(draw: st.DrawFn) -> tuple[list[Span], int, list[str]]:
    """Any spans at all: overlapping, touching, repeated."""
    length = draw(st.integers(1, 40))
    coders = [f"c{i}" for i in range(draw(st.integers(2, 4)))]
    spans = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, length - 1))
        end = draw(st.integers(start + 1, length))
        spans.append((draw(st.sampled_from(coders)), draw(st.sampled_from("AB")), start, end))
    return spans, length, coders


@settings(max_examples=150, deadline=None)
@given(partitions())
def test_u_and_cu_alpha_match_the_reference(case: tuple[list[Span], int, list[str]]) -> None:
    spans, length, coders = case
    for function, kind in ((u_alpha, "u"), (cu_alpha, "cu"), (binary_u_alpha, "binary")):
        expected = reference(spans, length, coders, kind)
        got = function(spans, length, coders)
        if expected is None:
            assert got.value is None and got.note.startswith("undefined (")
        else:
            assert got.value == pytest.approx(expected, abs=1e-9), kind


@settings(max_examples=150, deadline=None)
@given(overlapping())
def test_binary_u_alpha_matches_the_reference_with_overlaps(
    case: tuple[list[Span], int, list[str]],
) -> None:
    spans, length, coders = case
    expected = reference(spans, length, coders, "binary")
    got = binary_u_alpha(spans, length, coders)
    assert got.value == (None if expected is None else pytest.approx(expected, abs=1e-9))
    # Per code, uα with one value is |uα of that code's spans alone.
    only_a = [s for s in spans if s[1] == "A"]
    expected = reference(only_a, length, coders, "u")
    got = u_alpha(only_a, length, coders)
    assert got.value == (None if expected is None else pytest.approx(expected, abs=1e-9))


# -- identities with the krippendorff package ----------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.lists(st.integers(0, 3), min_size=4, max_size=48))
def test_units_of_one_character_reduce_to_nominal_alpha(m: int, cells: list[int]) -> None:
    """With every unit one character long, a unit's self-pairing l^2 equals l, so uα is
    Krippendorff's nominal alpha over characters (gaps a value of their own), for any m."""
    length = len(cells) // m
    grid = np.array(cells[: length * m]).reshape(m, length)  # 0 = gap, 1-3 = codes
    coders = [f"c{i}" for i in range(m)]
    spans = [
        (coders[i], "ABC"[v - 1], x, x + 1) for i in range(m) for x, v in enumerate(grid[i]) if v
    ]
    if len(np.unique(grid)) > 1:
        expected = krippendorff.alpha(reliability_data=grid, level_of_measurement="nominal")
        assert u_alpha(spans, length, coders).value == pytest.approx(expected, abs=1e-9)
    coded = (grid > 0).astype(int)
    if 0 < coded.sum() < coded.size:
        expected = krippendorff.alpha(
            reliability_data=coded, value_domain=[0, 1], level_of_measurement="nominal"
        )
        assert binary_u_alpha(spans, length, coders).value == pytest.approx(expected, abs=1e-9)
    if m == 2:  # two coders: cuα is nominal alpha over the characters both coded
        both = grid[:, (grid > 0).all(axis=0)]
        if both.size and len(np.unique(both)) > 1:
            expected = krippendorff.alpha(reliability_data=both, level_of_measurement="nominal")
            assert cu_alpha(spans, length, coders).value == pytest.approx(expected, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(overlapping())
def test_character_sweep_matches_the_package_on_character_data(
    case: tuple[list[Span], int, list[str]],
) -> None:
    """Character units from the endpoint sweep give the package's alpha on 0/1 characters."""
    spans, length, coders = case
    m = len(coders)
    grid = np.zeros((m, length), dtype=int)
    for coder, _code, start, end in spans:
        grid[coders.index(coder), start:end] = 1
    stretches = coder_stretches(
        [0] * len(spans),
        [coders.index(s[0]) for s in spans],
        [s[2] for s in spans],
        [s[3] for s in spans],
        m,
    )
    counts = pattern_lengths(stretches, 1, m)[0]
    counts[0] = length - counts.sum()
    alpha = binary_figures(counts, m).krippendorff_alpha
    if 0 < grid.sum() < grid.size:
        expected = krippendorff.alpha(
            reliability_data=grid, value_domain=[0, 1], level_of_measurement="nominal"
        )
        assert alpha.value == pytest.approx(expected, abs=1e-9)
    else:
        assert alpha.value is None


# -- conventions and degenerate inputs -----------------------------------------------------


def test_perfect_agreement_is_one_and_touching_units_stay_apart() -> None:
    same = [("a", "X", 2, 5), ("b", "X", 2, 5), ("a", "X", 7, 9), ("b", "X", 7, 9)]
    for function in (u_alpha, binary_u_alpha):
        assert function(same, 12).value == pytest.approx(1.0)
    # Observed coincidences only see which value each coder has where, so where a draws one
    # unit and b two touching ones, nothing is observed to differ...
    split = [("a", "X", 2, 8), ("b", "X", 2, 5), ("b", "X", 5, 8)]
    assert binary_u_alpha(split, 12).value == pytest.approx(1.0)
    # ...but the units differ in what chance would produce (a unit cannot pair with itself),
    # so with some disagreement elsewhere the two segmentations give different values.
    noise = [("a", "X", 10, 11)]
    whole = binary_u_alpha([("a", "X", 2, 8), ("b", "X", 2, 8), *noise], 12).value
    parts = binary_u_alpha([*split, *noise], 12).value
    assert whole is not None and parts is not None and whole != pytest.approx(parts)
    # ...whereas overlapping spans of one coder are one unit
    joined = [("a", "X", 2, 8), ("b", "X", 2, 6), ("b", "X", 4, 8)]
    assert binary_u_alpha(joined, 12).value == pytest.approx(1.0)


def test_degenerate_continua_are_explained() -> None:
    assert binary_u_alpha([], 10, ["a", "b"]).note == "undefined (no coder marked any unit)"
    assert u_alpha([("a", "X", 0, 3)], 10).note == "undefined (needs two or more coders)"
    everything = [("a", "X", 0, 10), ("b", "X", 0, 10)]
    assert "no variation" in binary_u_alpha(everything, 10).note
    assert cu_alpha([("a", "X", 0, 3), ("b", "X", 5, 8)], 10).note == (
        "undefined (no unit of one coder intersects a unit of another)"
    )
    assert "no variation" in cu_alpha([("a", "X", 0, 3), ("b", "X", 1, 3)], 10).note
    clash = u_alpha([("a", "X", 0, 4), ("a", "Y", 2, 6), ("b", "X", 0, 4)], 10)
    assert clash.value is None and "overlap at 2-4" in clash.note
    assert binary_u_alpha([("a", "X", 0, 4), ("a", "Y", 2, 6), ("b", "X", 0, 6)], 10).value == (
        pytest.approx(1.0)
    )


def test_spans_outside_the_continuum_are_refused() -> None:
    with pytest.raises(WorkbenchError, match=r"outside 0\.\.10"):
        u_alpha([("a", "X", 5, 11), ("b", "X", 0, 2)], 10)
    with pytest.raises(WorkbenchError, match="not among the coders"):
        u_alpha([("z", "X", 0, 2)], 10, ["a", "b"])


@given(st.lists(st.integers(-(2**40), 2**40), max_size=50))
def test_distinct_is_numpy_unique(values: list[int]) -> None:
    assert distinct(values).tolist() == np.unique(np.array(values, dtype=np.int64)).tolist()
