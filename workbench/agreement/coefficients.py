"""Agreement coefficients over plain data: two coders' labels, count tables, coders x units.

Missing values: in labels and in coders x units data, None and NaN both mean missing (a unit
a coder did not label); a count table has no missing cells, so a None or NaN count is an
error (see `inputs`). Every function checks the shape of what it is given and says what it
expected: `fleiss_kappa` and `gwet_ac1` take a subjects x categories table of counts, two
coders' contingency table (`form="contingency"`), or each coder's labels (`gwet_ac1(a, b)`);
a square table could be either kind, so it needs `form=`. `krippendorff_alpha` takes coders
x units, or `orientation=`, or a DataFrame with named axes, where that cannot be told.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from workbench.agreement.inputs import (
    Orientation,
    TableForm,
    coders_by_units,
    is_missing,
    paired,
    rating_rows,
)
from workbench.errors import WorkbenchError

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class Coefficient:
    """A coefficient's value, or None with a note that says why it is undefined.

    `note` may also carry a caveat next to a value (e.g. why kappa is 0 by definition).
    """

    value: float | None
    note: str = ""

    def __post_init__(self) -> None:
        if self.value is not None and not math.isfinite(self.value):
            raise ValueError(f"a coefficient must be finite or None, not {self.value}")

    @property
    def defined(self) -> bool:
        return self.value is not None

    def format(self, digits: int = 3) -> str:
        """The value rounded for a table, or '-' when undefined; never '-0.000'."""
        if self.value is None:
            return "-"
        text = f"{self.value:.{digits}f}"
        # A kappa of 0 computed as -1e-17 (or -0.0) rounds to '-0.000': zero has no sign.
        return f"{0.0:.{digits}f}" if float(text) == 0 else text


def undefined(why: str) -> Coefficient:
    return Coefficient(None, f"undefined ({why})")


NO_UNITS = "no units"


# -- two coders, one label each per unit ---------------------------------------------------


def percent_agreement(a: Sequence[Any], b: Sequence[Any]) -> Coefficient:
    """Percent (0-100) of the units both coders labelled on which their labels are equal."""
    pairs = paired(a, b)
    if not pairs:
        return undefined(NO_UNITS)
    return Coefficient(100.0 * sum(x == y for x, y in pairs) / len(pairs))


def _constant(labels: list[Any]) -> bool:
    return len(set(labels)) == 1


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> Coefficient:
    """Cohen's (1960) kappa of two coders, computed by scikit-learn's `cohen_kappa_score`."""
    pairs = paired(a, b)
    if not pairs:
        return undefined(NO_UNITS)
    first, second = [x for x, _ in pairs], [y for _, y in pairs]
    if _constant(first) and _constant(second) and first[0] == second[0]:
        return undefined(f"no variation: both coders gave every unit {first[0]!r}")
    from sklearn.metrics import cohen_kappa_score

    # sklearn sorts the labels it is given, so mixed types (1 and 'x') need a common key.
    keys = {label: index for index, label in enumerate(dict.fromkeys(first + second))}
    value = float(cohen_kappa_score([keys[x] for x in first], [keys[y] for y in second]))
    if _constant(first) or _constant(second):
        return Coefficient(value, "one coder gave every unit the same label, so kappa is 0")
    return Coefficient(value)


def scott_pi(a: Sequence[Any], b: Sequence[Any]) -> Coefficient:
    """Scott's (1955) pi: chance agreement from the two coders' pooled label distribution."""
    pairs = paired(a, b)
    if not pairs:
        return undefined(NO_UNITS)
    pooled: dict[Any, int] = {}
    for x, y in pairs:
        pooled[x] = pooled.get(x, 0) + 1
        pooled[y] = pooled.get(y, 0) + 1
    if len(pooled) == 1:
        return undefined(f"no variation: every label is {next(iter(pooled))!r}")
    observed = sum(x == y for x, y in pairs) / len(pairs)
    expected = sum((count / (2 * len(pairs))) ** 2 for count in pooled.values())
    return Coefficient((observed - expected) / (1 - expected))


def brennan_prediger(
    a: Sequence[Any],
    b: Sequence[Any],
    categories: int | Sequence[Hashable] | None = None,
) -> Coefficient:
    """Bennett, Alpert & Goldstein's S (Brennan & Prediger's free-marginal kappa).

    Chance agreement is 1/q for q categories: pass their number or the categories themselves;
    by default q is the number of distinct labels the coders used.
    """
    pairs = paired(a, b)
    if not pairs:
        return undefined(NO_UNITS)
    if categories is None:
        q = len({label for pair in pairs for label in pair})
    else:
        q = categories if isinstance(categories, int) else len(set(categories))
    if q < 2:
        return undefined("fewer than two categories")
    observed = sum(x == y for x, y in pairs) / len(pairs)
    return Coefficient((observed - 1 / q) / (1 - 1 / q))


# -- any number of coders: subjects x categories counts --------------------------------------


def fleiss_kappa(
    *data: Any,
    weights: Sequence[float] | None = None,
    form: TableForm | None = None,
    categories: Sequence[Hashable] | None = None,
) -> Coefficient:
    """Fleiss' (1971) kappa of a subjects x categories table of how many raters chose each.

    `data` is that table, or two coders' contingency table with `form="contingency"`, or
    each coder's labels (None or NaN where missing). Subjects may have different numbers
    of ratings (missing ratings), as in Gwet (2014) and irrCAC's `fleiss.kappa.raw`: those
    with two or more count for observed agreement, every rated one for the category shares.
    With the same number for every subject this is Fleiss' own formula. `weights` says how
    many subjects each row stands for, so identical subjects can be given once.
    """
    found = _agreement_and_shares(rating_rows(data, weights, form, categories, "fleiss_kappa"))
    if isinstance(found, Coefficient):
        return found
    observed, shares = found
    if sum(1 for share in shares if share > 0) < 2:
        return undefined("no variation: every rating is in one category")
    expected = sum(p * p for p in shares)
    return Coefficient((observed - expected) / (1 - expected))


def _agreement_and_shares(
    rows: list[tuple[list[float], float]],
) -> tuple[float, list[float]] | Coefficient:
    """Observed agreement over subjects with two or more ratings, and each category's
    share of ratings averaged over the rated subjects (Gwet 2014, with missing ratings)."""
    rated = [(row, w, sum(row)) for row, w in rows if sum(row) > 0]
    if not rated:
        return undefined("no subjects")
    pairable = [(row, w, r) for row, w, r in rated if r >= 2]
    if not pairable:
        return undefined("no subject has two or more ratings")
    observed = sum(w * (sum(c * (c - 1) for c in row) / (r * (r - 1))) for row, w, r in pairable)
    observed /= sum(w for _, w, _ in pairable)
    subjects = sum(w for _, w, _ in rated)
    q = len(rated[0][0])
    shares = [sum(w * row[k] / r for row, w, r in rated) / subjects for k in range(q)]
    return observed, shares


def gwet_ac1(
    *data: Any,
    weights: Sequence[float] | None = None,
    form: TableForm | None = None,
    categories: Sequence[Hashable] | None = None,
) -> Coefficient:
    """Gwet's (2008) AC1 of a subjects x categories table of rating counts.

    `data` is that table, or two coders' contingency table with `form="contingency"`, or
    each coder's labels (`gwet_ac1(a, b)`, None or NaN where missing). Any number of raters;
    subjects may have different numbers of ratings (those with fewer than two count for the
    category shares but not for observed agreement). The number of categories q is the
    number of columns (or `categories`), so give every possible category a column.
    """
    rows = rating_rows(data, weights, form, categories, "gwet_ac1")
    if rows and len(rows[0][0]) < 2:
        return undefined("fewer than two categories")
    found = _agreement_and_shares(rows)
    if isinstance(found, Coefficient):
        return found
    observed, shares = found
    expected = sum(p * (1 - p) for p in shares) / (len(shares) - 1)
    return Coefficient((observed - expected) / (1 - expected))


# -- Krippendorff's alpha, coders x units with missing values --------------------------------


def krippendorff_alpha(
    data: Any, level: str = "nominal", *, orientation: Orientation | None = None
) -> Coefficient:
    """Krippendorff's alpha of coders x units data (None or NaN for missing), by `krippendorff`.

    Plain rows are one per coder when there are fewer rows than units; otherwise the two
    orientations cannot be told apart, so say `orientation="coders x units"` or
    `"units x coders"`. A pandas DataFrame is read by its axis names (columns named 'coder':
    units x coders). Nominal values may be any hashable labels; the other levels need numbers.
    """
    if level not in LEVELS:
        raise WorkbenchError(f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    rows = coders_by_units(data, orientation)
    missing = is_missing
    for row in rows:
        for value in row:
            if not isinstance(value, Hashable):
                raise WorkbenchError(f"value {value!r} is not hashable: alpha needs labels")

    if not any(not missing(value) for row in rows for value in row):
        return undefined(NO_UNITS)
    # Only units with two or more values are pairable: the others leave alpha alone.
    pairable = [u for u in range(len(rows[0])) if sum(not missing(row[u]) for row in rows) >= 2]
    if not pairable:
        return undefined("no unit has two or more ratings")
    present = [row[u] for u in pairable for row in rows if not missing(row[u])]
    distinct = list(dict.fromkeys(present))
    if len(distinct) == 1:
        return undefined(f"no variation: every rating is {distinct[0]!r}")
    if level == "nominal":
        index = {value: float(i) for i, value in enumerate(distinct)}
        domain = [float(i) for i in range(len(distinct))]
    else:
        if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in distinct):
            raise WorkbenchError(f"{level} alpha needs numbers as values")
        index = {value: float(value) for value in distinct}
        domain = sorted(index.values())
        if level == "ratio" and domain[0] < 0:
            raise WorkbenchError("ratio alpha needs values of zero or more")
    import krippendorff
    import numpy as np

    matrix = np.array(
        [[np.nan if missing(row[u]) else index[row[u]] for u in pairable] for row in rows],
        dtype=float,
    )
    value = float(
        krippendorff.alpha(reliability_data=matrix, value_domain=domain, level_of_measurement=level)
    )
    return Coefficient(value)
