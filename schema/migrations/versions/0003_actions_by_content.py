"""coding actions find their coding by what it is, not by a row id

Row ids are reused (SQLite gives a deleted row's id to the next insert) and change when an
undo re-creates a coding, so an action holding one could undo a coding in another
transcript. A coder's coding is identified by transcript, code and span instead.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coding_action(*extra: sa.Column[int]) -> sa.Table:
    """The table as 0002 made it (plus `extra`), so that SQLite's copy-and-move rebuild
    writes its constraints in a fixed order rather than in reflection's."""
    return sa.Table(
        "coding_action",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        *extra,
        sa.Column("code_id", sa.Integer(), nullable=False),
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
    coding_id = sa.Column("coding_id", sa.Integer(), nullable=True)
    with op.batch_alter_table("coding_action", copy_from=_coding_action(coding_id)) as batch_op:
        batch_op.drop_column("coding_id")


def downgrade() -> None:
    with op.batch_alter_table("coding_action", copy_from=_coding_action()) as batch_op:
        batch_op.add_column(sa.Column("coding_id", sa.Integer(), nullable=True))
