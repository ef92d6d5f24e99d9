"""the coding table loses its (transcript_id, start) index

The unique constraint's index starts with transcript_id too, so it already finds a transcript's
codings; sorting one transcript's few hundred codings by start costs nothing. Keeping the
second index up cost a bulk import of 100,000 codings a fifth of its time on PostgreSQL and an
eighth on SQLite (`python -m benchmarks codings`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op


revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_coding_transcript_start", table_name="coding")


def downgrade() -> None:
    op.create_index("ix_coding_transcript_start", "coding", ["transcript_id", "start"])
