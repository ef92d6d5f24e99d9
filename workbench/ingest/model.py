"""The parsed form of a transcript file: speaker turns with their source positions."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    """One speaker turn as it appeared in the source file.

    `text` is already normalised (see `workbench.text.normalise`), without the speaker label
    or timestamp. In a source kept as written (.txt, .md) it is the said text exactly as it
    stands in the file, hard wraps and all, at `offset` in `ParsedTranscript.text`, and the
    speaker label stands at `label_offset`. Elsewhere (.docx, .odt, .vtt, .srt) the offsets
    are None and the lines of one paragraph or cue are joined with single spaces.
    `line_starts` records where in `text` each source line (or paragraph / cue) began so
    that an offset in `text` maps back to `line + index` in the source file.
    """

    speaker: str | None
    text: str
    line: int
    line_starts: tuple[int, ...] = (0,)
    start_seconds: float | None = None
    end_seconds: float | None = None
    offset: int | None = None
    label_offset: int | None = None

    def source_line(self, offset: int) -> int:
        """The 1-based source line that holds `offset` of `text`."""
        return self.line + bisect_right(self.line_starts, offset) - 1


@dataclass(frozen=True)
class ParsedTranscript:
    """What a format parser returns: the turns in order, plus warnings for the user.

    `text` is the whole source text after normalisation when the format has a plain text of
    its own to keep (.txt, .md), else None. `boilerplate` holds [start, end) regions of it
    that a transcription service added (the Otter.ai footer): stored, but no turn and not
    screened for identifiers.
    """

    source: str
    format: str
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...] = field(default=())
    text: str | None = None
    boilerplate: tuple[tuple[int, int], ...] = ()
