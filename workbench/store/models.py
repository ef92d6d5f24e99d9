"""SQLAlchemy 2.x typed models of a project: transcripts, codebook, coders, codings, audit log."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CODE_STATUSES = ("active", "merged", "retired")
CODER_STATUSES = ("not_started", "in_progress", "done")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Transcript(Base):
    __tablename__ = "transcript"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The normalised text that every offset indexes; never changed after import.
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    words: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(500))
    source_format: Mapped[str] = mapped_column(String(20))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    utterances: Mapped[list[Utterance]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan", order_by="Utterance.seq"
    )
    attributes: Mapped[list[Attribute]] = relationship(
        back_populates="transcript", cascade="all, delete-orphan"
    )


class Utterance(Base):
    """One speaker turn; [start, end) covers its text, not the speaker label."""

    __tablename__ = "utterance"
    __table_args__ = (
        UniqueConstraint("transcript_id", "seq"),
        CheckConstraint('start >= 0 AND start <= "end"', name="offsets"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    start_seconds: Mapped[float | None] = mapped_column(Float)
    end_seconds: Mapped[float | None] = mapped_column(Float)

    transcript: Mapped[Transcript] = relationship(back_populates="utterances")


class Attribute(Base):
    __tablename__ = "attribute"
    __table_args__ = (UniqueConstraint("transcript_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    value: Mapped[str] = mapped_column(Text)

    transcript: Mapped[Transcript] = relationship(back_populates="attributes")


class Coder(Base):
    __tablename__ = "coder"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Code(Base):
    __tablename__ = "code"
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        # The constraint above lets NULL parents repeat a name (SQL's NULLs are all
        # different): top-level codes need their own, or two processes could make twins.
        Index(
            "uq_code_top_level_name",
            "name",
            unique=True,
            sqlite_where=text("parent_id IS NULL"),
            postgresql_where=text("parent_id IS NULL"),
        ),
        CheckConstraint("status IN ('active', 'merged', 'retired')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text, default="")
    include: Mapped[str] = mapped_column(Text, default="")
    exclude: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str | None] = mapped_column(String(7))
    key: Mapped[str | None] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(10), default="active")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Coding(Base):
    """A coder's application of a code to the half-open span [start, end) of a transcript."""

    __tablename__ = "coding"
    __table_args__ = (
        UniqueConstraint("transcript_id", "code_id", "coder_id", "start", "end"),
        CheckConstraint('start >= 0 AND start < "end"', name="offsets"),
        Index("ix_coding_code_coder", "code_id", "coder_id"),
        Index("ix_coding_transcript_start", "transcript_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Memo(Base):
    """A free memo on the project, a transcript or a code, by a coder."""

    __tablename__ = "memo"

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int | None] = mapped_column(ForeignKey("transcript.id"))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    coder_id: Mapped[int | None] = mapped_column(ForeignKey("coder.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CoderStatus(Base):
    __tablename__ = "coder_status"
    __table_args__ = (
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="status"),
    )

    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"), primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Event(Base):
    """The audit log: who did what, when, and why (codebook changes require a why)."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    why: Mapped[str] = mapped_column(Text, default="")


class AnonymisationLog(Base):
    """How many replacements import made, per transcript and replacement; never the original."""

    __tablename__ = "anonymisation_log"
    __table_args__ = (UniqueConstraint("transcript_id", "kind", "replacement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    replacement: Mapped[str] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)


class AllowedWord(Base):
    """Words the anonymisation check should no longer list (place names the study may keep)."""

    __tablename__ = "allowed_word"

    word: Mapped[str] = mapped_column(String(200), primary_key=True)


class Setting(Base):
    """Project-wide values, e.g. the codebook's name and description."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class CodingAction(Base):
    """A coder's coding action (apply, remove, memo) kept for undo and redo across sessions.

    Undone actions stay until the coder does something new in that transcript, which drops
    them, as in any editor's redo stack. A memo action without a code is on the transcript's
    memo (its span is [0, 0)).
    """

    __tablename__ = "coding_action"
    __table_args__ = (
        CheckConstraint("kind IN ('apply', 'remove', 'memo')", name="kind"),
        Index("ix_coding_action_coder_transcript", "coder_id", "transcript_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"))
    kind: Mapped[str] = mapped_column(String(10))
    code_id: Mapped[int | None] = mapped_column(ForeignKey("code.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo_before: Mapped[str] = mapped_column(Text, default="")
    memo_after: Mapped[str] = mapped_column(Text, default="")
    undone: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Actions of one run (an auto-coding across transcripts) are undone and redone together.
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("action_batch.id"), index=True)


class ActionBatch(Base):
    """One run that made many coding actions at once (an auto-coding), undone as one."""

    __tablename__ = "action_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    label: Mapped[str] = mapped_column(Text, default="")  # what the run did, for undo's message
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionDismissal(Base):
    """A suggestion a coder turned down: `code` on the unit [start, end) of a transcript is
    never suggested to them again (whichever coder's model made it)."""

    __tablename__ = "suggestion_dismissal"
    __table_args__ = (UniqueConstraint("coder_id", "transcript_id", "code_id", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id"))
    transcript_id: Mapped[int] = mapped_column(ForeignKey("transcript.id"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
