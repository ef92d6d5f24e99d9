"""Tables in .docx and .odt transcripts: speaker/text tables as turns, others as lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.ingest.labels import is_speaker_label, parse_time

HEADER_WORDS = frozenset(
    {"speaker", "name", "who", "participant", "person", "role"}
    | {"text", "transcript", "transcription", "utterance", "speech", "content", "what was said"}
    | {"time", "timestamp", "timecode", "start", "start time"}
)


@dataclass(frozen=True)
class SourceLine:
    """One line of a text file, or one paragraph (or table row) of a document.

    `structural` marks headings and table rows that are not speech: they are never read as
    speaker labels and they end a speaker's turn. `offset` is where the line starts in a
    source text kept as written (.txt, .md), else None.
    """

    text: str
    line: int
    structural: bool = False
    offset: int | None = None


@dataclass(frozen=True)
class TableTurn:
    """A turn read from a transcript table row; `speaker=None` continues the row above."""

    speaker: str | None
    text: str
    line: int
    start_seconds: float | None = None


SourceItem = SourceLine | TableTurn


def _speaker_cell(text: str) -> str:
    return text.strip().removesuffix(":").strip()


def _is_header(cells: Sequence[str]) -> bool:
    words = [cell.strip().rstrip(":").lower() for cell in cells if cell.strip()]
    return bool(words) and all(word in HEADER_WORDS for word in words)


def transcript_table_turns(rows: Sequence[tuple[int, list[str]]]) -> list[SourceItem] | None:
    """The rows of a speaker/text or time/speaker/text table as turns, else None.

    For .docx and .odt tables: `rows` holds (line number, cell texts) per row. A header
    row (``Speaker | Text``) is skipped; a 2-column table must have one or a speaker who
    recurs, so that a details table (``Date | 3 May``) is not read as a transcript. A row of
    one cell merged across the table (``[Recording paused]``) is speakerless text in it.
    """
    if not rows:
        return None
    header = _is_header(rows[0][1])
    data = rows[1:] if header else rows
    spoken = [(line, cells) for line, cells in data if len(cells) > 1]
    widths = {len(cells) for _, cells in spoken}
    if len(widths) != 1 or not spoken:
        return None
    width = widths.pop()
    if width not in (2, 3):
        return None
    speakers = [_speaker_cell(cells[width - 2]) for _, cells in spoken]
    if not speakers[0] or not all(not s or is_speaker_label(s) for s in speakers):
        return None
    times: list[float | None] = []
    if width == 3:
        for _, cells in spoken:
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
        times = [None] * len(spoken)
    turns = {
        line: TableTurn(speaker or None, cells[-1], line, seconds)
        for (line, cells), speaker, seconds in zip(spoken, speakers, times, strict=True)
    }
    return [
        turns[line] if len(cells) > 1 else SourceLine(cells[0], line, structural=True)
        for line, cells in data
    ]


def table_items(rows: Sequence[tuple[int, list[str]]]) -> list[SourceItem]:
    """A document table as items: a turn per row of a transcript table, else a line per row.

    `rows` holds (line number, cell texts) per row. A one-column table is read like
    paragraphs; other tables give one structural line per row, cells joined with " | ".
    """
    turns = transcript_table_turns(rows)
    if turns is not None:
        return turns
    items: list[SourceItem] = []
    for line, cells in rows:
        if len(cells) == 1:
            items.extend(SourceLine(piece, line) for piece in cells[0].split("\n"))
        else:
            joined = " | ".join(" ".join(cell.split("\n")).strip() for cell in cells)
            items.append(SourceLine(joined if joined.strip(" |") else "", line, structural=True))
    return items
