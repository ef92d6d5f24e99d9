"""The coded segments in view, one line each; choosing one posts `SegmentChosen`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from rich.text import Text
from textual import on
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from workbench.domain import CodingInfo

EXCERPT = 60
WINDOW = 20  # at most this many lines: it keeps following the scroll instant


class SegmentsPanel(OptionList):
    """Shows the codings it is given (code, other coder, excerpt) in their codes' colours."""

    @dataclass
    class SegmentChosen(Message):
        """The user chose a segment: the screen selects its passage."""

        panel: SegmentsPanel
        coding: CodingInfo

        @property
        def control(self) -> SegmentsPanel:
            return self.panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown: tuple[int, ...] | None = None  # ids of the codings listed, in order
        self._codings: dict[str, CodingInfo] = {}
        self._layout_needed = True

    def show(
        self, codings: Sequence[CodingInfo], text: str, colours: dict[str, str], me: str
    ) -> None:
        """List the first WINDOW of `codings`; nothing is redrawn when they are the same."""
        window = list(codings[:WINDOW])
        key = tuple(c.id for c in window)
        if key == self.shown:
            return
        self.shown = key
        self._codings = {str(c.id): c for c in window}
        # The panel's size comes from the side column, never from its options: new options
        # need a repaint, and a layout of the whole screen (a frame on a long transcript) only
        # when a scrollbar comes or goes.
        scrollbars = (self.show_vertical_scrollbar, self.show_horizontal_scrollbar)
        self._layout_needed = False
        try:
            self.set_options(
                Option(segment_label(c, text, colours, me), id=str(c.id)) for c in window
            )
        finally:
            self._layout_needed = True
        if (self.show_vertical_scrollbar, self.show_horizontal_scrollbar) != scrollbars:
            self.refresh(layout=True)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        layout = layout and self._layout_needed
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def forget(self) -> None:
        """The codings changed: the next `show` draws even the same ids again."""
        self.shown = None

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        coding = self._codings.get(event.option.id or "")
        if coding is not None:
            self.post_message(self.SegmentChosen(self, coding))


def segment_label(coding: CodingInfo, text: str, colours: dict[str, str], me: str) -> Text:
    label = Text("■ ", style=colours.get(coding.code, "white"))
    label.append(coding.code.rsplit("/", 1)[-1])
    if coding.coder != me:
        label.append(f" ({coding.coder})", style="italic")
    excerpt = " ".join(text[coding.start : coding.end].split())
    label.append(f"  {excerpt[:EXCERPT]}", style="dim")
    return label
