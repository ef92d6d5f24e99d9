"""The coefficients' inputs checked and read: labels, count tables, coders x units data.

One rule for missing values: in labels and in coders x units data, None and NaN (float or
numpy NaN; pandas' NA in a DataFrame) both mean "this coder gave this unit no label". A count
table counts the ratings that were given, so it has no missing cells: a None or NaN count is
an error, and a subject rated by fewer coders simply has a smaller row sum.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from typing import Any, Literal

from workbench.errors import WorkbenchError
from workbench.text.words import counted as number_of

TableForm = Literal["counts", "contingency"]
Orientation = Literal["coders x units", "units x coders"]
ORIENTATIONS: tuple[Orientation, ...] = ("coders x units", "units x coders")
CODER_AXES = {"coder", "coders", "rater", "raters", "observer", "observers", "annotator"}
UNIT_AXES = {"unit", "units", "subject", "subjects", "item", "items"}


def is_missing(value: object) -> bool:
    """None or a NaN: a label that was not given."""
    if value is None:
        return True
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, numbers.Integral)
        and math.isnan(value)
    )


def _plain(data: Any) -> Any:
    """numpy arrays and pandas objects as nested lists; anything else as it is."""
    if hasattr(data, "to_numpy"):
        return data.to_numpy(dtype=object).tolist()
    if hasattr(data, "tolist") and hasattr(data, "ndim"):
        return data.tolist()
    return data


def _is_row(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def labels(values: Any, who: str) -> list[Hashable | None]:
    """One coder's labels, one per unit, with None where missing (NaN read as None)."""
    values = _plain(values)
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise WorkbenchError(
            f"{who}: expected a list of labels, one per unit, not {type(values).__name__}"
        )
    read: list[Hashable | None] = []
    for unit, value in enumerate(values, 1):
        if _is_row(value):
            raise WorkbenchError(
                f"{who}: expected one label per unit, found the row {list(value)!r} at unit "
                f"{unit}: a table of counts goes to fleiss_kappa or gwet_ac1"
            )
        if not isinstance(value, Hashable):
            raise WorkbenchError(f"{who}: label {value!r} at unit {unit} is not hashable")
        read.append(None if is_missing(value) else value)
    return read


def paired(a: Any, b: Any) -> list[tuple[Any, Any]]:
    """The units both coders labelled (a missing label drops the unit)."""
    first, second = labels(a, "the first coder"), labels(b, "the second coder")
    if len(first) != len(second):
        raise WorkbenchError(
            f"the two coders' labels differ in length ({len(first)} and {len(second)})"
        )
    return [(x, y) for x, y in zip(first, second, strict=True) if x is not None and y is not None]


def matrix(data: Any, what: str) -> list[list[Any]]:
    """A rectangular table as a list of rows, or an error that says what was expected."""
    data = _plain(data)
    if isinstance(data, str | bytes) or not isinstance(data, Sequence):
        raise WorkbenchError(f"expected {what}, not {type(data).__name__}")
    rows = list(data)
    if rows and not all(_is_row(row) for row in rows):
        raise WorkbenchError(f"expected {what}: a list of rows, got a flat list of values")
    table = [list(row) for row in rows]
    if len({len(row) for row in table}) > 1:
        raise WorkbenchError(f"expected {what}: the rows differ in length")
    return table


def _count(cell: Any) -> float:
    if is_missing(cell):
        raise WorkbenchError(
            "a count table has no missing cells: count the ratings given (a subject rated "
            "by fewer coders has a smaller row sum), or give each coder's labels with None"
        )
    if isinstance(cell, bool) or not isinstance(cell, numbers.Real) or not math.isfinite(cell):
        raise WorkbenchError(f"a count must be a whole number, not {cell!r}")
    if cell < 0:
        raise WorkbenchError("counts and weights cannot be negative")
    if not float(cell).is_integer():
        raise WorkbenchError(f"a count must be a whole number, not {cell!r}")
    return float(cell)


COUNTS = "a subjects x categories table of counts (how many coders chose each category)"
CONTINGENCY = "two coders' contingency table (q x q: first coder's category by the second's)"


def rating_rows(
    data: tuple[Any, ...],
    weights: Sequence[float] | None,
    form: TableForm | None,
    categories: Sequence[Hashable] | None,
    name: str,
) -> list[tuple[list[float], float]]:
    """Subjects x categories counts, each with how many subjects it stands for.

    `data` is one table (counts, or with form="contingency" two coders' contingency table)
    or two or more coders' label lists.
    """
    if not data:
        raise WorkbenchError(f"{name} needs a table of counts or two or more coders' labels")
    if len(data) > 1:
        if form is not None or weights is not None:
            raise WorkbenchError(f"{name}: form= and weights= are for one table, not labels")
        table, _columns = ratings_table(*data, categories=categories)
        return [([float(c) for c in row], 1.0) for row in table]
    if categories is not None:
        raise WorkbenchError(
            f"{name}: categories= is for coders' labels; a table's columns are its categories"
        )
    if form not in (None, "counts", "contingency"):
        raise WorkbenchError(f"form must be 'counts' or 'contingency', not {form!r}")
    what = CONTINGENCY if form == "contingency" else COUNTS
    counted = [[_count(cell) for cell in row] for row in matrix(data[0], what)]
    square = len(counted) >= 2 and len(counted) == len(counted[0])
    if form is None and square:
        raise WorkbenchError(
            f"{name}: a square table could be {COUNTS} or {CONTINGENCY}: "
            "say which with form='counts' or form='contingency'"
        )
    if form == "contingency":
        if not square:
            columns = len(counted[0]) if counted else 0
            raise WorkbenchError(f"{name}: expected {what}, got {len(counted)} x {columns}")
        if weights is not None:
            raise WorkbenchError(f"{name}: weights= is for a table of counts")
        return _from_contingency(counted)
    if weights is not None and len(weights) != len(counted):
        rows = number_of(len(counted), "table row")
        raise WorkbenchError(f"{number_of(len(weights), 'weight')} for {rows}")
    shares = [_weight(w) for w in weights] if weights is not None else [1.0] * len(counted)
    return [(row, w) for row, w in zip(counted, shares, strict=True) if w > 0]


def _weight(value: Any) -> float:
    """How many subjects a row stands for: a number of zero or more."""
    if (
        is_missing(value)
        or isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(value)
        or value < 0
    ):
        raise WorkbenchError(f"a weight must be a number of zero or more, not {value!r}")
    return float(value)


def _from_contingency(table: list[list[float]]) -> list[tuple[list[float], float]]:
    """Cell (i, j) holds the units the first coder put in i and the second in j."""
    q = len(table)
    rows = []
    for i in range(q):
        for j in range(q):
            if table[i][j]:
                row = [0.0] * q
                row[i] += 1
                row[j] += 1
                rows.append((row, table[i][j]))
    return rows


def ratings_table(
    *coders: Any, categories: Sequence[Hashable] | None = None
) -> tuple[list[list[int]], list[Hashable]]:
    """Subjects x categories counts from each coder's labels (None or NaN = missing)."""
    read = [labels(values, f"coder {k}") for k, values in enumerate(coders, 1)]
    if len({len(values) for values in read}) > 1:
        raise WorkbenchError("every coder needs one label (or None) per unit")
    seen = [label for values in read for label in values if label is not None]
    columns = list(categories) if categories is not None else list(dict.fromkeys(seen))
    index = {label: k for k, label in enumerate(columns)}
    unknown = [label for label in seen if label not in index]
    if unknown:
        raise WorkbenchError(f"label {unknown[0]!r} is not among the categories")
    table = []
    for unit in zip(*read, strict=True):
        row = [0] * len(columns)
        for label in unit:
            if label is not None:
                row[index[label]] += 1
        table.append(row)
    return table, columns


def coders_by_units(data: Any, orientation: Orientation | None) -> list[list[Any]]:
    """Reliability data as one row per coder, None where missing.

    A pandas DataFrame says its orientation by its axis names (columns named 'coder' mean
    units x coders); plain rows are taken as coders x units when there are fewer rows than
    columns (fewer coders than units), and otherwise need an explicit `orientation`.
    """
    if orientation is not None and orientation not in ORIENTATIONS:
        raise WorkbenchError(f"orientation must be one of {ORIENTATIONS}, not {orientation!r}")
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        orientation = orientation or _frame_orientation(data)
    what = "reliability data (a row per coder, a column per unit)"
    rows = [[None if is_missing(v) else _na(v) for v in row] for row in matrix(data, what)]
    if not rows or not rows[0]:
        return rows
    if orientation is None:
        if len(rows) >= len(rows[0]):
            raise WorkbenchError(
                f"{len(rows)} rows of {len(rows[0])}: coders x units and units x coders cannot "
                "be told apart; pass orientation='coders x units' (a row per coder) or "
                "'units x coders' (a row per unit), or a DataFrame with named axes"
            )
        orientation = "coders x units"
    if orientation == "units x coders":
        rows = [list(column) for column in zip(*rows, strict=True)]
    return rows


def _na(value: Any) -> Any:
    """pandas' NA and NaT are missing too (they are neither None nor a float NaN)."""
    return None if type(value).__name__ in ("NAType", "NaTType") else value


def _frame_orientation(frame: Any) -> Orientation:
    rows, columns = (str(frame.index.name).lower(), str(frame.columns.name).lower())
    if columns in CODER_AXES or rows in UNIT_AXES:
        return "units x coders"
    if rows in CODER_AXES or columns in UNIT_AXES:
        return "coders x units"
    raise WorkbenchError(
        "a DataFrame says which axis holds the coders by its names: set columns.name (or "
        "index.name) to 'coder', or pass orientation='coders x units' or 'units x coders'"
    )
