"""coding actions for undo and redo

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "coding_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("coding_id", sa.Integer(), nullable=True),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("memo_before", sa.Text(), nullable=False),
        sa.Column("memo_after", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('apply', 'remove', 'memo')", name=op.f("ck_coding_action_kind")
        ),
        sa.ForeignKeyConstraint(
            ["code_id"], ["code.id"], name=op.f("fk_coding_action_code_id_code")
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_coding_action_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_coding_action_transcript_id_transcript"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coding_action")),
    )
    with op.batch_alter_table("coding_action", schema=None) as batch_op:
        batch_op.create_index(
            "ix_coding_action_coder_transcript", ["coder_id", "transcript_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("coding_action", schema=None) as batch_op:
        batch_op.drop_index("ix_coding_action_coder_transcript")

    op.drop_table("coding_action")
