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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from workbench.errors import IngestError
from workbench.ingest.decode import decode
from workbench.ingest.model import ParsedTranscript, Turn

TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIME_PARTS = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")

# A label word: letters, digits and a little punctuation found in speaker names.
_WORD = r"[\w\[\]().'’#&-]+"
_LABEL = rf"{_WORD}(?: +{_WORD}){{0,3}}"
_PLAIN_LABEL = re.compile(rf"(?P<label>{_LABEL}) *:(?:\s+(?P<rest>.*)|)", re.DOTALL)
_BOLD_LABEL = re.compile(
    rf"(?:\*\*(?P<a>{_LABEL}) *:\*\*|\*\*(?P<b>{_LABEL})\*\* *:)(?:\s*(?P<rest>.*)|)", re.DOTALL
)
_TIMED_LABEL = re.compile(
    rf"(?P<label>{_LABEL}) +(?:\((?P<p>{TIME})\)|\[(?P<b>{TIME})\]) *:(?:\s+(?P<rest>.*)|)",
    re.DOTALL,
)
_TIME_PREFIX = re.compile(
    rf"(?:\[(?P<b>{TIME})\]|\((?P<p>{TIME})\)|(?P<n>{TIME})(?=\s|$))\s*(?P<rest>.*)", re.DOTALL
)
_OTTER_HEADER = re.compile(rf"(?P<label>{_LABEL}) {{2,}}(?P<time>{TIME})")
_MD_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<rest>.*?))?(?:[ \t]+#+)?[ \t]*")
_OTTER_FOOTER = re.compile(r"Transcribed by https?://otter\.ai/?", re.IGNORECASE)

MAX_LABEL_CHARS = 40
HEADER_WORDS = frozenset(
    {"speaker", "name", "who", "participant", "person", "role"}
    | {"text", "transcript", "transcription", "utterance", "speech", "content", "what was said"}
    | {"time", "timestamp", "timecode", "start", "start time"}
)


@dataclass(frozen=True)
class SourceLine:
    """One line of a text file, or one paragraph (or table row) of a document.

    `structural` marks headings and table rows that are not speech: they are never read as
    speaker labels and they end a speaker's turn.
    """

    text: str
    line: int
    structural: bool = False


@dataclass(frozen=True)
class TableTurn:
    """A turn read from a transcript table row; `speaker=None` continues the row above."""

    speaker: str | None
    text: str
    line: int
    start_seconds: float | None = None


SourceItem = SourceLine | TableTurn


def parse_time(text: str) -> float | None:
    """Seconds in ``[h:]m:ss[.fff]`` (``1:23``, ``00:01:23``, ``00:01:23.456``), else None."""
    match = _TIME_PARTS.fullmatch(text)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    millis = int((fraction or "0").ljust(3, "0"))
    return (whole * 1000 + millis) / 1000


def is_speaker_label(label: str) -> bool:
    """Whether `label` (without its colon) can be a speaker name: see the module docstring."""
    if not label or len(label) > MAX_LABEL_CHARS or len(label.split()) > 4:
        return False
    if label.startswith("["):
        return re.fullmatch(r"\[[^\[\]]+\]", label) is not None
    return label[0].isupper()


def _speaker_cell(text: str) -> str:
    return text.strip().removesuffix(":").strip()


def _is_header(cells: Sequence[str]) -> bool:
    words = [cell.strip().rstrip(":").lower() for cell in cells if cell.strip()]
    return bool(words) and all(word in HEADER_WORDS for word in words)


def transcript_table_turns(rows: Sequence[tuple[int, list[str]]]) -> list[TableTurn] | None:
    """The rows of a speaker/text or time/speaker/text table as turns, else None.

    For .docx and .odt tables: `rows` holds (line number, cell texts) per row. A header
    row (``Speaker | Text``) is skipped; a 2-column table must have one or a speaker who
    recurs, so that a details table (``Date | 3 May``) is not read as a transcript.
    """
    if not rows:
        return None
    header = _is_header(rows[0][1])
    data = rows[1:] if header else rows
    widths = {len(cells) for _, cells in data}
    if len(widths) != 1 or not data:
        return None
    width = widths.pop()
    if width not in (2, 3):
        return None
    speakers = [_speaker_cell(cells[width - 2]) for _, cells in data]
    if not speakers[0] or not all(not s or is_speaker_label(s) for s in speakers):
        return None
    times: list[float | None] = []
    if width == 3:
        for _, cells in data:
            stamp = cells[0].strip().strip("[]()").strip()
            seconds = parse_time(stamp) if stamp else None
            if stamp and seconds is None:
                return None
            times.append(seconds)
        if all(seconds is None for seconds in times):
            return None
    else:
        named = [s for s in speakers if s]
        if not header and len(set(named)) == len(named):
            return None  # no speaker recurs: a details table, not a transcript
        times = [None] * len(data)
    return [
        TableTurn(speaker or None, cells[-1], line, seconds)
        for (line, cells), speaker, seconds in zip(data, speakers, times, strict=True)
    ]


def table_items(rows: Sequence[tuple[int, list[str]]]) -> list[SourceItem]:
    """A document table as items: a turn per row of a transcript table, else a line per row.

    `rows` holds (line number, cell texts) per row. A one-column table is read like
    paragraphs; other tables give one structural line per row, cells joined with " | ".
    """
    turns = transcript_table_turns(rows)
    if turns is not None:
        return list(turns)
    items: list[SourceItem] = []
    for line, cells in rows:
        if len(cells) == 1:
            items.extend(SourceLine(piece, line) for piece in cells[0].split("\n"))
        else:
            joined = " | ".join(" ".join(cell.split("\n")).strip() for cell in cells)
            items.append(SourceLine(joined if joined.strip(" |") else "", line, structural=True))
    return items


@dataclass(frozen=True)
class _Label:
    speaker: str
    rest: str
    start_seconds: float | None = None
    text_follows: bool = False  # Otter header: the text is on the next lines


@dataclass(frozen=True)
class _StampedText:
    start_seconds: float
    rest: str


@dataclass(frozen=True)
class _TimeOnly:
    start_seconds: float


def _label(text: str) -> _Label | None:
    """A speaker label at the start of `text` (plain, bold or with a time), or None."""
    match = _BOLD_LABEL.fullmatch(text)
    if match is not None:
        speaker = (match.group("a") or match.group("b")).strip()
        if is_speaker_label(speaker):
            return _Label(speaker, (match.group("rest") or "").strip())
    match = _TIMED_LABEL.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        seconds = parse_time(match.group("p") or match.group("b"))
        if seconds is not None:
            return _Label(match.group("label"), (match.group("rest") or "").strip(), seconds)
    plain = speaker_label(text)
    return None if plain is None else _Label(*plain)


def speaker_label(text: str) -> tuple[str, str] | None:
    """(speaker, rest) if `text` starts with a plain ``Name:`` label, else None."""
    match = _PLAIN_LABEL.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        return match.group("label"), (match.group("rest") or "").strip()
    return None


def _classify(text: str) -> _Label | _StampedText | _TimeOnly | None:
    """What a stripped, non-empty line starts: a turn, a timed text, a lone time, or None."""
    match = _TIME_PREFIX.fullmatch(text)
    if match is not None:
        bracketed = match.group("b") or match.group("p")
        seconds = parse_time(bracketed or match.group("n"))
        if seconds is not None:
            rest = match.group("rest").strip()
            if not rest:
                return _TimeOnly(seconds)
            label = _label(rest)
            if label is not None:
                return _Label(label.speaker, label.rest, seconds)
            if bracketed:
                return _StampedText(seconds, rest)
            return None  # "10:30 we met at the hall": plain text
    label = _label(text)
    if label is not None:
        return label
    match = _OTTER_HEADER.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        seconds = parse_time(match.group("time"))
        if seconds is not None:
            return _Label(match.group("label"), "", seconds, text_follows=True)
    return None


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


_Kind = TableTurn | _Structural | _Label | _StampedText | _TimeOnly | _Text | None  # None: blank


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
    kind = _classify(text)
    return _Text(text) if kind is None else kind


def _header_run(kinds: list[tuple[SourceItem, _Kind]]) -> tuple[int, list[str]]:
    """The opening lines that are a header (``Date: 3 May``...), not speaker turns.

    That is the run of lines from the start, up to the first blank line, made of text and
    of labels used only once in the file -- provided some other label recurs. Returns the
    index after the run (0 if there is none) and a description of the labels in it.
    """
    counts = Counter(k.speaker for _, k in kinds if isinstance(k, _Label | TableTurn))
    if not counts or max(counts.values()) < 2:
        return 0, []
    index = 0
    while index < len(kinds) and kinds[index][1] is None:
        index += 1
    labels: list[str] = []
    while index < len(kinds):
        item, kind = kinds[index]
        if isinstance(kind, _Label) and kind.rest and kind.start_seconds is None:
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
    if any(isinstance(kind, _Label) and kind.text_follows for _, kind in kinds):
        # An Otter.ai export: only its "Name  0:34" headers start turns, so a sentence
        # such as "One more thing: ..." stays text.
        kinds = [
            (item, _Text(item.text.strip()))
            if isinstance(kind, _Label) and not kind.text_follows
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
        elif isinstance(kind, _Label):
            builder.start(kind.speaker, item.line, kind.start_seconds)
            if kind.rest:
                builder.add(kind.rest, item.line)
        elif isinstance(kind, _StampedText):
            builder.start(None, item.line, kind.start_seconds)
            builder.add(kind.rest, item.line)
        elif isinstance(kind, _TimeOnly):
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
