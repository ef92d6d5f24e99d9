"""The coding screen's ways around a transcript: search, coded segments, start and end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on

from workbench.domain import CodingInfo, TranscriptDoc
from workbench.text.search import find_all, hit_number
from workbench.tui.screens.base import StoreScreen
from workbench.tui.widgets.search_bar import SearchBar
from workbench.tui.widgets.segments_panel import SegmentsPanel

if TYPE_CHECKING:
    from workbench.tui.widgets.transcript_view import TranscriptView


class MovingKeys(StoreScreen):
    """Mixed into the coding screen: `/`, `n`, `N` search; `]`, `[` visit coded segments
    (the cursor on the segment's start); g, G, ctrl+home, ctrl+end go to the ends."""

    doc: TranscriptDoc
    codings: list[CodingInfo]
    query_text: str
    _hits: tuple[str, list[tuple[int, int]]] = ("", [])  # the last query's hits (text is fixed)

    if TYPE_CHECKING:  # the coding screen's own

        @property
        def view(self) -> TranscriptView: ...

    def action_search(self) -> None:
        self.query_one("#search", SearchBar).open(self.query_text)

    @on(SearchBar.Submitted, "#search")
    def search_submitted(self, event: SearchBar.Submitted) -> None:
        self.query_text = event.value
        self.find(forward=True)

    @on(SearchBar.Closed, "#search")
    def search_closed(self) -> None:
        self.view.focus()

    def find(self, forward: bool) -> None:
        if not self.query_text:
            self.say("nothing searched yet: / searches")
            return
        if self._hits[0] != self.query_text:  # `n` on a long transcript reads them once
            self._hits = (self.query_text, find_all(self.doc.text, self.query_text))
        hits = self._hits[1]
        start, end = self.view.selected_span
        # On a hit already selected, `n` moves past it rather than finding it again.
        position = start + 1 if forward and end > start else start
        number = hit_number(hits, position, forward)
        if number is None:
            self.say(f"“{self.query_text}” is not in this transcript: / searches for another")
            return
        self.view.select_span(*hits[number])
        self.say(f"“{self.query_text}”: hit {number + 1} of {len(hits)}")

    def action_next_hit(self) -> None:
        self.find(forward=True)

    def action_previous_hit(self) -> None:
        self.find(forward=False)

    def action_next_segment(self) -> None:
        # Segments in (start, end) order, so two that start together are both visited.
        here = self.view.selected_span
        later = [c for c in self.codings if (c.start, c.end) > here]
        if later:
            self.view.select_span(later[0].start, later[0].end, cursor_at_start=True)
        else:
            self.say("no coded segment after this one")

    def action_previous_segment(self) -> None:
        here = self.view.selected_span
        earlier = [c for c in self.codings if (c.start, c.end) < here]
        if earlier:
            self.view.select_span(earlier[-1].start, earlier[-1].end, cursor_at_start=True)
        else:
            self.say("no coded segment before this one")

    @on(SegmentsPanel.SegmentChosen, "#segments")
    def segment_chosen(self, message: SegmentsPanel.SegmentChosen) -> None:
        self.view.select_span(message.coding.start, message.coding.end, cursor_at_start=True)
        self.view.focus()

    def action_transcript_start(self) -> None:
        self.view.action_cursor_document_start()

    def action_transcript_end(self) -> None:
        self.view.action_cursor_document_end()
