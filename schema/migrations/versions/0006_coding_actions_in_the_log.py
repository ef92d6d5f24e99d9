"""every coding action is an audit-log event, kept for good

The undo history (coding_action) drops undone actions when the coder does something new, and
a transcript's removal takes its actions with it: the log read from there forgot them. Coding
actions are now written to the audit log as they happen; this copies the ones still in the
history into it, so that an older project's log keeps them too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _paths(connection: sa.Connection) -> dict[int, str]:
    """code id -> its path (Parent/Child), as the program writes it."""
    rows = connection.execute(sa.text("SELECT id, name, parent_id FROM code")).all()
    by_id = {code_id: (name, parent) for code_id, name, parent in rows}
    paths: dict[int, str] = {}
    for code_id in by_id:
        names, seen, current = [], set(), code_id
        while current is not None and current not in seen:
            seen.add(current)
            name, parent = by_id[current]
            names.append(name)
            current = parent
        paths[code_id] = "/".join(reversed(names))
    return paths


def upgrade() -> None:
    connection = op.get_bind()
    paths = _paths(connection)
    actions = connection.execute(
        sa.text(
            "SELECT a.at, c.name, a.kind, t.name, a.code_id, a.start, a.\"end\", a.memo_after, "
            "a.undone FROM coding_action a JOIN coder c ON c.id = a.coder_id "
            "JOIN transcript t ON t.id = a.transcript_id ORDER BY a.id"
        )
    ).all()
    rows = [
        {
            "at": at,
            "actor": coder,
            "action": f"coding.{kind}",
            "target": f"{transcript} [{start}, {end})",
            "detail": json.dumps(
                {
                    "code": paths.get(code_id, "") if code_id is not None else "",
                    **({"memo": memo} if kind == "memo" else {}),
                },
                ensure_ascii=False,
            ),
            "why": "(undone)" if undone else "",
        }
        for at, coder, kind, transcript, code_id, start, end, memo, undone in actions
    ]
    if rows:
        # The moment as the database handed it out (SQLite: text), back into the same column.
        connection.execute(
            sa.text(
                "INSERT INTO event (at, actor, action, target, detail, why) "
                "VALUES (:at, :actor, :action, :target, :detail, :why)"
            ),
            rows,
        )


def downgrade() -> None:
    # The older program reads coding actions from the undo history alone.
    op.execute(sa.text("DELETE FROM event WHERE action LIKE 'coding.%'"))
