"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "allowed_word",
        sa.Column("word", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_allowed_word")),
    )
    op.create_table(
        "code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("include", sa.Text(), nullable=False),
        sa.Column("exclude", sa.Text(), nullable=False),
        sa.Column("example", sa.Text(), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=True),
        sa.Column("key", sa.String(length=1), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'merged', 'retired')", name=op.f("ck_code_status")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["code.id"], name=op.f("fk_code_merged_into_id_code")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["code.id"], name=op.f("fk_code_parent_id_code")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code")),
        sa.UniqueConstraint("guid", name=op.f("uq_code_guid")),
        sa.UniqueConstraint("parent_id", "name", name=op.f("uq_code_parent_id_name")),
    )
    op.create_table(
        "coder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coder")),
        sa.UniqueConstraint("name", name=op.f("uq_coder_name")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "transcript",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transcript")),
        sa.UniqueConstraint("name", name=op.f("uq_transcript_name")),
    )
    op.create_table(
        "anonymisation_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("replacement", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_anonymisation_log_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anonymisation_log")),
        sa.UniqueConstraint(
            "transcript_id",
            "kind",
            "replacement",
            name=op.f("uq_anonymisation_log_transcript_id_kind_replacement"),
        ),
    )
    op.create_table(
        "attribute",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_attribute_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attribute")),
        sa.UniqueConstraint("transcript_id", "name", name=op.f("uq_attribute_transcript_id_name")),
    )
    op.create_table(
        "coder_status",
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('not_started', 'in_progress', 'done')", name=op.f("ck_coder_status_status")
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_coder_status_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_coder_status_transcript_id_transcript"),
        ),
        sa.PrimaryKeyConstraint("transcript_id", "coder_id", name=op.f("pk_coder_status")),
    )
    op.create_table(
        "coding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("memo", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name=op.f("ck_coding_offsets")),
        sa.ForeignKeyConstraint(["code_id"], ["code.id"], name=op.f("fk_coding_code_id_code")),
        sa.ForeignKeyConstraint(["coder_id"], ["coder.id"], name=op.f("fk_coding_coder_id_coder")),
        sa.ForeignKeyConstraint(
            ["transcript_id"], ["transcript.id"], name=op.f("fk_coding_transcript_id_transcript")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding")),
        sa.UniqueConstraint(
            "transcript_id",
            "code_id",
            "coder_id",
            "start",
            "end",
            name=op.f("uq_coding_transcript_id_code_id_coder_id_start_end"),
        ),
    )
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.create_index("ix_coding_code_coder", ["code_id", "coder_id"], unique=False)
        batch_op.create_index(
            "ix_coding_transcript_start", ["transcript_id", "start"], unique=False
        )

    op.create_table(
        "memo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=True),
        sa.Column("code_id", sa.Integer(), nullable=True),
        sa.Column("coder_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["code_id"], ["code.id"], name=op.f("fk_memo_code_id_code")),
        sa.ForeignKeyConstraint(["coder_id"], ["coder.id"], name=op.f("fk_memo_coder_id_coder")),
        sa.ForeignKeyConstraint(
            ["transcript_id"], ["transcript.id"], name=op.f("fk_memo_transcript_id_transcript")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memo")),
    )
    op.create_table(
        "utterance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("speaker", sa.String(length=200), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("start_seconds", sa.Float(), nullable=True),
        sa.Column("end_seconds", sa.Float(), nullable=True),
        sa.CheckConstraint('start >= 0 AND start <= "end"', name=op.f("ck_utterance_offsets")),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_utterance_transcript_id_transcript"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_utterance")),
        sa.UniqueConstraint("transcript_id", "seq", name=op.f("uq_utterance_transcript_id_seq")),
    )


def downgrade() -> None:

    op.drop_table("utterance")
    op.drop_table("memo")
    with op.batch_alter_table("coding", schema=None) as batch_op:
        batch_op.drop_index("ix_coding_transcript_start")
        batch_op.drop_index("ix_coding_code_coder")

    op.drop_table("coding")
    op.drop_table("coder_status")
    op.drop_table("attribute")
    op.drop_table("anonymisation_log")
    op.drop_table("transcript")
    op.drop_table("setting")
    op.drop_table("event")
    op.drop_table("coder")
    op.drop_table("code")
    op.drop_table("allowed_word")
