"""coding actions of one run are grouped in a batch, undone and redone together

An auto-coding codes many passages across many transcripts at once; the coder undoes it as
one action. Each run gets an `action_batch` row (whose coder, what it did), and its actions
point to it. Actions made one at a time have no batch.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _coding_action(*extra: sa.Column[int]) -> sa.Table:
    """The table as 0005 left it (plus `extra`), so that SQLite's copy-and-move rebuild
    writes its constraints in a fixed order rather than in reflection's."""
    return sa.Table(
        "coding_action",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("memo_before", sa.Text(), nullable=False),
        sa.Column("memo_after", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *extra,
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
    op.create_table(
        "action_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["coder_id"], ["coder.id"], name="fk_action_batch_coder_id_coder"),
        sa.PrimaryKeyConstraint("id", name="pk_action_batch"),
    )
    with op.batch_alter_table("coding_action", copy_from=_coding_action()) as batch_op:
        batch_op.add_column(sa.Column("batch_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_coding_action_batch_id_action_batch", "action_batch", ["batch_id"], ["id"]
        )
        batch_op.create_index("ix_coding_action_batch_id", ["batch_id"])


def downgrade() -> None:
    # The actions stay, each undone on its own from then on. Dropping the column drops its
    # foreign key (SQLite rebuilds the table without it; PostgreSQL drops it with the column).
    op.drop_index("ix_coding_action_batch_id", table_name="coding_action")
    batch_id = sa.Column("batch_id", sa.Integer(), nullable=True)
    with op.batch_alter_table("coding_action", copy_from=_coding_action(batch_id)) as batch_op:
        batch_op.drop_column("batch_id")
    op.drop_table("action_batch")
