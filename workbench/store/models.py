"""SQLAlchemy 2.x typed ORM models of a project, mapped onto the Core tables in `tables.py`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from workbench.store import tables
from workbench.store.tables import NAMING_CONVENTION, utcnow

__all__ = ["NAMING_CONVENTION", "utcnow"]

CODE_STATUSES = ("active", "merged", "retired")
CODER_STATUSES = ("not_started", "in_progress", "done")


class Base(DeclarativeBase):
    metadata = tables.metadata


class Transcript(Base):
    __table__ = tables.transcript

    id: Mapped[int]
    name: Mapped[str]
    text: Mapped[str]  # the normalised text that every offset indexes; never changed
    sha256: Mapped[str]
    words: Mapped[int]
    source_name: Mapped[str]
    source_format: Mapped[str]
    imported_at: Mapped[datetime]

    utterances: Mapped[list[Utterance]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Utterance.seq"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan"
    )


class Utterance(Base):
    """One speaker turn; [start, end) covers its text, not the speaker label."""

    __table__ = tables.utterance

    id: Mapped[int]
    transcript_id: Mapped[int]
    seq: Mapped[int]
    speaker: Mapped[str | None]
    start: Mapped[int]
    end: Mapped[int]
    start_seconds: Mapped[float | None]
    end_seconds: Mapped[float | None]

    transcript: Mapped[Transcript] = relationship(back_populates="utterances")


class Attribute(Base):
    __table__ = tables.attribute

    id: Mapped[int]
    transcript_id: Mapped[int]
    name: Mapped[str]
    value: Mapped[str]

    transcript: Mapped[Transcript] = relationship(back_populates="attributes")


class Coder(Base):
    __table__ = tables.coder

    id: Mapped[int]
    name: Mapped[str]
    created_at: Mapped[datetime]


class Code(Base):
    __table__ = tables.code

    id: Mapped[int]
    guid: Mapped[str]
    name: Mapped[str]
    parent_id: Mapped[int | None]
    position: Mapped[int]
    description: Mapped[str]
    include: Mapped[str]
    exclude: Mapped[str]
    example: Mapped[str]
    colour: Mapped[str | None]
    key: Mapped[str | None]
    status: Mapped[str]
    merged_into_id: Mapped[int | None]
    created_at: Mapped[datetime]


class Coding(Base):
    """A coder's application of a code to the half-open span [start, end) of a transcript."""

    __table__ = tables.coding

    id: Mapped[int]
    transcript_id: Mapped[int]
    code_id: Mapped[int]
    coder_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    memo: Mapped[str]
    created_at: Mapped[datetime]


class Memo(Base):
    """A free memo on the project, a transcript or a code, by a coder."""

    __table__ = tables.memo

    id: Mapped[int]
    transcript_id: Mapped[int | None]
    code_id: Mapped[int | None]
    coder_id: Mapped[int | None]
    text: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class CoderStatus(Base):
    __table__ = tables.coder_status

    transcript_id: Mapped[int]
    coder_id: Mapped[int]
    status: Mapped[str]
    updated_at: Mapped[datetime]


class Event(Base):
    """The audit log: who did what, when, and why (codebook changes require a why)."""

    __table__ = tables.event

    id: Mapped[int]
    at: Mapped[datetime]
    actor: Mapped[str]
    action: Mapped[str]
    target: Mapped[str]
    detail: Mapped[str]
    why: Mapped[str]


class AnonymisationLog(Base):
    """How many replacements import made, per transcript and replacement; never the original."""

    __table__ = tables.anonymisation_log

    id: Mapped[int]
    transcript_id: Mapped[int]
    kind: Mapped[str]
    replacement: Mapped[str]
    count: Mapped[int]


class AllowedWord(Base):
    """Words the anonymisation check should no longer list (place names the study may keep)."""

    __table__ = tables.allowed_word

    word: Mapped[str]


class Setting(Base):
    """Project-wide values, e.g. the codebook's name and description."""

    __table__ = tables.setting

    key: Mapped[str]
    value: Mapped[str]


class CodingAction(Base):
    """A coder's coding action (apply, remove, memo) kept for undo and redo across sessions.

    Undone actions stay until the coder does something new in that transcript, which drops
    them, as in any editor's redo stack. A memo action without a code is on the transcript's
    memo (its span is [0, 0)).
    """

    __table__ = tables.coding_action

    id: Mapped[int]
    coder_id: Mapped[int]
    transcript_id: Mapped[int]
    kind: Mapped[str]
    code_id: Mapped[int | None]
    start: Mapped[int]
    end: Mapped[int]
    memo_before: Mapped[str]
    memo_after: Mapped[str]
    undone: Mapped[bool]
    at: Mapped[datetime]
    batch_id: Mapped[int | None]  # actions of one run (an auto-coding) undo and redo together


class ActionBatch(Base):
    """One run that made many coding actions at once (an auto-coding), undone as one."""

    __table__ = tables.action_batch

    id: Mapped[int]
    coder_id: Mapped[int]
    label: Mapped[str]  # what the run did, for undo's message
    at: Mapped[datetime]


class SuggestionDismissal(Base):
    """A suggestion a coder turned down: `code` on the unit [start, end) of a transcript is
    never suggested to them again (whichever coder's model made it)."""

    __table__ = tables.suggestion_dismissal

    id: Mapped[int]
    coder_id: Mapped[int]
    transcript_id: Mapped[int]
    code_id: Mapped[int]
    start: Mapped[int]
    end: Mapped[int]
    at: Mapped[datetime]
