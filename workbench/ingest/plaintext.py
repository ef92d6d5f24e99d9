"""Plain-text and Markdown transcripts, and the line-to-turn rules that .docx/.odt share.

A turn starts at a speaker label; everything up to the next label belongs to it:

* ``Name: text`` -- the label is 1-4 words, at most 40 characters, starting with an
  uppercase letter or ``[`` (``Interviewer:``, ``R1:``, ``IOM official 3:``,
  ``[Respondent]:``, ``Q:``), followed by whitespace or the end of the line. A time such
  as ``10:30`` or a URL such as ``http://...`` is never a label.
* ``[00:01:23] Name: text``, ``(00:01:23) Name: text``, ``00:01:23 Name: text``,
  ``[1:23] ...``, ``[00:01:23.456] ...`` -- the time becomes ``start_seconds``. A bracketed
  time before unlabelled text starts a speakerless turn; a time alone on a line is kept
  for the next label.
* ``Name (00:01:23): text`` / ``Name [00:01:23]: text`` (Rev style).
* ``Name  0:34`` alone on a line (Otter.ai: name, two or more spaces, time); the text
  follows on the next lines. In a file with such headers, only they start turns.
* ``**Name:** text`` and ``**Name**: text`` (Markdown bold labels).
* In Markdown, ``#`` heading lines are speakerless text: a heading ends a speaker's turn.

Opening lines such as ``Date: 3 May`` are a header, not turns: the run of lines from the
start up to the first blank line, made of text and of labels used only once in the file,
provided some other label recurs. It is speakerless text (with a warning).

In a text file, unlabelled lines right after a turn's line are hard wraps, joined with one
space; after a blank line they are a new paragraph of the same turn, joined with ``\\n``.
For paragraph-based sources (.docx, .odt) every unlabelled paragraph is a new paragraph.
Text before the first label is a turn with ``speaker=None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.errors import IngestError
from workbench.ingest.decode import decode
from workbench.ingest.labels import (
    Label,
    StampedText,
    TimeOnly,
    classify,
)
from workbench.ingest.model import ParsedTranscript, Turn
from workbench.ingest.tables import SourceItem, SourceLine, TableTurn

_MD_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<rest>.*?))?(?:[ \t]+#+)?[ \t]*")
_OTTER_FOOTER = re.compile(r"Transcribed by https?://otter\.ai/?", re.IGNORECASE)


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


class TurnBuilder:
    """Accumulates lines into turns, recording where each source line starts in the text."""

    def __init__(self, *, paragraphs: bool) -> None:
        self.paragraphs = paragraphs
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
    ) -> None:
        """Close the open turn and open a new one (its label is on `line`)."""
        self.finish()
        if start_seconds is None:
            start_seconds = self.pending_seconds
        self.pending_seconds = None
        self.current = _OpenTurn(speaker, line, start_seconds, end_seconds)
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

    def add(self, text: str, line: int, *, new_paragraph: bool = False) -> None:
        """Append one line's text (already stripped, not empty) to the open turn."""
        if self.current is None:
            self.start(None, line)
        turn = self.current
        assert turn is not None
        if turn.first_line is None:
            turn.first_line = line
            turn.line_starts.append(0)
        else:
            if line < turn.last_line:
                raise ValueError(f"source lines out of order: {line} after {turn.last_line}")
            paragraph = new_paragraph or self.paragraphs or self.blank_before or turn.structural
            separator = "\n" if paragraph else " "
            turn.parts.append(separator)
            turn.length += len(separator)
            # One entry per source line: lines without text (blank lines, Otter headers,
            # cue timings) map to where the next text starts.
            turn.line_starts.extend([turn.length] * (line - turn.last_line))
        turn.parts.append(text)
        turn.length += len(text)
        turn.last_line = line
        turn.structural = False
        self.blank_before = False

    def add_structural(self, text: str, line: int) -> None:
        """A heading or table row: speakerless text that ends a speaker's turn."""
        if self.current is None or self.current.speaker is not None:
            self.start(None, line)
        self.add(text, line, new_paragraph=True)
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
            )
        )


@dataclass(frozen=True)
class _Structural:
    text: str


@dataclass(frozen=True)
class _Text:
    text: str


_Kind = TableTurn | _Structural | Label | StampedText | TimeOnly | _Text | None  # None: blank


def _kind(item: SourceItem, markdown: bool) -> _Kind:
    if isinstance(item, TableTurn):
        return item
    text = item.text.strip()
    if not text:
        return None
    if item.structural:
        return _Structural(text)
    if markdown:
        heading = _MD_HEADING.fullmatch(text)
        if heading is not None:
            rest = (heading.group("rest") or "").strip()
            return _Structural(rest) if rest else None
    kind = classify(text)
    return _Text(text) if kind is None else kind


def _header_run(kinds: list[tuple[SourceItem, _Kind]]) -> tuple[int, list[str]]:
    """The opening lines that are a header (``Date: 3 May``...), not speaker turns.

    That is the run of lines from the start, up to the first blank line, made of text and
    of labels used only once in the file -- provided some other label recurs. Returns the
    index after the run (0 if there is none) and a description of the labels in it.
    """
    counts = Counter(k.speaker for _, k in kinds if isinstance(k, Label | TableTurn))
    if not counts or max(counts.values()) < 2:
        return 0, []
    index = 0
    while index < len(kinds) and kinds[index][1] is None:
        index += 1
    labels: list[str] = []
    while index < len(kinds):
        item, kind = kinds[index]
        if isinstance(kind, Label) and kind.rest and kind.start_seconds is None:
            if counts[kind.speaker] > 1:
                break
            labels.append(f"'{kind.speaker}' (line {item.line})")
        elif not isinstance(kind, _Structural | _Text):
            break
        index += 1
    return (index, labels) if labels else (0, [])


def turns_from_lines(
    items: Iterable[SourceItem],
    *,
    source: str,
    paragraphs: bool = False,
    markdown: bool = False,
) -> tuple[tuple[Turn, ...], tuple[str, ...]]:
    """Turn source lines (or paragraphs, with `paragraphs=True`) into turns and warnings.

    `items` must come in source order; several items may share a line number (the lines of
    one paragraph split at soft line breaks). Raises IngestError("no text") if there is none.
    """
    kinds = [(item, _kind(item, markdown)) for item in items]
    if any(isinstance(kind, Label) and kind.text_follows for _, kind in kinds):
        # An Otter.ai export: only its "Name  0:34" headers start turns, so a sentence
        # such as "One more thing: ..." stays text.
        kinds = [
            (item, _Text(item.text.strip()))
            if isinstance(kind, Label) and not kind.text_follows
            else (item, kind)
            for item, kind in kinds
        ]
    header_end, header_labels = _header_run(kinds)
    builder = TurnBuilder(paragraphs=paragraphs)
    for index, (item, kind) in enumerate(kinds):
        if index < header_end and kind is not None:
            text = kind.text if isinstance(kind, _Structural | _Text) else item.text.strip()
            builder.add_structural(text, item.line)
        elif isinstance(kind, TableTurn):
            text = kind.text.strip()
            if kind.speaker is None and builder.current is not None:
                if text:
                    builder.add(text, kind.line, new_paragraph=True)
                continue
            builder.start(kind.speaker, kind.line, kind.start_seconds)
            if text:
                builder.add(text, kind.line)
        elif kind is None:
            builder.blank()
        elif isinstance(kind, _Structural):
            builder.add_structural(kind.text, item.line)
        elif isinstance(kind, Label):
            builder.start(kind.speaker, item.line, kind.start_seconds)
            if kind.rest:
                builder.add(kind.rest, item.line)
        elif isinstance(kind, StampedText):
            builder.start(None, item.line, kind.start_seconds)
            builder.add(kind.rest, item.line)
        elif isinstance(kind, TimeOnly):
            builder.pending_seconds = kind.start_seconds
        else:
            builder.add(kind.text, item.line)
    builder.finish()
    if not builder.turns:
        raise IngestError("no text", source=source)
    warnings = builder.warnings
    if header_labels:
        warnings.append(
            "read as header lines, not speaker turns (each label is used once): "
            + ", ".join(header_labels)
        )
    return tuple(builder.turns), tuple(warnings + _single_turn_warnings(builder.turns))


def _single_turn_warnings(turns: list[Turn]) -> list[str]:
    """Flag labels used for one turn only, when others recur: often a heading like 'Date:'."""
    counts = Counter(turn.speaker for turn in turns if turn.speaker is not None)
    if not counts or max(counts.values()) < 2:
        return []
    once = [
        f"'{turn.speaker}' (line {turn.line})"
        for turn in turns
        if turn.speaker is not None and counts[turn.speaker] == 1
    ]
    if not once:
        return []
    return [
        "speakers with a single turn (check they are speakers, not headings or part of a "
        "sentence): " + ", ".join(once)
    ]


def parse_text(data: bytes, source: str, *, markdown: bool = False) -> ParsedTranscript:
    """Parse a .txt (or, with `markdown=True`, .md) transcript."""
    text, warnings = decode(data, source)
    lines = text.split("\n")
    # Otter.ai appends a footer line that is not part of the interview.
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last >= 0 and _OTTER_FOOTER.fullmatch(lines[last].strip()):
        warnings.append(f"line {last + 1}: left out the Otter.ai footer line")
        lines = lines[:last]
    turns, turn_warnings = turns_from_lines(
        (SourceLine(line, number) for number, line in enumerate(lines, start=1)),
        source=source,
        markdown=markdown,
    )
    return ParsedTranscript(
        source=source,
        format="md" if markdown else "txt",
        turns=turns,
        warnings=(*warnings, *turn_warnings),
    )
