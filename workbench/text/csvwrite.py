"""CSV written byte for byte as Python 3.12's csv writer writes it, on any version (see QUOTED)."""

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


def csv_rows(rows: Iterable[Iterable[object]]) -> str:
    """The rows as `csv.writer(stream, lineterminator="\\n")` writes them on Python 3.12:
    None as an empty cell, anything else as `str` writes it, each as `cell` quotes it,
    "\\n" after each row. A row of one empty cell is `""`: an empty line reads back as a
    row of no cell."""
    lines = []
    for row in rows:
        # Text, nearly every cell, without the call that other values take.
        written = [cell(value) if type(value) is str else _cell(value) for value in row]
        lines.append(",".join(written) if written != [""] else '""')
    lines.append("")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "" if value is None else cell(str(value))


def csv_text(header: Sequence[str], columns: Sequence[Iterable[object]]) -> str:
    """The header and rows (one value from each column) as `csv_rows` writes them, a column
    at a time: string values must be `cell`s already (a column of few distinct names is
    best escaped once per name); numbers are written as `str` writes them. Rows have more
    than one cell (a lone empty cell would be written `""`)."""
    line = ",".join(["{}"] * len(header)) + "\n"
    return line.format(*cells(header)) + "".join(map(line.format, *columns))
