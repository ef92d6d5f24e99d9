"""Reading CSV files that users made in spreadsheets: UTF-8 (with or without BOM), line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from workbench.errors import WorkbenchError


def read_rows(
    path: Path, required: tuple[str, ...], error: type[WorkbenchError] = WorkbenchError
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs; errors name the file and line."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", source=source) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error("not UTF-8 text (save the CSV as UTF-8)", source=source, line=line) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if not header:
        raise error("empty CSV file", source=source, line=1)
    reader.fieldnames = header
    missing = [column for column in required if column not in header]
    if missing:
        raise error(f"missing column(s): {', '.join(missing)}", source=source, line=1)

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        start = 2
        for row in reader:
            if None in row:
                raise error("more cells than header columns", source=source, line=start)
            if any(value is None for value in row.values()):
                raise error("fewer cells than header columns", source=source, line=start)
            yield start, row
            start = reader.line_num + 1

    return header, rows()
