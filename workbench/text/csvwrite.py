"""CSV written a column at a time, byte for byte as the csv module's writer writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def _quoted_by_writer() -> tuple[str, ...]:
    """The characters that make the csv module's writer (its excel dialect, "\\n" line ends)
    quote a cell: asked of the writer itself, as Python versions differ ("\\r" is quoted in
    some, not in 3.11)."""
    quoted = []
    for char in ',"\n\r':
        probe = io.StringIO()
        csv.writer(probe, lineterminator="\n").writerow([char, ""])
        if probe.getvalue() != f"{char},\n":
            quoted.append(char)
    return tuple(quoted)


QUOTED = _quoted_by_writer()
_UNQUOTE = tuple(char for char in QUOTED if char != '"')


def cell(value: str) -> str:
    """`value` as the writer writes it in a row of more than one cell: quoted where it holds
    a delimiter, a quote or a line end, its quotes doubled."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    for char in _UNQUOTE:
        if char in value:
            return '"' + value + '"'
    return value


def cells(values: Iterable[str]) -> list[str]:
    """`cell` of each value."""
    return [cell(value) for value in values]


def csv_text(header: Sequence[str], columns: Sequence[Iterable[object]]) -> str:
    """The header and rows (one value from each column) as the writer writes them, "\\n"
    after each: string values must be `cell`s already (a column of few distinct names is
    best escaped once per name); numbers are written as `str` writes them. Rows have more
    than one cell (a lone empty cell would be written `""`)."""
    line = ",".join(["{}"] * len(header)) + "\n"
    return line.format(*cells(header)) + "".join(map(line.format, *columns))
