"""CSV written a column at a time, byte for byte as the csv module's writer writes it (on
Python 3.12 and later: see QUOTED)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# What makes a cell quoted: the delimiter, the quote and both line ends, as the csv
# module's writer (excel dialect, "\n" line ends) quotes from Python 3.12 on. 3.11's leaves
# a lone "\r" unquoted, which a reader takes for a line end: its export of a memo holding
# one could not be imported again.
QUOTED = (",", '"', "\n", "\r")
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
