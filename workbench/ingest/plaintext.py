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

Unlabelled lines after a turn's line belong to it (hard wraps and further paragraphs). A
text file is kept as written: a turn's text is the file from the first character after its
label to the end of its last line, hard wraps and blank lines included, and the turn says
where it (and its label) stand in the file. For paragraph-based sources (.docx, .odt) every
unlabelled paragraph is a new paragraph, joined with ``\\n``; the layout renders those.
Text before the first label is a turn with ``speaker=None``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from workbench.errors import IngestError
from workbench.ingest.builder import TurnBuilder
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


def _stripped_at(item: SourceItem) -> int | None:
    """Where a line's stripped text starts in the kept source text, or None."""
    if not isinstance(item, SourceLine) or item.offset is None:
        return None
    return item.offset + len(item.text) - len(item.text.lstrip())


def _positions(item: SourceItem, kind: _Kind) -> tuple[int | None, int | None]:
    """Where a line's text and its speaker label stand in the kept source text, or None."""
    at = _stripped_at(item)
    if at is None or kind is None:
        return None, None
    stripped = item.text.strip()
    if isinstance(kind, _Structural):
        # A Markdown heading: its text follows the #s (and may be followed by more).
        hashes = len(stripped) - len(stripped.lstrip("#"))
        return at + stripped.index(kind.text, hashes), None
    if isinstance(kind, Label):
        # The rest runs to the end of the line; only a time or ** can precede the name.
        rest_at = at + len(stripped) - len(kind.rest)
        return rest_at, at + stripped.index(kind.speaker)
    if isinstance(kind, StampedText):
        return at + len(stripped) - len(kind.rest), None
    return at, None


def turns_from_lines(
    items: Iterable[SourceItem],
    *,
    source: str,
    paragraphs: bool = False,
    markdown: bool = False,
    text: str | None = None,
) -> tuple[tuple[Turn, ...], tuple[str, ...]]:
    """Turn source lines (or paragraphs, with `paragraphs=True`) into turns and warnings.

    `items` must come in source order; several items may share a line number (the lines of
    one paragraph split at soft line breaks). Given the source `text` (and lines with their
    offsets in it), turns keep it as written and say where they stand in it. Raises
    IngestError("no text") if there is none.
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
    builder = TurnBuilder(paragraphs=paragraphs, source=text)
    for index, (item, kind) in enumerate(kinds):
        at, label_at = _positions(item, kind)
        if index < header_end and kind is not None:
            if isinstance(kind, _Structural | _Text):
                builder.add_structural(kind.text, item.line, at)
            else:
                builder.add_structural(item.text.strip(), item.line, _stripped_at(item))
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
            builder.add_structural(kind.text, item.line, at)
        elif isinstance(kind, Label):
            builder.start(kind.speaker, item.line, kind.start_seconds, label_at=label_at)
            if kind.rest:
                builder.add(kind.rest, item.line, at=at)
        elif isinstance(kind, StampedText):
            builder.start(None, item.line, kind.start_seconds)
            builder.add(kind.rest, item.line, at=at)
        elif isinstance(kind, TimeOnly):
            builder.pending_seconds = kind.start_seconds
        else:
            builder.add(kind.text, item.line, at=at)
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
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    # Otter.ai appends a footer line that is not part of the interview: it stays in the
    # text, as written, but is no turn.
    boilerplate: tuple[tuple[int, int], ...] = ()
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    if last >= 0 and _OTTER_FOOTER.fullmatch(lines[last].strip()):
        warnings.append(f"line {last + 1}: left out the Otter.ai footer line")
        boilerplate = ((starts[last], starts[last] + len(lines[last])),)
        lines = lines[:last]
    turns, turn_warnings = turns_from_lines(
        (
            SourceLine(line, number, offset=start)
            for number, (line, start) in enumerate(
                zip(lines, starts[: len(lines)], strict=True), start=1
            )
        ),
        source=source,
        markdown=markdown,
        text=text,
    )
    return ParsedTranscript(
        source=source,
        format="md" if markdown else "txt",
        turns=turns,
        warnings=(*warnings, *turn_warnings),
        text=text,
        boilerplate=boilerplate,
    )
