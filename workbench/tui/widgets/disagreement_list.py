"""The list of one code's disagreements: where, who spoke, who coded it, and the passage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from workbench.agreement.disagreements import Disagreement


class DisagreementList(OptionList):
    """Settlement keys are bound here, not on the screen: they act only while the list has
    focus, so a digit typed into the coders box stays text there (and the other way round)."""

    # Each line is cut with an ellipsis at the list's width rather than wrapped: two lines a
    # disagreement keep the list readable, and the excerpt gets the whole width.
    DEFAULT_CSS = """
    DisagreementList { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS = [
        Binding("1", "screen.accept('a')", "Accept A"),
        Binding("2", "screen.accept('b')", "Accept B"),
        Binding("3", "screen.accept('both')", "Both"),
        Binding("0", "screen.accept('neither')", "Neither"),
        # Tab leaves the list for the code table, not for the coders box: the keys typed after
        # it would be settlement keys typed into a text field.
        Binding("tab", "screen.focus_codes", "Codes", show=False),
    ]

    def show(self, found: list[Disagreement], settled: set[int]) -> None:
        """List `found` (those in `settled` marked), keeping the highlighted position."""
        highlighted = self.highlighted
        self.set_options(Option(label(d, i in settled)) for i, d in enumerate(found))
        if found:
            self.highlighted = min(highlighted or 0, len(found) - 1)


def where(disagreement: Disagreement) -> str:
    """`hr_05 utterance 12 (Interviewer)`: the transcript, the unit and who spoke."""
    speaker = f" ({disagreement.speaker})" if disagreement.speaker else ""
    return f"{disagreement.transcript} {disagreement.where}{speaker}"


def label(disagreement: Disagreement, settled: bool) -> Text:
    """Two lines: where and who coded it, then the passage as one line."""
    style = "dim strike" if settled else ""
    text = Text("✓ " if settled else "  ", style="green")
    text.append(disagreement.transcript, style=style or "bold")
    text.append(f"  {disagreement.where}  ", style=style)
    text.append(disagreement.speaker or "(no speaker)", style=style or "bold cyan")
    text.append(f"  {', '.join(disagreement.coded_by)} coded it; ", style=style)
    text.append(f"{', '.join(disagreement.not_coded_by) or 'no one else'} not", style=style)
    text.append("\n    ")
    text.append(" ".join(disagreement.excerpt.split()), style=style or "dim")
    return text
