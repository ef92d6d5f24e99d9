"""Agreement coefficients over plain data: two coders' labels, count tables, coders x units."""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

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


def _paired(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> list[tuple[Any, Any]]:
    """The units both coders labelled; None marks a missing label and drops the unit."""
    if len(a) != len(b):
        raise WorkbenchError(f"the two coders' labels differ in length ({len(a)} and {len(b)})")
    return [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]


def percent_agreement(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Coefficient:
    """Percent (0-100) of the units both coders labelled on which their labels are equal."""
    pairs = _paired(a, b)
    if not pairs:
        return undefined(NO_UNITS)
    return Coefficient(100.0 * sum(x == y for x, y in pairs) / len(pairs))


def _constant(labels: list[Any]) -> bool:
    return len(set(labels)) == 1


def cohen_kappa(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Coefficient:
    """Cohen's (1960) kappa of two coders, computed by scikit-learn's `cohen_kappa_score`."""
    pairs = _paired(a, b)
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


def scott_pi(a: Sequence[Hashable | None], b: Sequence[Hashable | None]) -> Coefficient:
    """Scott's (1955) pi: chance agreement from the two coders' pooled label distribution."""
    pairs = _paired(a, b)
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
    a: Sequence[Hashable | None],
    b: Sequence[Hashable | None],
    categories: int | Sequence[Hashable] | None = None,
) -> Coefficient:
    """Bennett, Alpert & Goldstein's S (Brennan & Prediger's free-marginal kappa).

    Chance agreement is 1/q for q categories: pass their number or the categories themselves;
    by default q is the number of distinct labels the coders used.
    """
    pairs = _paired(a, b)
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


def _count_rows(
    table: Sequence[Sequence[float]], weights: Sequence[float] | None
) -> list[tuple[list[float], float]]:
    rows = [[float(cell) for cell in row] for row in table]
    if weights is not None and len(weights) != len(rows):
        raise WorkbenchError(f"{len(weights)} weights for {len(rows)} table rows")
    counts = [float(w) for w in weights] if weights is not None else [1.0] * len(rows)
    if any(cell < 0 for row in rows for cell in row) or any(w < 0 for w in counts):
        raise WorkbenchError("counts and weights cannot be negative")
    if len({len(row) for row in rows}) > 1:
        raise WorkbenchError("every row of the table needs one count per category")
    return [(row, w) for row, w in zip(rows, counts, strict=True) if w > 0]


def fleiss_kappa(
    table: Sequence[Sequence[float]], weights: Sequence[float] | None = None
) -> Coefficient:
    """Fleiss' (1971) kappa from a subjects x categories table of how many raters chose each.

    Every subject needs the same number (two or more) of ratings. `weights` says how many
    subjects each row stands for, so identical subjects can be given once.
    """
    rows = _count_rows(table, weights)
    if not rows:
        return undefined("no subjects")
    raters = {sum(row) for row, _ in rows}
    if len(raters) > 1:
        return undefined(
            f"Fleiss' kappa needs the same number of ratings for every subject, "
            f"found {min(raters):g} to {max(raters):g}"
        )
    n = raters.pop()
    if n < 2:
        return undefined("every subject needs two or more ratings")
    subjects = sum(w for _, w in rows)
    agreement = sum(w * (sum(c * c for c in row) - n) / (n * (n - 1)) for row, w in rows)
    totals = [sum(w * row[k] for row, w in rows) for k in range(len(rows[0][0]))]
    shares = [total / (subjects * n) for total in totals]
    expected = sum(p * p for p in shares)
    if sum(1 for total in totals if total > 0) < 2:
        return undefined("no variation: every rating is in one category")
    return Coefficient((agreement / subjects - expected) / (1 - expected))


def gwet_ac1(
    table: Sequence[Sequence[float]], weights: Sequence[float] | None = None
) -> Coefficient:
    """Gwet's (2008) AC1 from a subjects x categories table of rating counts.

    Any number of raters; subjects may have different numbers of ratings (those with fewer
    than two count for the category shares but not for observed agreement). The number of
    categories q is the number of columns, so give every possible category a column.
    """
    rows = _count_rows(table, weights)
    if not rows:
        return undefined("no subjects")
    q = len(rows[0][0])
    if q < 2:
        return undefined("fewer than two categories")
    rated = [(row, w, sum(row)) for row, w in rows if sum(row) > 0]
    pairable = [(row, w, r) for row, w, r in rated if r >= 2]
    if not pairable:
        return undefined("no subject has two or more ratings")
    observed = sum(w * (sum(c * (c - 1) for c in row) / (r * (r - 1))) for row, w, r in pairable)
    observed /= sum(w for _, w, _ in pairable)
    subjects = sum(w for _, w, _ in rated)
    shares = [sum(w * row[k] / r for row, w, r in rated) / subjects for k in range(q)]
    expected = sum(p * (1 - p) for p in shares) / (q - 1)
    return Coefficient((observed - expected) / (1 - expected))


# -- Krippendorff's alpha, coders x units with missing values --------------------------------


def krippendorff_alpha(data: Sequence[Sequence[Any]], level: str = "nominal") -> Coefficient:
    """Krippendorff's alpha of coders x units data (None or NaN for missing), by `krippendorff`.

    Nominal values may be any hashable labels; the other levels need numbers.
    """
    if level not in LEVELS:
        raise WorkbenchError(f"level must be one of {', '.join(LEVELS)}, not '{level}'")
    rows = [list(row) for row in data]
    if len({len(row) for row in rows}) > 1:
        raise WorkbenchError("every coder needs one entry per unit (None where missing)")

    def missing(value: Any) -> bool:
        return value is None or (isinstance(value, float) and math.isnan(value))

    present = [value for row in rows for value in row if not missing(value)]
    if not present:
        return undefined(NO_UNITS)
    units = len(rows[0])
    if not any(sum(not missing(row[u]) for row in rows) >= 2 for u in range(units)):
        return undefined("no unit has two or more ratings")
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
        [[np.nan if missing(v) else index[v] for v in row] for row in rows], dtype=float
    )
    value = float(
        krippendorff.alpha(reliability_data=matrix, value_domain=domain, level_of_measurement=level)
    )
    return Coefficient(value)


def ratings_table(
    *coders: Sequence[Hashable | None], categories: Sequence[Hashable] | None = None
) -> tuple[list[list[int]], list[Hashable]]:
    """Subjects x categories counts from each coder's labels (None = missing), for Fleiss/AC1."""
    if len({len(labels) for labels in coders}) > 1:
        raise WorkbenchError("every coder needs one label (or None) per unit")
    seen = [label for labels in coders for label in labels if label is not None]
    columns = list(categories) if categories is not None else list(dict.fromkeys(seen))
    index = {label: k for k, label in enumerate(columns)}
    unknown = [label for label in seen if label not in index]
    if unknown:
        raise WorkbenchError(f"label {unknown[0]!r} is not among the categories")
    table = []
    for unit in zip(*coders, strict=True):
        row = [0] * len(columns)
        for label in unit:
            if label is not None:
                row[index[label]] += 1
        table.append(row)
    return table, columns
