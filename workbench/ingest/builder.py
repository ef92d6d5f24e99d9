"""Building speaker turns line by line, keeping where each source line starts in a turn."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.ingest.model import Turn


@dataclass
class _OpenTurn:
    speaker: str | None
    label_line: int
    start_seconds: float | None
    end_seconds: float | None = None
    parts: list[str] = field(default_factory=list)
    length: int = 0
    first_line: int | None = None
    last_line: int = 0
    line_starts: list[int] = field(default_factory=list)
    structural: bool = False  # a heading or table turn: the next line is a new paragraph
    label_offset: int | None = None
    offset: int | None = None  # where the text starts in the kept source text


class TurnBuilder:
    """Accumulates lines into turns, recording where each source line starts in the text.

    Given the `source` text, every piece comes with its offset `at` in it and a turn's text
    is the source from its first piece to the end of its last, as written; otherwise pieces
    are joined with a space (a hard wrap) or a newline (a new paragraph).
    """

    def __init__(self, *, paragraphs: bool, source: str | None = None) -> None:
        self.paragraphs = paragraphs
        self.source = source
        self.turns: list[Turn] = []
        self.warnings: list[str] = []
        self.current: _OpenTurn | None = None
        self.blank_before = False
        self.pending_seconds: float | None = None

    def start(
        self,
        speaker: str | None,
        line: int,
        start_seconds: float | None = None,
        end_seconds: float | None = None,
        *,
        label_at: int | None = None,
    ) -> None:
        """Close the open turn and open a new one (its label is on `line`, at `label_at`)."""
        self.finish()
        if start_seconds is None:
            start_seconds = self.pending_seconds
        self.pending_seconds = None
        self.current = _OpenTurn(speaker, line, start_seconds, end_seconds, label_offset=label_at)
        self.blank_before = False

    @property
    def open_speaker(self) -> str | None:
        """The speaker of the open turn (None if there is none or it has no speaker)."""
        return None if self.current is None else self.current.speaker

    def extend_to(self, end_seconds: float) -> None:
        """Set the open turn's end time (a merged subtitle cue ends later)."""
        assert self.current is not None
        self.current.end_seconds = end_seconds

    def blank(self) -> None:
        self.blank_before = True

    def add(
        self, text: str, line: int, *, new_paragraph: bool = False, at: int | None = None
    ) -> None:
        """Append one line's text (already stripped, not empty) to the open turn.

        `at` is where `text` stands in the source text (required when it was given)."""
        if self.current is None:
            self.start(None, line)
        turn = self.current
        assert turn is not None
        if self.source is not None and (at is None or self.source[at : at + len(text)] != text):
            raise ValueError(f"line {line}: text not at offset {at} of the source")
        if turn.first_line is None:
            turn.first_line = line
            turn.offset = at
            turn.line_starts.append(0)
        else:
            if line < turn.last_line:
                raise ValueError(f"source lines out of order: {line} after {turn.last_line}")
            if self.source is not None and at is not None and turn.offset is not None:
                self._add_source_gap(turn, turn.offset + turn.length, at, line)
            else:
                paragraph = new_paragraph or self.paragraphs or self.blank_before or turn.structural
                separator = "\n" if paragraph else " "
                turn.parts.append(separator)
                turn.length += len(separator)
                # One entry per source line: lines without text (blank lines, Otter
                # headers, cue timings) map to where the next text starts.
                turn.line_starts.extend([turn.length] * (line - turn.last_line))
        turn.parts.append(text)
        turn.length += len(text)
        turn.last_line = line
        turn.structural = False
        self.blank_before = False

    def _add_source_gap(self, turn: _OpenTurn, end: int, at: int, line: int) -> None:
        """Keep the source between the turn's text so far and its next piece, as written;
        each line starts right after its line break."""
        assert self.source is not None
        gap = self.source[end:at]
        breaks = [turn.length + index + 1 for index, char in enumerate(gap) if char == "\n"]
        if len(breaks) != line - turn.last_line:
            raise ValueError(f"line {line}: {len(breaks)} line breaks before offset {at}")
        turn.line_starts.extend(breaks)
        turn.parts.append(gap)
        turn.length += len(gap)

    def add_structural(self, text: str, line: int, at: int | None = None) -> None:
        """A heading or table row: speakerless text that ends a speaker's turn."""
        if self.current is None or self.current.speaker is not None:
            self.start(None, line)
        self.add(text, line, new_paragraph=True, at=at)
        assert self.current is not None
        self.current.structural = True

    def finish(self) -> None:
        turn = self.current
        self.current = None
        if turn is None:
            return
        if turn.first_line is None:
            if turn.speaker is not None:
                self.warnings.append(
                    f"line {turn.label_line}: speaker label '{turn.speaker}' has no text; skipped"
                )
            return
        self.turns.append(
            Turn(
                speaker=turn.speaker,
                text="".join(turn.parts),
                line=turn.first_line,
                line_starts=tuple(turn.line_starts),
                start_seconds=turn.start_seconds,
                end_seconds=turn.end_seconds,
                offset=turn.offset,
                label_offset=turn.label_offset if turn.speaker is not None else None,
            )
        )
