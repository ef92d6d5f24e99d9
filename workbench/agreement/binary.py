"""Coefficients of coded / not-coded unit data, from counts of which coders coded each unit.

A project's unit data (utterances, sentences or characters per code) are binary: each coder
either applied the code to a unit or did not. Every coefficient of such data depends only on
how many units each *pattern* of coders has (bit j of the pattern set when coder j coded the
unit), so these functions take that histogram and never the units themselves: 10 million
characters cost as much as 10. They are checked against scikit-learn and the `krippendorff`
package in the tests and the benchmark; those libraries need one row per unit and take
seconds per code on character data, which is why this module exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

from workbench.agreement.coefficients import NO_UNITS, Coefficient, undefined

NOTHING_CODED = "no variation: no unit was coded"
EVERYTHING_CODED = "no variation: every coder coded every unit"
NO_PAIRS = "no unit has two or more coders present"


@dataclass(frozen=True)
class BinaryFigures:
    """Agreement on one binary variable (e.g. one code) among m coders."""

    units: int
    prevalence: tuple[float, ...]  # per coder: share of units they coded (0-1)
    percent_agreement: Coefficient  # mean over coder pairs, 0-100
    cohen_kappa: Coefficient  # two coders only
    krippendorff_alpha: Coefficient
    fleiss_kappa: Coefficient
    gwet_ac1: Coefficient
    pairwise_kappa: tuple[Coefficient, ...]  # Cohen's kappa per pair, combinations() order


def popcounts(m: int) -> npt.NDArray[np.int64]:
    """Number of coders in each pattern 0 .. 2**m - 1."""
    patterns = np.arange(2**m, dtype=np.int64)
    return np.array([bin(int(p)).count("1") for p in patterns], dtype=np.int64)


def pair_table(hist: npt.NDArray[np.int64], a: int, b: int) -> tuple[int, int, int, int]:
    """(both, only a, only b, neither) unit counts for coders a and b."""
    patterns = np.arange(len(hist))
    has_a, has_b = (patterns >> a) & 1 == 1, (patterns >> b) & 1 == 1
    return (
        int(hist[has_a & has_b].sum()),
        int(hist[has_a & ~has_b].sum()),
        int(hist[~has_a & has_b].sum()),
        int(hist[~has_a & ~has_b].sum()),
    )


def kappa_from_pair_table(both: int, only_a: int, only_b: int, neither: int) -> Coefficient:
    """Cohen's kappa from a 2x2 table of two coders' coded / not-coded decisions."""
    n = both + only_a + only_b + neither
    if n == 0:
        return undefined(NO_UNITS)
    coded_a, coded_b = both + only_a, both + only_b
    if coded_a == coded_b == 0:
        return undefined(NOTHING_CODED)
    if coded_a == coded_b == n:
        return undefined(EVERYTHING_CODED)
    observed = (both + neither) / n
    pa, pb = coded_a / n, coded_b / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    value = (observed - expected) / (1 - expected)
    if coded_a in (0, n) or coded_b in (0, n):
        return Coefficient(value, "one coder made the same decision on every unit: kappa is 0")
    return Coefficient(value)


def binary_figures(
    hist: npt.ArrayLike, m: int, present: npt.ArrayLike | None = None
) -> BinaryFigures:
    """Every coefficient from `hist[pattern]` = number of units coded by exactly that pattern.

    With missing data, `hist` has a row per presence mask: `hist[g, pattern]` counts the
    units where exactly the coders in `present[g]` are present (coded the transcript or
    marked it done) and `pattern` of them coded the unit. Alpha, Fleiss and AC1 use every
    unit with two or more coders present (Krippendorff 2011; Gwet 2014, as irrCAC), AC1 and
    Fleiss' category shares every unit with one; each pair's kappa the units both are in.
    """
    counts = np.asarray(hist, dtype=np.int64)
    masks = np.asarray([2**m - 1] if present is None else present, dtype=np.int64)
    counts = counts.reshape(len(masks), -1)
    if m < 2 or counts.shape[1] != 2**m:
        raise ValueError(f"need two or more coders and 2**m patterns, got m={m}, {counts.shape}")
    pairs = list(combinations(range(m), 2))
    patterns = np.arange(2**m)
    r = popcounts(m)[None, :]  # coded decisions in each pattern
    k = popcounts_of(masks)[:, None]  # coders present in each group
    units_of = counts.sum(axis=1)
    pairable = (k[:, 0] >= 2) & (units_of > 0)
    n_units = int(units_of[pairable].sum())
    if n_units == 0:
        none = undefined(NO_UNITS if not units_of.sum() else NO_PAIRS)
        return BinaryFigures(0, (0.0,) * m, none, none, none, none, none, (none,) * len(pairs))
    prevalence = []
    for j in range(m):
        mine = (masks >> j) & 1 == 1
        seen = int(units_of[mine].sum())
        coded = int(counts[mine][:, (patterns >> j) & 1 == 1].sum())
        prevalence.append(coded / seen if seen else 0.0)
    paired_counts, kk = counts[pairable], np.maximum(k[pairable], 2)
    # Share of agreeing coder pairs within each unit, averaged over units (Fleiss' P-bar).
    agreeing = (r * (r - 1) + (kk - r) * (kk - r - 1)) / (kk * (kk - 1))
    observed = float((paired_counts * agreeing).sum()) / n_units
    percent = Coefficient(100.0 * observed)
    pairwise = tuple(
        kappa_from_pair_table(*_pair_table_present(counts, masks, a, b)) for a, b in pairs
    )
    if m == 2:
        cohen = pairwise[0]
    else:
        cohen = undefined("Cohen's kappa compares two coders: see the pairwise kappas")
    rated = k[:, 0] >= 1
    share = float((counts[rated] * r / k[rated]).sum()) / int(units_of[rated].sum())
    ac1_expected = 2 * share * (1 - share)  # Gwet's chance agreement, q = 2 categories
    ac1 = Coefficient((observed - ac1_expected) / (1 - ac1_expected))
    values = int((paired_counts * kk).sum())  # pairable values
    coded = int((paired_counts * r).sum())
    if coded in (0, values):
        why = NOTHING_CODED if coded == 0 else EVERYTHING_CODED
        alpha = fleiss = undefined(why)
    else:
        # Off-diagonal coincidences (coded, not coded), Krippendorff (2011) section C.
        mixed = float((paired_counts * r * (kk - r) / (kk - 1)).sum())
        alpha = Coefficient(1 - (values - 1) * mixed / (coded * (values - coded)))
        expected = share**2 + (1 - share) ** 2
        fleiss = Coefficient((observed - expected) / (1 - expected))
    if m < 3:
        fleiss = undefined("Fleiss' kappa is reported for three or more coders")
    return BinaryFigures(n_units, tuple(prevalence), percent, cohen, alpha, fleiss, ac1, pairwise)


def popcounts_of(masks: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Number of coders in each mask."""
    return np.array([bin(int(mask)).count("1") for mask in masks], dtype=np.int64)


def _pair_table_present(
    counts: npt.NDArray[np.int64], masks: npt.NDArray[np.int64], a: int, b: int
) -> tuple[int, int, int, int]:
    """`pair_table` over the groups where both coders are present."""
    both = ((masks >> a) & 1 == 1) & ((masks >> b) & 1 == 1)
    return pair_table(counts[both].sum(axis=0), a, b)
