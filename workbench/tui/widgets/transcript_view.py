"""A read-only TextArea that shows a transcript with coded spans in their codes' colours."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from rich.style import Style
from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset, Region
from textual.reactive import reactive
from textual.widgets.text_area import Selection, TextAreaTheme

from workbench.tui.spans import Span
from workbench.tui.widgets.selection_redraw import SelectionRedraw

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


class FastWrappedDocument(WrappedDocument):
    """`height` in constant time: TextArea asks for it on every rendered row, and the stock
    property sums over every line of the document (seconds per screen on a long interview).
    Valid because the transcript is read-only, so only `wrap` ever changes the offsets."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class TranscriptView(SelectionRedraw):
    """Offsets in and out are code points of the stored text, exactly as the store keeps them.

    Coloured spans ride on TextArea's private highlight map (`_highlights`, byte columns per
    line); Textual is pinned exactly and snapshot tests guard this.
    """

    visual_mode: reactive[bool] = reactive(False)

    def __init__(self, text: str, **kwargs: object) -> None:
        # Start empty and set the text once: TextArea would build the document twice.
        super().__init__("", read_only=True, soft_wrap=True, **kwargs)  # type: ignore[arg-type]
        self._set_document(text, None)
        self._stored_text = text  # TextArea's `text` joins every line again on each read
        self.cursor_blink = False
        self._spans: list[Span] = []
        # Offsets of line starts: TextArea's own offset<->location lookups walk every line.
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.register_theme(TextAreaTheme(name="workbench", syntax_styles=dict(BASE_STYLES)))
        self.theme = "workbench"

    @property
    def _draw_cursor(self) -> bool:
        # Drawn with or without the focus: `m` and `x` act at this cursor from any pane.
        return self.show_cursor

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        self.wrapped_document.__class__ = FastWrappedDocument

    def _watch_language(self, language: str | None) -> None:
        # Transcripts have no syntax; the stock watcher rebuilds the whole document on mount.
        if language is not None:
            super()._watch_language(language)

    def _rewrap_and_refresh_virtual_size(self) -> None:
        # The text never changes, so re-wrapping at the width it has is wasted work (the
        # stock TextArea re-wraps on every reactive change: 100 ms each on a long interview).
        if self.wrapped_document._width != self.wrap_width:
            self.wrapped_document.wrap(self.wrap_width, tab_width=self.indent_width)
            self._line_cache.clear()
        self._refresh_size()

    # -- spans -------------------------------------------------------------------------------

    def show_spans(self, spans: Iterable[Span], colours: dict[str, str]) -> None:
        """Draw `spans`; a style `wb-code-<rank>-<path>` gets `colours[path]` and a decoration."""
        self._spans = list(spans)
        self._define_styles(self._spans, colours)
        self._build_highlight_map()
        self.refresh()

    def add_span(self, span: Span, colours: dict[str, str]) -> None:
        """Draw one more span on top, without rebuilding the others (a coding just applied)."""
        self._spans.append(span)
        self._define_styles([span], colours)
        self._highlight(span)
        self._redraw_between(span.start, span.end)

    def respan(self, spans: Iterable[Span], colours: dict[str, str], start: int, end: int) -> None:
        """Draw `spans` where only [start, end) changed: the lines there are highlighted again
        in the new order, the rest of the map is kept (a coding applied over others)."""
        self._spans = list(spans)
        self._define_styles(self._spans, colours)
        first_row, _ = self.location_of(start)
        last_row, _ = self.location_of(max(start, end - 1))
        rows = range(first_row, last_row + 1)
        for row in rows:
            self._highlights[row] = []
        low = self._line_starts[first_row]
        high = self._line_starts[last_row] + len(self.document.get_line(last_row))
        for span in self._spans:
            if span.start <= high and span.end > low:  # touches one of those lines
                self._highlight(span, rows)
        # Spans are ordered by length, so one more changes how the others are drawn only
        # where it lies.
        self._redraw_between(start, end)

    def _redraw_between(self, start: int, end: int) -> None:
        """Draw the screen rows that hold the text [start, end) again, and only them: the rest
        keeps its cached lines (a full redraw costs a frame on a long interview)."""
        to_offset = self.wrapped_document.location_to_offset
        top = to_offset(self.location_of(start)).y
        bottom = to_offset(self.location_of(end)).y
        # TextArea's line cache is keyed by (size, scroll_x, wrapped row, ...).
        cached = self._line_cache.keys()  # an LRUCache is not iterable itself
        for key in [key for key in cached if top <= key[2] <= bottom]:
            self._line_cache.discard(key)
        scroll_y = self.scroll_offset.y
        region = Region(0, top - scroll_y, self.size.width, bottom - top + 1)
        if region.bottom > 0 and region.y < self.size.height:  # on screen
            self.refresh(region)

    def _define_styles(self, spans: Iterable[Span], colours: dict[str, str]) -> None:
        # Every time, not once: a code's colour can change (set in the codebook file).
        styles = self._theme.syntax_styles if self._theme else {}
        for name in {span.style for span in spans if span.style.startswith("wb-code-")}:
            _, _, rank, path = name.split("-", 3)
            decoration = CODER_DECORATIONS[min(int(rank), len(CODER_DECORATIONS) - 1)]
            styles[name] = decoration + Style(color=colours.get(path, "#ffffff"))

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()  # clears the map and the line cache
        for span in getattr(self, "_spans", []):
            self._highlight(span)

    def _highlight(self, span: Span, only: range | None = None) -> None:
        """Add `span` to TextArea's highlight map: byte columns, one entry per line (of the
        lines in `only`, when given)."""
        if span.end <= span.start:
            return
        first_row, first_col = self.location_of(span.start)
        last_row, last_col = self.location_of(span.end)
        rows = range(first_row, last_row + 1)
        if only is not None:
            rows = range(max(first_row, only.start), min(last_row, only.stop - 1) + 1)
        for row in rows:
            line = self.document.get_line(row)
            start = first_col if row == first_row else 0
            end = last_col if row == last_row else len(line)
            if end > start:
                self._highlights[row].append(
                    (len(line[:start].encode()), len(line[:end].encode()), span.style)
                )

    # -- offsets -----------------------------------------------------------------------------

    def location_of(self, offset: int) -> tuple[int, int]:
        """(row, column) of a character offset."""
        row = bisect_right(self._line_starts, offset) - 1
        return row, offset - self._line_starts[row]

    def offset_of(self, location: tuple[int, int]) -> int:
        row, column = location
        return self._line_starts[row] + column

    @property
    def visible_span(self) -> tuple[int, int]:
        """The [start, end) offsets of the text on screen now."""
        top = self.scroll_offset.y
        bottom = top + self.scrollable_content_region.height
        to_location = self.wrapped_document.offset_to_location
        start = self.offset_of(to_location(Offset(0, top)))
        end = self.offset_of(to_location(Offset(self.wrapped_document._width or 1, bottom)))
        return start, max(start, end)

    @property
    def selected_span(self) -> tuple[int, int]:
        """The selection as [start, end) offsets (start == end when nothing is selected)."""
        first, last = sorted(self.selection)
        return self.offset_of(first), self.offset_of(last)

    @property
    def span_to_code(self) -> tuple[int, int]:
        """The selection without the whitespace at its end (word-wise selection takes the
        space after a word): the span a code is applied to. Empty when only space is selected."""
        start, end = self.selected_span
        text = self._stored_text
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.selection.end)

    def select_span(self, start: int, end: int, cursor_at_start: bool = False) -> None:
        """Select [start, end) with the cursor at its end (or its start, keeping the
        selection: a segment visited is read from its first word)."""
        first, last = self.location_of(start), self.location_of(end)
        self.selection = Selection(last, first) if cursor_at_start else Selection(first, last)

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

    def action_cursor_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select or self.visual_mode)

    def action_cursor_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select or self.visual_mode)

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
