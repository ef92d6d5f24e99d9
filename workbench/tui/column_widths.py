"""Column widths for a table whose last column (a passage) takes the room the others leave."""

from __future__ import annotations

from collections.abc import Mapping


def fit_columns(
    wanted: Mapping[str, int],
    floors: Mapping[str, int],
    room: int,
    padding: int,
    least: int,
) -> tuple[dict[str, int], int]:
    """The widths of the columns in `wanted` (most needed first) and of the passage column,
    within `room` cells, where each column also costs `padding` cells.

    The passage gets at least half the room (and never less than `least`): the widest of the
    other columns gives a cell at a time down to its floor; if the floors still do not fit,
    the least needed column goes (what it showed is in the preview below the table)."""
    text_at_least = max(least, room // 2)
    columns = dict(wanted)
    while True:
        widths = dict(columns)
        budget = room - text_at_least - padding - sum(padding for _ in widths)
        while sum(widths.values()) > budget:
            shrinkable = [name for name in widths if widths[name] > floors.get(name, 1)]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda name: widths[name])
            widths[widest] -= 1
        if sum(widths.values()) <= budget or len(columns) <= 1:
            break
        columns.pop(next(reversed(columns)))  # the least needed
    taken = sum(width + padding for width in widths.values()) + padding
    return widths, max(least, room - taken)
