"""Lay parsed turns out as the stored transcript text, recording each utterance's offsets."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain import UtteranceInfo
from workbench.ingest.model import Turn

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
