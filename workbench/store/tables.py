"""The project's tables as SQLAlchemy Core: the schema the ORM models map and read paths query.

Reading through these tables needs neither the ORM nor its mapper set-up, which together cost
a short command (`transcripts list`) a third of its start-up; the models in `models.py` map
these same tables, so there is one schema.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _id() -> Column[int]:
    return Column("id", Integer, primary_key=True)


def _created(name: str = "created_at") -> Column[datetime]:
    return Column(name, DateTime(timezone=True), nullable=False, default=utcnow)


transcript = Table(
    "transcript",
    metadata,
    _id(),
    Column("name", String(200), nullable=False, unique=True),
    # The normalised text that every offset indexes; never changed after import.
    Column("text", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("words", Integer, nullable=False),
    Column("source_name", String(500), nullable=False),
    Column("source_format", String(20), nullable=False),
    _created("imported_at"),
)

# One speaker turn; [start, end) covers its text, not the speaker label.
utterance = Table(
    "utterance",
    metadata,
    _id(),
    Column("transcript_id", ForeignKey("transcript.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("speaker", String(200)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("start_seconds", Float),
    Column("end_seconds", Float),
    UniqueConstraint("transcript_id", "seq"),
    CheckConstraint('start >= 0 AND start <= "end"', name="offsets"),
)

attribute = Table(
    "attribute",
    metadata,
    _id(),
    Column("transcript_id", ForeignKey("transcript.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("value", Text, nullable=False),
    UniqueConstraint("transcript_id", "name"),
)

coder = Table(
    "coder",
    metadata,
    _id(),
    Column("name", String(100), nullable=False, unique=True),
    _created(),
)

code = Table(
    "code",
    metadata,
    _id(),
    Column("guid", String(36), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", ForeignKey("code.id")),
    Column("position", Integer, nullable=False, default=0),
    Column("description", Text, nullable=False, default=""),
    Column("include", Text, nullable=False, default=""),
    Column("exclude", Text, nullable=False, default=""),
    Column("example", Text, nullable=False, default=""),
    Column("colour", String(7)),
    Column("key", String(1)),
    Column("status", String(10), nullable=False, default="active"),
    Column("merged_into_id", ForeignKey("code.id")),
    _created(),
    UniqueConstraint("parent_id", "name"),
    # The constraint above lets NULL parents repeat a name: see `add_top_level_name_index`.
    CheckConstraint("status IN ('active', 'merged', 'retired')", name="status"),
)

TOP_LEVEL_NAME_INDEX = "uq_code_top_level_name"


def add_top_level_name_index() -> None:
    """Give `code` its unique index on top-level names: SQL's NULLs are all different, so
    `UniqueConstraint(parent_id, name)` lets top-level codes repeat a name, and two processes
    could make twins. The migrations make it (0004); their environment adds it here, for
    comparing this schema with theirs, and nothing else needs it: queries never read index
    definitions, and naming its options for both dialects imports both dialects' modules,
    PostgreSQL's alone a tenth of a short command's start-up on SQLite."""
    if any(index.name == TOP_LEVEL_NAME_INDEX for index in code.indexes):
        return
    Index(
        TOP_LEVEL_NAME_INDEX,
        code.c.name,
        unique=True,
        sqlite_where=text("parent_id IS NULL"),
        postgresql_where=text("parent_id IS NULL"),
    )


# A coder's application of a code to the half-open span [start, end) of a transcript.
coding = Table(
    "coding",
    metadata,
    _id(),
    Column("transcript_id", ForeignKey("transcript.id"), nullable=False),
    Column("code_id", ForeignKey("code.id"), nullable=False),
    Column("coder_id", ForeignKey("coder.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("memo", Text, nullable=False, default=""),
    _created(),
    UniqueConstraint("transcript_id", "code_id", "coder_id", "start", "end"),
    CheckConstraint('start >= 0 AND start < "end"', name="offsets"),
    Index("ix_coding_code_coder", "code_id", "coder_id"),
)

# A free memo on the project, a transcript or a code, by a coder.
memo = Table(
    "memo",
    metadata,
    _id(),
    Column("transcript_id", ForeignKey("transcript.id")),
    Column("code_id", ForeignKey("code.id")),
    Column("coder_id", ForeignKey("coder.id")),
    Column("text", Text, nullable=False, default=""),
    _created(),
    _created("updated_at"),
)

coder_status = Table(
    "coder_status",
    metadata,
    Column("transcript_id", ForeignKey("transcript.id"), primary_key=True),
    Column("coder_id", ForeignKey("coder.id"), primary_key=True),
    Column("status", String(12), nullable=False, default="not_started"),
    _created("updated_at"),
    CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name="status"),
)

# The audit log: who did what, when, and why (codebook changes require a why).
event = Table(
    "event",
    metadata,
    _id(),
    _created("at"),
    Column("actor", String(100), nullable=False),
    Column("action", String(50), nullable=False),
    Column("target", Text, nullable=False, default=""),
    Column("detail", Text, nullable=False, default=""),
    Column("why", Text, nullable=False, default=""),
)

# How many replacements import made, per transcript and replacement; never the original.
anonymisation_log = Table(
    "anonymisation_log",
    metadata,
    _id(),
    Column("transcript_id", ForeignKey("transcript.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("replacement", String(200), nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("transcript_id", "kind", "replacement"),
)

# Words the anonymisation check should no longer list (place names the study may keep).
allowed_word = Table("allowed_word", metadata, Column("word", String(200), primary_key=True))

# Project-wide values, e.g. the codebook's name and description.
setting = Table(
    "setting",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", Text, nullable=False, default=""),
)

# A coder's coding action (apply, remove, memo) kept for undo and redo across sessions.
coding_action = Table(
    "coding_action",
    metadata,
    _id(),
    Column("coder_id", ForeignKey("coder.id"), nullable=False),
    Column("transcript_id", ForeignKey("transcript.id"), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("code_id", ForeignKey("code.id")),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("memo_before", Text, nullable=False, default=""),
    Column("memo_after", Text, nullable=False, default=""),
    Column("undone", Boolean, nullable=False, default=False),
    _created("at"),
    # Actions of one run (an auto-coding across transcripts) are undone and redone together.
    Column("batch_id", ForeignKey("action_batch.id"), index=True),
    CheckConstraint("kind IN ('apply', 'remove', 'memo')", name="kind"),
    Index("ix_coding_action_coder_transcript", "coder_id", "transcript_id"),
)

# One run that made many coding actions at once (an auto-coding), undone as one.
action_batch = Table(
    "action_batch",
    metadata,
    _id(),
    Column("coder_id", ForeignKey("coder.id"), nullable=False),
    Column("label", Text, nullable=False, default=""),  # what the run did, for undo's message
    _created("at"),
)

# A suggestion a coder turned down: `code` on the unit [start, end) of a transcript is never
# suggested to them again (whichever coder's model made it).
suggestion_dismissal = Table(
    "suggestion_dismissal",
    metadata,
    _id(),
    Column("coder_id", ForeignKey("coder.id"), nullable=False),
    Column("transcript_id", ForeignKey("transcript.id"), nullable=False),
    Column("code_id", ForeignKey("code.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    _created("at"),
    UniqueConstraint("coder_id", "transcript_id", "code_id", "start", "end"),
)
