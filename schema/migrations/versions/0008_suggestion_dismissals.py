"""suggestions a coder dismissed are remembered

A learned suggestion (code X on a unit) that the coder turns down is stored, so that it is
never offered to that coder again; an accepted one is an ordinary coding.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "suggestion_dismissal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coder_id", sa.Integer(), nullable=False),
        sa.Column("transcript_id", sa.Integer(), nullable=False),
        sa.Column("code_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_id"], ["code.id"], name=op.f("fk_suggestion_dismissal_code_id_code")
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"], ["coder.id"], name=op.f("fk_suggestion_dismissal_coder_id_coder")
        ),
        sa.ForeignKeyConstraint(
            ["transcript_id"],
            ["transcript.id"],
            name=op.f("fk_suggestion_dismissal_transcript_id_transcript"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion_dismissal")),
        sa.UniqueConstraint(
            "coder_id",
            "transcript_id",
            "code_id",
            "start",
            "end",
            name=op.f("uq_suggestion_dismissal_coder_id_transcript_id_code_id_start_end"),
        ),
    )


def downgrade() -> None:
    op.drop_table("suggestion_dismissal")
