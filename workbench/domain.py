"""Plain domain objects that the store hands to the CLI, the TUI and scripts (never ORM rows)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property


@dataclass(frozen=True)
class TranscriptSummary:
    name: str
    source_name: str
    source_format: str
    words: int
    characters: int
    utterances: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UtteranceInfo:
    seq: int
    speaker: str | None
    start: int
    end: int
    start_seconds: float | None = None
    end_seconds: float | None = None


@dataclass(frozen=True)
class TranscriptDoc:
    """A transcript's stored text with its utterances: offsets index `text` exactly."""

    name: str
    text: str
    sha256: str
    utterances: tuple[UtteranceInfo, ...]
    attributes: dict[str, str] = field(default_factory=dict)

    @cached_property
    def _starts(self) -> list[int]:
        return [u.start for u in self.utterances]

    def utterance_at(self, offset: int) -> UtteranceInfo | None:
        """The utterance whose text span holds `offset`, if any."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.utterances[index].end:
            return self.utterances[index]
        return None


@dataclass(frozen=True)
class CodeInfo:
    id: int
    guid: str
    path: str
    name: str
    depth: int
    parent_path: str | None
    key: str | None
    colour: str | None
    description: str
    include: str
    exclude: str
    example: str
    status: str
    merged_into: str | None = None


@dataclass(frozen=True)
class CodingInfo:
    id: int
    transcript: str
    coder: str
    code: str
    start: int
    end: int
    memo: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class EventInfo:
    at: datetime
    actor: str
    action: str
    target: str
    detail: str
    why: str
