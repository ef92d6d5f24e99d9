"""A read-only TextArea that shows a transcript with coded spans in their codes' colours."""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from textual.reactive import reactive
from textual.widgets import TextArea
from textual.widgets.text_area import Selection, TextAreaTheme

from workbench.tui.spans import Span

BASE_STYLES = {
    "wb-speaker": Style(bold=True, color="#8fb4d9"),
    "wb-timestamp": Style(dim=True),
    "wb-disagree": Style(bgcolor="#3d2a14"),  # where coders differ (shown with `o`)
}
# Coder 0 (me) underlines; other coders get other decorations so each one is told apart.
CODER_DECORATIONS = (
    Style(underline=True),
    Style(italic=True, overline=True),
    Style(italic=True, dim=True),
    Style(italic=True, bold=True),
)


class TranscriptView(TextArea):
    """Offsets in and out are code points of the stored text, exactly as the store keeps them.

    Coloured spans ride on TextArea's private highlight map (`_highlights`, byte columns per
    line); Textual is pinned exactly and snapshot tests guard this.
    """

    visual_mode: reactive[bool] = reactive(False)

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(text, read_only=True, soft_wrap=True, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False
        self._spans: list[Span] = []
        self.register_theme(TextAreaTheme(name="workbench", syntax_styles=dict(BASE_STYLES)))
        self.theme = "workbench"

    # -- spans -------------------------------------------------------------------------------

    def show_spans(self, spans: Iterable[Span], colours: dict[str, str]) -> None:
        """Draw `spans`; a style `wb-code-<rank>-<path>` gets `colours[path]` and a decoration."""
        self._spans = list(spans)
        styles = self._theme.syntax_styles if self._theme else {}
        for span in self._spans:
            if span.style.startswith("wb-code-") and span.style not in styles:
                _, _, rank, path = span.style.split("-", 3)
                decoration = CODER_DECORATIONS[min(int(rank), len(CODER_DECORATIONS) - 1)]
                styles[span.style] = decoration + Style(color=colours.get(path, "#ffffff"))
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()  # clears the map and the line cache
        spans = getattr(self, "_spans", [])
        document = self.document
        highlights = self._highlights
        for span in spans:
            if span.end <= span.start:
                continue
            first_row, first_col = document.get_location_from_index(span.start)
            last_row, last_col = document.get_location_from_index(span.end)
            for row in range(first_row, last_row + 1):
                line = document.get_line(row)
                start = first_col if row == first_row else 0
                end = last_col if row == last_row else len(line)
                if end <= start:
                    continue
                highlights[row].append(
                    (len(line[:start].encode()), len(line[:end].encode()), span.style)
                )

    # -- offsets -----------------------------------------------------------------------------

    @property
    def selected_span(self) -> tuple[int, int]:
        """The selection as [start, end) offsets (start == end when nothing is selected)."""
        first, last = sorted(self.selection)
        index = self.document.get_index_from_location
        return index(first), index(last)

    @property
    def cursor_offset(self) -> int:
        return self.document.get_index_from_location(self.selection.end)

    def select_span(self, start: int, end: int) -> None:
        location = self.document.get_location_from_index
        self.selection = Selection(location(start), location(end))
        self.scroll_cursor_visible(center=True)

    # -- visual mode: plain movement extends the selection -----------------------------------

    def action_cursor_left(self, select: bool = False) -> None:
        super().action_cursor_left(select or self.visual_mode)

    def action_cursor_right(self, select: bool = False) -> None:
        super().action_cursor_right(select or self.visual_mode)

    def action_cursor_up(self, select: bool = False) -> None:
        super().action_cursor_up(select or self.visual_mode)

    def action_cursor_down(self, select: bool = False) -> None:
        super().action_cursor_down(select or self.visual_mode)

    def action_cursor_word_left(self, select: bool = False) -> None:
        super().action_cursor_word_left(select or self.visual_mode)

    def action_cursor_word_right(self, select: bool = False) -> None:
        super().action_cursor_word_right(select or self.visual_mode)

    def action_cursor_line_start(self, select: bool = False) -> None:
        super().action_cursor_line_start(select or self.visual_mode)

    def action_cursor_line_end(self, select: bool = False) -> None:
        super().action_cursor_line_end(select or self.visual_mode)

    def action_cursor_page_up(self) -> None:
        anchor = self.selection.start
        super().action_cursor_page_up()
        if self.visual_mode:
            self.selection = Selection(anchor, self.selection.end)

    def action_cursor_page_down(self) -> None:
        anchor = self.selection.start
        super().action_cursor_page_down()
        if self.visual_mode:
            self.selection = Selection(anchor, self.selection.end)
