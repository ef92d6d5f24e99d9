"""The coding screen's search line: hidden until opened, closed by enter, escape or leaving."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Enter posts `Submitted` with the query; every way out posts `Closed`, so the screen
    gives the focus back to the transcript."""

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    class Submitted(Input.Submitted):
        """A query to find (the bar closes as well)."""

    @dataclass
    class Closed(Message):
        """The bar was closed: by enter, by escape, or by the focus moving away."""

        search_bar: SearchBar

        @property
        def control(self) -> SearchBar:
            return self.search_bar

    def open(self, query: str) -> None:
        """Show the bar with the last query, ready to edit."""
        self.display = True
        self.value = query
        self.focus()

    def action_close(self) -> None:
        if self.display:
            self.display = False
            self.post_message(self.Closed(self))

    async def action_submit(self) -> None:
        await super().action_submit()
        self.action_close()

    def on_blur(self) -> None:
        self.action_close()
