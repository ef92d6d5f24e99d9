"""Agreement coefficients: published values, degenerate inputs, and the fast count-based forms."""

from __future__ import annotations

import math
from itertools import combinations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from workbench.agreement.binary import binary_figures
from workbench.agreement.coefficients import (
    Coefficient,
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)
from workbench.agreement.inputs import ratings_table
from workbench.errors import WorkbenchError


def pairs_from_table(table: list[list[int]], labels: list[str]) -> tuple[list[str], list[str]]:
    """Two coders' labels from a contingency table (rows: coder A, columns: coder B)."""
    a: list[str] = []
    b: list[str] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [labels[i]] * count
            b += [labels[j]] * count
    return a, b


def published(value: float | None, expected: float, digits: int) -> bool:
    """The value, rounded as the source rounds it, is the published figure."""
    assert value is not None
    return round(value, digits) == expected


# -- published values ----------------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, missing values.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_with_missing_data(level: str, expected: float) -> None:
    assert published(krippendorff_alpha(KRIPPENDORFF_2011, level).value, expected, 3)


def test_cohen_1960_table_2() -> None:
    # Cohen (1960) p. 45: proportions .44 .07 .09 / .05 .20 .05 / .01 .03 .06 of 200 units.
    a, b = pairs_from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]], ["1", "2", "3"])
    assert published(cohen_kappa(a, b).value, 0.492, 3)
    assert published(percent_agreement(a, b).value, 70.0, 1)


def test_wikipedia_fleiss_example() -> None:
    # en.wikipedia.org/wiki/Fleiss'_kappa, worked example: 10 subjects, 14 raters, 5 categories.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert published(fleiss_kappa(table).value, 0.210, 3)
    # The same table given as distinct rows with weights gives the same value.
    doubled = fleiss_kappa(table + table)
    weighted = fleiss_kappa(table, weights=[2] * len(table))
    assert doubled.value == pytest.approx(weighted.value, abs=1e-12)


def test_artstein_poesio_2008() -> None:
    # Artstein & Poesio (2008) p. 568: STAT / IReq / Chck, 100 utterances.
    a, b = pairs_from_table([[46, 0, 0], [6, 32, 6], [0, 0, 10]], ["STAT", "IReq", "Chck"])
    assert published(scott_pi(a, b).value, 0.7995, 4)
    assert published(cohen_kappa(a, b).value, 0.8013, 4)
    assert published(brennan_prediger(a, b).value, 0.82, 2)
    assert published(percent_agreement(a, b).value, 88.0, 1)


def test_gwet_ac1_by_hand() -> None:
    # 8 units both "y", 1 both "n", 1 split: Pa = 0.9; pi_y = 17/20, Pe = 2 * 0.85 * 0.15
    # = 0.255; AC1 = (0.9 - 0.255) / (1 - 0.255).
    table = [[2, 0]] * 8 + [[0, 2], [1, 1]]
    assert gwet_ac1(table).value == pytest.approx((0.9 - 0.255) / 0.745, abs=1e-12)
    built, columns = ratings_table(["y"] * 8 + ["n", "y"], ["y"] * 8 + ["n", "n"])
    assert (built, columns) == (table, ["y", "n"])


# -- degenerate inputs ---------------------------------------------------------------------


def test_no_variation_is_undefined_and_says_so() -> None:
    same = ["x"] * 5
    for coefficient in (cohen_kappa(same, same), scott_pi(same, same)):
        assert coefficient.value is None and "no variation" in coefficient.note
    assert brennan_prediger(same, same).value is None
    assert krippendorff_alpha([same, same]).note.startswith("undefined (no variation")
    assert fleiss_kappa([[3, 0]] * 4).value is None
    assert binary_figures([6, 0, 0, 0], 2).cohen_kappa.note == (
        "undefined (no variation: no unit was coded)"
    )


def test_one_constant_coder_gives_kappa_zero() -> None:
    kappa = cohen_kappa(["a", "a", "a", "a"], ["a", "b", "a", "b"])
    assert kappa.value == 0.0 and "kappa is 0" in kappa.note
    figures = binary_figures([2, 2, 0, 0], 2)  # coder 0 codes two units, coder 1 none
    assert figures.cohen_kappa.value == 0.0
    assert cohen_kappa(["a", "a"], ["b", "b"]).value == 0.0


def test_empty_and_unpairable_inputs() -> None:
    assert percent_agreement([], []).note == "undefined (no units)"
    assert cohen_kappa([None, "a"], ["b", None]).value is None
    assert krippendorff_alpha([[1, None], [None, 2]], orientation="coders x units").note == (
        "undefined (no unit has two or more ratings)"
    )
    assert fleiss_kappa([]).value is None
    assert fleiss_kappa([[2, 0], [1, 1]], form="counts").value is not None
    assert gwet_ac1([[1, 0], [0, 1]], form="counts").note == (
        "undefined (no subject has two or more ratings)"
    )
    assert gwet_ac1([[3], [2]]).note == "undefined (fewer than two categories)"
    nothing = binary_figures([0, 0, 0, 0], 2)
    assert nothing.units == 0 and nothing.krippendorff_alpha.value is None


def test_bad_input_is_an_error_not_a_value() -> None:
    with pytest.raises(WorkbenchError, match="differ in length"):
        cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(WorkbenchError, match="level must be"):
        krippendorff_alpha([[1, 2], [1, 2]], "cardinal")
    with pytest.raises(WorkbenchError, match="needs numbers"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], "interval", orientation="coders x units")
    with pytest.raises(WorkbenchError, match="negative"):
        fleiss_kappa([[-1, 3]])
    with pytest.raises(ValueError, match="finite"):
        Coefficient(math.nan)


def test_ac1_stays_high_where_kappa_drops_the_kappa_paradox() -> None:
    # 96 units neither coder coded, 2 each coder coded alone, 0 both: 96% agreement.
    figures = binary_figures([96, 2, 2, 0], 2)
    assert figures.percent_agreement.value == pytest.approx(96.0)
    assert figures.cohen_kappa.value is not None and figures.cohen_kappa.value < 0
    assert figures.gwet_ac1.value is not None and figures.gwet_ac1.value > 0.9


# -- the count-based forms agree with scikit-learn and the krippendorff package -------------


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.integers(0, 1), min_size=m, max_size=m), min_size=1, max_size=40
        )
    )
)
def test_pattern_counts_match_the_libraries(units: list[list[int]]) -> None:
    matrix = np.array(units).T  # coders x units
    m = matrix.shape[0]
    patterns = (matrix << np.arange(m)[:, None]).sum(axis=0)
    figures = binary_figures(np.bincount(patterns, minlength=2**m), m)
    varied = 0 < matrix.sum() < matrix.size
    if varied:
        expected = krippendorff.alpha(
            reliability_data=matrix, value_domain=[0, 1], level_of_measurement="nominal"
        )
        assert figures.krippendorff_alpha.value == pytest.approx(expected, abs=1e-9)
        alpha = krippendorff_alpha(matrix.tolist(), orientation="coders x units")
        assert alpha.value == pytest.approx(expected, abs=1e-9)
    else:
        assert figures.krippendorff_alpha.value is None
    for (a, b), kappa in zip(combinations(range(m), 2), figures.pairwise_kappa, strict=True):
        same_constant = len(set(matrix[a])) == 1 and set(matrix[a]) == set(matrix[b])
        if same_constant:
            assert kappa.value is None
        else:
            expected = cohen_kappa_score(matrix[a], matrix[b], labels=[0, 1])
            assert kappa.value == pytest.approx(expected, abs=1e-9)
    table = [[m - int(column.sum()), int(column.sum())] for column in matrix.T]
    ac1 = gwet_ac1(table, form="counts")
    assert figures.gwet_ac1.value == pytest.approx(ac1.value, abs=1e-9)
    if m >= 3:
        fleiss = fleiss_kappa(table, form="counts")
        assert figures.fleiss_kappa.value == pytest.approx(fleiss.value, abs=1e-9)
    observed = np.mean([np.mean(matrix[a] == matrix[b]) for a, b in combinations(range(m), 2)])
    assert figures.percent_agreement.value == pytest.approx(100 * observed, abs=1e-9)


@pytest.mark.parametrize("value", [-0.0, -1e-17, 0.0, 1e-17, -0.0004])
def test_zero_prints_without_a_sign(value: float) -> None:
    assert Coefficient(value).format() == "0.000"
    assert Coefficient(value).format(1) == "0.0"
    assert Coefficient(-0.0006).format() == "-0.001"
