"""The coefficients' inputs: one rule for missing values, and shapes checked, not guessed."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from workbench.agreement.unitized import binary_u_alpha, cu_alpha, u_alpha
from workbench.errors import WorkbenchError

# Krippendorff (2011), section C: 4 observers x 12 units with missing values. irrCAC ships
# the same data as `cac.raw4raters`.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
# irrCAC's `cont3x3abstractors` (Gwet 2014): two abstractors' contingency table.
ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
TWO_CODERS = (percent_agreement, cohen_kappa, scott_pi, brennan_prediger)


def value(coefficient: Coefficient) -> float:
    assert coefficient.value is not None, coefficient.note
    return coefficient.value


def labels_of(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """Two coders' labels from a contingency table (rows: the first coder)."""
    a: list[int] = []
    b: list[int] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


# -- published values through every form ------------------------------------------------


def test_ac1_and_fleiss_of_a_contingency_table_are_irrcacs() -> None:
    # irrCAC vignette: gwet.ac1.table(cont3x3abstractors) = 0.8493305; for two coders
    # Fleiss' kappa is Scott's pi, scott2.table = 0.7962397.
    assert value(gwet_ac1(ABSTRACTORS, form="contingency")) == pytest.approx(0.8493305, abs=1e-7)
    assert value(fleiss_kappa(ABSTRACTORS, form="contingency")) == pytest.approx(
        0.7962397, abs=1e-7
    )
    a, b = labels_of(ABSTRACTORS)
    assert value(gwet_ac1(a, b)) == pytest.approx(0.8493305, abs=1e-7)
    assert value(fleiss_kappa(a, b)) == pytest.approx(value(scott_pi(a, b)), abs=1e-12)
    assert value(fleiss_kappa([[5, 1], [1, 5]], form="contingency")) == pytest.approx(2 / 3)


def test_a_square_table_needs_to_say_what_it_is() -> None:
    for function in (gwet_ac1, fleiss_kappa):
        with pytest.raises(WorkbenchError, match="form='counts' or form='contingency'"):
            function(ABSTRACTORS)
        with pytest.raises(WorkbenchError, match="form='counts' or form='contingency'"):
            function([[5, 1], [1, 5]])
        with pytest.raises(WorkbenchError, match="contingency table"):
            function([[1, 2, 0], [0, 1, 2]], form="contingency")
        with pytest.raises(WorkbenchError, match="flat list"):
            function([1, 2, 3])


def test_ac1_and_fleiss_with_missing_ratings_are_irrcacs() -> None:
    # irrCAC vignette on cac.raw4raters: gwet.ac1.raw 0.7754441, fleiss.kappa.raw 0.7611693
    # (pa 0.8181818, pe 0.2387153); krippen.alpha.raw 0.7434 is Krippendorff's 0.743.
    assert value(gwet_ac1(*KRIPPENDORFF_2011)) == pytest.approx(0.7754441, abs=1e-7)
    assert value(fleiss_kappa(*KRIPPENDORFF_2011)) == pytest.approx(0.7611693, abs=1e-7)


def test_two_label_lists_work_for_ac1_and_fleiss() -> None:
    a = ["y"] * 8 + ["n", "y"]
    b = ["y"] * 8 + ["n", "n"]
    assert value(gwet_ac1(a, b)) == pytest.approx((0.9 - 0.255) / 0.745, abs=1e-12)
    assert value(gwet_ac1(a, b, categories=["y", "n", "maybe"])) != value(gwet_ac1(a, b))
    with pytest.raises(WorkbenchError, match="one label per unit"):
        gwet_ac1([[2, 0], [1, 1]], [1, 1])


def test_alpha_needs_an_orientation_where_the_shape_cannot_tell() -> None:
    transposed = [list(unit) for unit in zip(*KRIPPENDORFF_2011, strict=True)]
    with pytest.raises(WorkbenchError, match="cannot be told apart"):
        krippendorff_alpha(transposed)
    assert round(value(krippendorff_alpha(transposed, orientation="units x coders")), 3) == 0.743
    assert round(value(krippendorff_alpha(KRIPPENDORFF_2011)), 3) == 0.743
    frame = pd.DataFrame(transposed, columns=pd.Index(["A", "B", "C", "D"], name="coder"))
    assert round(value(krippendorff_alpha(frame)), 3) == 0.743
    assert round(value(krippendorff_alpha(frame.T)), 3) == 0.743
    with pytest.raises(WorkbenchError, match="DataFrame says which axis"):
        krippendorff_alpha(pd.DataFrame(transposed))
    with pytest.raises(WorkbenchError, match="orientation must be"):
        krippendorff_alpha(KRIPPENDORFF_2011, orientation="rows")  # type: ignore[arg-type]
    with pytest.raises(WorkbenchError, match="rows differ in length"):
        krippendorff_alpha([[1, 2, 3], [1, 2]])


def test_label_functions_refuse_tables_and_strings() -> None:
    for function in TWO_CODERS:
        with pytest.raises(WorkbenchError, match="one label per unit"):
            function([[1, 2], [2, 1]], [1, 2])
        with pytest.raises(WorkbenchError, match="a list of labels"):
            function("abc", "abd")


# -- one rule for missing values ----------------------------------------------------------


def test_the_issues_nan_cases() -> None:
    with pytest.raises(WorkbenchError, match="no missing cells"):
        gwet_ac1([[1, math.nan], [2, 0]])
    with pytest.raises(WorkbenchError, match="no missing cells"):
        fleiss_kappa([[1, math.nan], [2, 0]], form="counts")
    with pytest.raises(WorkbenchError, match="no missing cells"):
        fleiss_kappa([[1, None, 1], [2, 0, 0]])
    a, b = ["x", "y", math.nan], ["x", "y", "x"]
    assert percent_agreement(a, b) == percent_agreement(["x", "y", None], b)
    assert value(percent_agreement(a, b)) == 100.0


labelled = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from("abc"), st.integers(0, 3)),
    min_size=1,
    max_size=30,
)
GAP: tuple[Any, ...] = (None, math.nan, np.nan, np.float64("nan"))


@settings(max_examples=80, deadline=None)
@given(labelled, st.data())
def test_none_and_nan_are_the_same_missing_label(
    units: list[tuple[str, str, int]], data: st.DataObject
) -> None:
    """A unit missing for a coder (hole 1 or 2, or both with 3) is dropped, whatever marks it."""
    gap = data.draw(st.sampled_from(GAP))
    a = [x if hole not in (1, 3) else gap for x, _y, hole in units]
    b = [y if hole not in (2, 3) else gap for _x, y, hole in units]
    a_none = [None if x is gap else x for x in a]
    b_none = [None if y is gap else y for y in b]
    kept = [(x, y) for x, y, hole in units if hole == 0]
    for function in TWO_CODERS:
        assert function(a, b) == function(a_none, b_none)
        assert function(a, b) == function([x for x, _ in kept], [y for _, y in kept])
    for many in (gwet_ac1, fleiss_kappa):
        assert many(a, b, categories="abc") == many(a_none, b_none, categories="abc")
    rows = [a, b]
    assert krippendorff_alpha(rows, orientation="coders x units") == krippendorff_alpha(
        [a_none, b_none], orientation="coders x units"
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 3), min_size=3, max_size=3), min_size=1, max_size=8))
def test_a_missing_count_is_always_an_error(table: list[list[float]]) -> None:
    broken: list[list[Any]] = [list(row) for row in table]
    broken[0][1] = math.nan
    functions: list[Callable[..., Coefficient]] = [gwet_ac1, fleiss_kappa]
    for function in functions:
        with pytest.raises(WorkbenchError, match="no missing cells"):
            function(broken, form="counts")


# -- unitizing offsets ----------------------------------------------------------------------


@pytest.mark.parametrize("function", [u_alpha, binary_u_alpha, cu_alpha])
def test_offsets_are_whole_numbers_with_start_before_end(
    function: Callable[..., Coefficient],
) -> None:
    with pytest.raises(WorkbenchError, match="whole numbers"):
        function([("a", "X", 0.5, 3), ("b", "X", 0, 3)], 10)
    with pytest.raises(WorkbenchError, match="empty: a span needs start < end"):
        function([("a", "X", 3, 3), ("b", "X", 0, 3)], 10)
    with pytest.raises(WorkbenchError, match=r"is outside 0\.\.10"):
        function([("a", "X", 5, 11), ("b", "X", 0, 3)], 10)
    with pytest.raises(WorkbenchError, match="length"):
        function([("a", "X", 0, 3), ("b", "X", 0, 3)], 10.5)
    numpy_ints = [("a", "X", np.int64(0), 3), ("b", "X", 0, np.int32(3))]
    assert isinstance(function(numpy_ints, np.int64(10)), Coefficient)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda m: st.lists(
            st.lists(st.sampled_from([1, 2, 3, None]), min_size=m, max_size=m),
            min_size=1,
            max_size=12,
        )
    )
)
def test_alpha_reads_either_orientation_alike(units: list[list[int | None]]) -> None:
    by_coder = [list(coder) for coder in zip(*units, strict=True)]
    expected = krippendorff_alpha(by_coder, orientation="coders x units")
    assert krippendorff_alpha(units, orientation="units x coders") == expected
    frame = pd.DataFrame(units).rename_axis(index="unit", columns="coder")
    assert krippendorff_alpha(frame).value == expected.value  # pandas reads 1 as 1.0
    if len(units) <= len(by_coder):  # no more units than coders: the shape cannot tell
        with pytest.raises(WorkbenchError, match="cannot be told apart"):
            krippendorff_alpha(by_coder)
    else:
        assert krippendorff_alpha(by_coder) == expected
