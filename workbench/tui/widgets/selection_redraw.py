"""A soft-wrapped TextArea that draws again only the rows a moved cursor or selection changes."""

from __future__ import annotations

import sys

from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Location, Selection

LINE_END = sys.maxsize  # a selection that runs on past the end of a line
RowState = tuple[object, ...]


class SelectionRedraw(TextArea):
    """Moving the cursor redraws only the screen rows whose look it changes.

    The stock TextArea, once soft-wrapped, keys each cached row on the whole selection and
    repaints the whole widget when the selection changes, so every visible row was drawn
    again on each key (17 ms a move on a 120x40 screen). Here a row's cache key holds only
    what of the selection shows on that row, and a move refreshes only the rows between the
    old and the new ends, and those of the old and new cursor lines. The key keeps the stock
    key's other parts and its order (`_line_cache` entries are found by the row at index 2).
    Textual is pinned exactly; `tests/test_tui_redraw.py` compares the frames with a full
    repaint.
    """

    selection: reactive[Selection] = reactive(
        Selection(), init=False, always_update=True, repaint=False
    )

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        key = (
            self.size, scroll_x, row, self._row_state(row), self.theme,
            self.match_cursor_bracket, self.soft_wrap, self.show_line_numbers,
            self.read_only, self.show_cursor, self.suggestion,
        )  # fmt: skip
        line = self._line_cache.get(key)
        if line is None:
            line = self._line_cache[key] = self._render_line(y)
        return line

    def _row_state(self, row: int) -> RowState:
        """What of the cursor, the selection and a matched bracket shows on screen row `row`
        (as `_render_line` draws them)."""
        rows = self.wrapped_document._offset_to_line_info
        if not 0 <= row < len(rows):
            return ()
        line_index, section = rows[row]
        breaks = self.wrapped_document.get_offsets(line_index)
        low = breaks[section - 1] if section > 0 else 0
        high = breaks[section] if section < len(breaks) else LINE_END
        selection = self.selection
        (top_row, top_column), (bottom_row, bottom_column) = sorted(selection)
        cursor_row, cursor_column = selection.end
        on_cursor_line = cursor_row == line_index  # the whole line is tinted
        cursor = cursor_column if on_cursor_line and low <= cursor_column < high else None
        selected: object = None
        if selection.start != selection.end and top_row <= line_index <= bottom_row:
            if not self.document.get_line(line_index):
                selected = "empty line"  # drawn with a mark
            else:
                start = top_column if line_index == top_row else 0
                end = bottom_column if line_index == bottom_row else LINE_END
                start, end = max(start, low), min(end, high)
                selected = (start, end) if start < end else None
        bracket = self._matching_bracket_location
        brackets = None
        if bracket is not None and (on_cursor_line or bracket[0] == line_index):
            brackets = (bracket, selection.start == selection.end)  # drawn without a selection
        return line_index, section, on_cursor_line, cursor, selected, brackets

    def _watch_selection(self, previous: Selection, selection: Selection) -> None:
        old_bracket = self._matching_bracket_location
        super()._watch_selection(previous, selection)
        if self.is_mounted:
            self._refresh_changed_rows(previous, selection, old_bracket)

    def _refresh_changed_rows(
        self, previous: Selection, selection: Selection, old_bracket: Location | None
    ) -> None:
        spans: list[tuple[Location, Location]] = []  # ends of runs of rows that changed
        for cursor in (previous.end, selection.end):  # their lines' tint
            line = min(cursor[0], self.document.line_count - 1)
            spans.append(((line, 0), (line, LINE_END)))
        was, now = sorted(previous), sorted(selection)
        if previous.start == previous.end or selection.start == selection.end:
            spans += [(was[0], was[1]), (now[0], now[1])]
        else:
            # The anchor and the cursor each moved (or not): the rows between old and new.
            spans += [(min(was[0], now[0]), max(was[0], now[0]))]
            spans += [(min(was[1], now[1]), max(was[1], now[1]))]
        for bracket in (old_bracket, self._matching_bracket_location):
            if bracket is not None:
                spans.append((bracket, bracket))
        scroll_y, height = self.scroll_offset.y, self.size.height
        for first, last in spans:
            top, bottom = self._screen_row(first, last=False), self._screen_row(last, last=True)
            top, bottom = max(top, scroll_y), min(bottom, scroll_y + height - 1)
            if top <= bottom:
                self.refresh(Region(0, top - scroll_y, self.size.width, bottom - top + 1))

    def _screen_row(self, location: Location, last: bool) -> int:
        """The wrapped row of `location` (a column past the line's end: its last row)."""
        wrapped = self.wrapped_document
        line = min(location[0], self.document.line_count - 1)
        if location[1] == LINE_END:
            rows = wrapped._line_index_to_offsets[line]
            return rows[-1] if last else rows[0]
        return wrapped.location_to_offset((line, location[1])).y
