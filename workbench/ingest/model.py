"""The parsed form of a transcript file: speaker turns with their source positions."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    """One speaker turn as it appeared in the source file.

    `text` is already normalised (see `workbench.text.normalise`), without the speaker label
    or timestamp. Hard-wrapped source lines of one turn are joined with single spaces;
    `line_starts` records where in `text` each source line (or paragraph / cue) began so
    that an offset in `text` maps back to `line + index` in the source file.
    """

    speaker: str | None
    text: str
    line: int
    line_starts: tuple[int, ...] = (0,)
    start_seconds: float | None = None
    end_seconds: float | None = None

    def source_line(self, offset: int) -> int:
        """The 1-based source line that holds `offset` of `text`."""
        return self.line + bisect_right(self.line_starts, offset) - 1


@dataclass(frozen=True)
class ParsedTranscript:
    """What a format parser returns: the turns in order, plus warnings for the user."""

    source: str
    format: str
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...] = field(default=())
