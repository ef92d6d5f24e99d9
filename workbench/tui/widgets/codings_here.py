"""The codings at the cursor: code, coder and memo of each, in its code's colour."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from workbench.domain import CodingInfo


class CodingsHere(Static):
    """Shows what it is given; says so when nothing is coded at the cursor."""

    def show(self, codings: Sequence[CodingInfo], colours: dict[str, str]) -> None:
        text = Text()
        for coding in codings:
            text.append("■ ", style=colours.get(coding.code, "white"))
            text.append(f"{coding.code}  ", style="bold")
            text.append(coding.coder, style="italic")
            if coding.memo:
                text.append(f"\n   {coding.memo}", style="dim")
            text.append("\n")
        # Its height is fixed (workbench.tcss): new text needs no layout of the screen.
        self.update(text or Text("no coding at the cursor", "dim"), layout=False)
