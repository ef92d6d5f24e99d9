"""top-level code names are unique

The unique (parent_id, name) constraint lets top-level codes (a NULL parent) repeat a name,
since SQL's NULLs all differ: two processes renaming or loading at once left twins that no
command could tell apart. A partial unique index closes that. A project that has twins
already keeps them under new names: the later twin becomes `Name (2)`, and the audit log
says so.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op


revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_MAX = 200  # the code.name column's length

code = sa.table(
    "code",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("parent_id", sa.Integer()),
)
event = sa.table(
    "event",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor", sa.String()),
    sa.column("action", sa.String()),
    sa.column("target", sa.Text()),
    sa.column("detail", sa.Text()),
    sa.column("why", sa.Text()),
)


def _rename_twins() -> None:
    """Give every top-level code whose name an older top-level code has a free name."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(code.c.id, code.c.name).where(code.c.parent_id.is_(None)).order_by(code.c.id)
    ).all()
    taken = {name for _id, name in rows}
    seen: set[str] = set()
    for code_id, name in rows:
        if name not in seen:
            seen.add(name)
            continue
        number = 2
        while (new := _numbered(name, number)) in taken:
            number += 1
        taken.add(new)
        connection.execute(sa.update(code).where(code.c.id == code_id).values(name=new))
        connection.execute(
            sa.insert(event).values(
                at=datetime.now(UTC),
                actor="workbench",
                action="codebook.rename",
                target=name,
                detail=json.dumps({"to": new}),
                why="schema 0004: two top-level codes had this name; the later one is renamed",
            )
        )


def _numbered(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: NAME_MAX - len(suffix)] + suffix


def upgrade() -> None:
    _rename_twins()
    op.create_index(
        "uq_code_top_level_name",
        "code",
        ["name"],
        unique=True,
        sqlite_where=sa.text("parent_id IS NULL"),
        postgresql_where=sa.text("parent_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_code_top_level_name", table_name="code")
