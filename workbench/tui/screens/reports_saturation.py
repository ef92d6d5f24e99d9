"""The Reports screen's saturation view: the summary and new codes per interview as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from workbench.text.words import counted

if TYPE_CHECKING:
    import pandas as pd

BAR_WIDTH = 24
NAME_WIDTH = 12


def saturation_text(table: pd.DataFrame, summary: pd.DataFrame, rule: str, by: str | None) -> Text:
    """The saturation point of each group (or of all interviews), then per interview its new
    codes as a bar, the interviews of the confirming run marked."""
    text = Text()
    text.append("saturation (Guest, Namey & Chen 2020)\n", style="bold")
    text.append(f"{rule}\n", style="dim")
    peak = max(1, int(table["new"].max()) if len(table) else 1)
    for row in summary.itertuples(index=False):
        text.append(f"\n{row.group}: ", style="bold")
        text.append(str(row.saturation), style="green" if row.interviews_to_saturation else "red")
        text.append(f"\n  {counted(row.codes, 'code')} in {counted(row.interviews, 'interview')}, ")
        text.append(f"{row.base_codes} in the base\n\n")
        if row.note:
            text.append(f"  {row.note}\n", style="dim")
        rows = table if by is None else table[table[by].astype(str) == str(row.group)]
        run = range(row.interviews_to_saturation + 1, row.interviews_to_saturation + 1 + _run(row))
        for position, name, new in zip(rows["position"], rows["transcript"], rows["new"],
                                       strict=True):  # fmt: skip
            mark = "»" if row.interviews_to_saturation and position in run else " "
            text.append(f" {mark}{str(name)[:NAME_WIDTH]:<{NAME_WIDTH}} ")
            text.append("█" * round(BAR_WIDTH * int(new) / peak), style="cyan")
            text.append(f" {int(new)}\n")
    if summary["interviews_to_saturation"].any():
        text.append("\n» the confirming run", style="dim")
    return text


def _run(row: object) -> int:
    """The confirming run's length, from a label such as "6+2" (0 when not reached)."""
    label = str(getattr(row, "saturation", ""))
    return int(label.split("+")[1]) if "+" in label else 0
