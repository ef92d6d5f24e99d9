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
    source_format: str = ""  # txt, md, docx...: how the text was laid out at import

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


# -- a whole project as plain values: what merging and REFI-QDA exchange read and write ---------


@dataclass(frozen=True)
class SnapshotCode:
    """A code by guid; its parent and merge target by guid too, so that paths can change."""

    guid: str
    name: str
    parent_guid: str | None
    position: int
    key: str | None
    colour: str | None
    description: str
    include: str
    exclude: str
    example: str
    status: str
    merged_into_guid: str | None = None


@dataclass(frozen=True)
class SnapshotTranscript:
    name: str
    text: str
    sha256: str
    source_name: str
    source_format: str
    utterances: tuple[UtteranceInfo, ...]
    attributes: dict[str, str] = field(default_factory=dict)
    # (kind, replacement) -> count: the anonymisation log, which never holds an original.
    replacements: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class SnapshotCoding:
    transcript: str
    code_guid: str
    coder: str
    start: int
    end: int
    memo: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class SnapshotMemo:
    """A free memo: on a transcript, on a code, or on the project (both None)."""

    transcript: str | None
    code_guid: str | None
    coder: str | None
    text: str


@dataclass(frozen=True)
class ProjectSnapshot:
    """Everything a project holds that another copy of it may need, as plain values."""

    codes: tuple[SnapshotCode, ...]
    coders: tuple[str, ...]
    transcripts: tuple[SnapshotTranscript, ...]
    codings: tuple[SnapshotCoding, ...]
    memos: tuple[SnapshotMemo, ...] = ()
    # (transcript, coder) -> not_started | in_progress | done
    statuses: dict[tuple[str, str], str] = field(default_factory=dict)
    events: tuple[EventInfo, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
