"""a transcript memo's edits are kept in the undo history

A memo on a transcript belongs to no code: its actions have no code_id (and the span
[0, 0)), so that a coder can undo and redo them like their codings' memos, and so that
saving one clears the redo history as every other action does.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coding_action(code_id_nullable: bool) -> sa.Table:
    """The table as 0003 left it (code_id nullable or not), so that SQLite's copy-and-move
    rebuild writes its constraints in a fixed order rather than in reflection's."""
    return sa.Table(
        "coding_action",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=code_id_nullable),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("memo_before", sa.Text(), nullable=False),
        sa.Column("memo_after", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('apply', 'remove', 'memo')", name="ck_coding_action_kind"),
        sa.ForeignKeyConstraint(["code_id"], ["code.id"], name="fk_coding_action_code_id_code"),
        sa.ForeignKeyConstraint(["coder_id"], ["coder.id"], name="fk_coding_action_coder_id_coder"),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name="fk_coding_action_transcript_id_transcript",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_coding_action"),
        sa.Index("ix_coding_action_coder_transcript", "coder_id", "transcript_id"),
    )


def upgrade() -> None:
    with op.batch_alter_table("coding_action", copy_from=_coding_action(False)) as batch_op:
        batch_op.alter_column("code_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Transcript memo edits have nowhere to go in the older table: they leave the history.
    op.execute(sa.text("DELETE FROM coding_action WHERE code_id IS NULL"))
    with op.batch_alter_table("coding_action", copy_from=_coding_action(True)) as batch_op:
        batch_op.alter_column("code_id", existing_type=sa.Integer(), nullable=False)
