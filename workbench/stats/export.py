"""Tables as byte-stable CSV: `\\n` line ends, integers as integers, floats with four decimals."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from workbench.text.csvwrite import csv_rows

FLOAT_FORMAT = "{:.4f}"


def cell(value: Any) -> str:
    """One value as CSV text: no `1.0` for counts, no `nan`, no locale."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value))
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        number = float(value)
        return "" if math.isnan(number) else FLOAT_FORMAT.format(number)
    return str(value)


def csv_text(frame: pd.DataFrame) -> str:
    """The frame's columns and rows (not its index) as CSV, in the frame's order."""
    rows = ([cell(value) for value in row] for row in frame.itertuples(index=False, name=None))
    return csv_rows([[str(column) for column in frame.columns], *rows])


def with_coders(frame: pd.DataFrame, coders: list[str]) -> pd.DataFrame:
    """The frame with a last `coders` column naming whose coding it counts, unless a `coder`
    column says so row by row already. Last, so that the columns before keep their places."""
    if "coder" in frame.columns or "coders" in frame.columns:
        return frame
    return frame.assign(coders=",".join(coders))
