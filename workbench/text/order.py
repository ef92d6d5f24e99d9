"""Natural order of names ("int_2" before "int_10"), the same on every database."""

from __future__ import annotations

import re

_NUMBER_RUN = re.compile(r"([0-9]+)")


def natural_key(value: str) -> tuple[tuple[int, int, str], ...]:
    """Sorts "int_2" before "int_10" and years as numbers, whatever the database's collation;
    ties broken by the exact string."""
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _NUMBER_RUN.split(value)
        if part
    )
    return (*parts, (2, 0, value))
