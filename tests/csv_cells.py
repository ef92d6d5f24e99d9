"""Values that every CSV export must quote to read back, and a CSV file read as a reader would."""

from __future__ import annotations

import csv
import io
from pathlib import Path

# A lone carriage return (Python 3.11's writer leaves it unquoted: a reader ends the row
# there), both line ends together, a quote and a comma.
AWKWARD = ("one\rtwo", "one\r\ntwo", 'say "no"', "a, b")


def read_csv(path: Path) -> list[list[str]]:
    """The file's rows as `csv.reader` reads them from its bytes, no line end translated."""
    text = path.read_bytes().decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def name_sample_codes_awkwardly(location: str) -> None:
    """Rename four top-level codes of the sample study, each coded by both coders, to the
    `AWKWARD` values."""
    from workbench.codebook import service
    from workbench.store.project import Project

    old = (
        "Deference to states",
        "Internal policymaking",
        "Organisational culture",
        "UN relationship",
    )
    with Project.open(location) as project:
        for name, new in zip(old, AWKWARD, strict=True):
            service.rename(project, name, new, why="to test CSV quoting")
