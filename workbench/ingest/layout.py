"""The stored transcript text and each utterance's offsets: the source as written, or a layout."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain import UtteranceInfo
from workbench.ingest.model import ParsedTranscript, Turn

TURN_SEPARATOR = "\n\n"


def timestamp(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def render(turns: Iterable[Turn]) -> tuple[str, list[UtteranceInfo]]:
    """`[hh:mm:ss] Speaker: text` per turn, blank line between; offsets cover `text` only."""
    parts: list[str] = []
    utterances: list[UtteranceInfo] = []
    length = 0
    for seq, turn in enumerate(turns, start=1):
        if parts:
            parts.append(TURN_SEPARATOR)
            length += len(TURN_SEPARATOR)
        prefix = ""
        if turn.start_seconds is not None:
            prefix += f"[{timestamp(turn.start_seconds)}] "
        if turn.speaker:
            prefix += f"{turn.speaker}: "
        start = length + len(prefix)
        parts += [prefix, turn.text]
        length = start + len(turn.text)
        utterances.append(
            UtteranceInfo(seq, turn.speaker, start, length, turn.start_seconds, turn.end_seconds)
        )
    return "".join(parts), utterances


def lay_out(parsed: ParsedTranscript) -> tuple[str, list[UtteranceInfo]]:
    """The text to store and its utterances: the source text as written, each utterance
    where its turn's said text stands, when the parser kept it (.txt, .md); else `render`."""
    if parsed.text is None:
        return render(parsed.turns)
    utterances: list[UtteranceInfo] = []
    for seq, turn in enumerate(parsed.turns, start=1):
        if turn.offset is None:
            raise ValueError(f"turn {seq} of {parsed.source} has no offset in its source text")
        end = turn.offset + len(turn.text)
        utterances.append(
            UtteranceInfo(seq, turn.speaker, turn.offset, end, turn.start_seconds, turn.end_seconds)
        )
    return parsed.text, utterances
