"""Reading CSV files that users made in spreadsheets: UTF-8 (with or without BOM), line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import WorkbenchError
from workbench.text.infile import read_regular_file

# A whole coded interview can be one cell of an export: lift csv's 128 KiB cell limit
# (to the largest a C long holds everywhere).
csv.field_size_limit(2**31 - 1)


def read_rows(
    path: Path, required: tuple[str, ...], error: type[WorkbenchError] = WorkbenchError
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line number, row by column name) pairs; errors name the file and line."""
    header, rows = read_cells(path, required, error)
    return header, ((line, dict(zip(header, cells, strict=True))) for line, cells in rows)


def read_cells(
    path: Path, required: tuple[str, ...], error: type[WorkbenchError] = WorkbenchError
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and (line number, cells in the header's order) pairs, as `read_rows`
    without a dictionary per row (100,000 of them cost a tenth of a second)."""
    source = str(path)
    raw = read_regular_file(path, error, "cannot read file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("not UTF-8 text (save the CSV as UTF-8)", source=source, line=line) from exc
    if "\x00" in text:  # PostgreSQL stores no NUL; it is no spreadsheet's character anyway
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise error("a NUL character (is this a CSV file?)", source=source, line=line)
    # csv.reader rather than DictReader: it reports blank lines instead of skipping them,
    # so that a row's number is the line where it starts (one past the lines the reader
    # has taken so far), whatever came before it.
    # strict: an unclosed quote is an error, not the rest of the file in one cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        first = next(reader, [])
    except csv.Error as exc:
        raise error(f"not a well-formed CSV header: {exc}", source=source, line=1) from exc
    header = [name.strip() for name in first]
    if not any(header):
        raise error("empty CSV file", source=source, line=1)
    repeated = [name for n, name in enumerate(header) if name and name in header[:n]]
    if repeated:
        raise error(f"column '{repeated[0]}' appears twice", source=source, line=1)
    missing = [column for column in required if column not in header]
    if missing:
        raise error(f"missing column(s): {', '.join(missing)}", source=source, line=1)

    def rows() -> Iterator[tuple[int, list[str]]]:
        width = len(header)
        start = reader.line_num + 1
        try:
            # One loop over the reader (not a next() per row): a third of the parse's time.
            for cells in reader:
                if len(cells) != width:
                    if len(cells) > width:
                        raise error("more cells than header columns", source=source, line=start)
                    if cells:
                        raise error("fewer cells than header columns", source=source, line=start)
                else:
                    yield start, cells
                start = reader.line_num + 1  # blank lines too
        except csv.Error as exc:  # e.g. a quote that is never closed
            raise error(f"not a well-formed CSV row: {exc}", source=source, line=start) from exc

    return header, rows()
