"""Filling a DataTable with every column as wide as its content from the first frame drawn."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

Cell = str | Text


def content_widths(headers: Sequence[Cell], rows: Sequence[Sequence[Cell]]) -> list[int]:
    """The cells each column needs: its widest line, header included."""
    widths = [0] * len(headers)
    for row in [headers, *rows]:
        for index, cell in enumerate(row):
            text = cell if isinstance(cell, Text) else Text(cell)
            widest = max((line.cell_len for line in text.split()), default=0)
            widths[index] = max(widths[index], widest)
    return widths


def fill_table(
    table: DataTable[Text],
    headers: Sequence[Cell],
    rows: Sequence[tuple[str | None, Sequence[Text]]],
) -> None:
    """Clear `table` and fill it with `rows` (key, cells), each column given its width.

    Textual's DataTable sizes auto-width columns to new rows later, when idle, and redraws
    only if the table's overall size changes: a frame drawn in between (a loaded machine, a
    refill with the same rows) stayed on screen with columns cut to their headers' width."""
    table.clear(columns=True)
    widths = content_widths(headers, [cells for _, cells in rows])
    for header, width in zip(headers, widths, strict=True):
        table.add_column(header, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
