"""Runs of coding actions made at once (an auto-coding): their rows, codings and actions in bulk."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.coding_rows import ActionRow, action_row
from workbench.store.models import utcnow

Place = tuple[int, int, int]  # transcript id, start, end
CHUNK = 500  # ids per statement: well under every database's limit on parameters


def new_batch(session: Session, coder_id: int, label: str) -> int:
    """A new run of `coder_id`'s, described by `label`; returns its id."""
    row = m.ActionBatch(coder_id=coder_id, label=label)
    session.add(row)
    session.flush()
    return row.id


def batch_label(session: Session, batch_id: int) -> str:
    return session.scalar(select(m.ActionBatch.label).where(m.ActionBatch.id == batch_id)) or ""


def batch_actions(
    session: Session, batch_id: int, *, undone: bool, newest_first: bool
) -> list[ActionRow]:
    """The actions of a run that are (or are not) undone, newest or oldest first."""
    order = m.CodingAction.id.desc() if newest_first else m.CodingAction.id.asc()
    rows = session.scalars(
        select(m.CodingAction)
        .where(m.CodingAction.batch_id == batch_id, m.CodingAction.undone.is_(undone))
        .order_by(order)
    )
    return [action_row(row) for row in rows]


def actions_since(
    session: Session, coder_id: int, action_id: int, transcript_ids: Collection[int]
) -> list[ActionRow]:
    """A coder's actions on codings in the transcripts made after `action_id` and not
    undone, oldest first."""
    ids = sorted(set(transcript_ids))
    found: list[ActionRow] = []
    for first in range(0, len(ids), CHUNK):
        rows = session.scalars(
            select(m.CodingAction).where(
                m.CodingAction.coder_id == coder_id,
                m.CodingAction.id > action_id,
                m.CodingAction.undone.is_(False),
                m.CodingAction.code_id.is_not(None),
                m.CodingAction.transcript_id.in_(ids[first : first + CHUNK]),
            )
        )
        found += [action_row(row) for row in rows]
    return sorted(found, key=lambda action: action.id)


def codings_of(
    session: Session, coder_id: int, code_id: int, transcript_ids: Collection[int]
) -> dict[Place, int]:
    """The coder's codings of a code in the transcripts: coding id by (transcript, start, end)."""
    table = m.Coding.__table__
    found: dict[Place, int] = {}
    ids = sorted(set(transcript_ids))
    for first in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(table.c.transcript_id, table.c.start, table.c.end, table.c.id).where(
                table.c.coder_id == coder_id,
                table.c.code_id == code_id,
                table.c.transcript_id.in_(ids[first : first + CHUNK]),
            )
        )
        found.update({(int(t), int(s), int(e)): int(i) for t, s, e, i in rows})
    return found


def insert_codings(session: Session, coder_id: int, code_id: int, places: Sequence[Place]) -> None:
    """Code each place with the code, in one statement; one there already (the same coder in
    another terminal, this moment) is left as it is."""
    if not places:
        return
    now = utcnow()
    values = [
        {"transcript_id": t, "code_id": code_id, "coder_id": coder_id, "start": s, "end": e,
         "memo": "", "created_at": now}
        for t, s, e in places
    ]  # fmt: skip
    # The dialects' own INSERT, imported here, as `add_coding_unless_there` does.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        session.execute(postgresql.insert(m.Coding).on_conflict_do_nothing(), values)
    else:
        from sqlalchemy.dialects import sqlite

        session.execute(sqlite.insert(m.Coding).on_conflict_do_nothing(), values)


def add_run_actions(
    session: Session, coder_id: int, code_id: int, places: Sequence[Place], batch_id: int
) -> None:
    """Record the run's codings of `places` in the undo history, in one statement."""
    if not places:
        return
    now = utcnow()
    session.execute(
        insert(m.CodingAction),
        [
            {"coder_id": coder_id, "transcript_id": t, "kind": "apply", "code_id": code_id,
             "start": s, "end": e, "memo_before": "", "memo_after": "", "undone": False,
             "at": now, "batch_id": batch_id}
            for t, s, e in places
        ],
    )  # fmt: skip


def delete_codings(session: Session, coding_ids: Collection[int]) -> None:
    ids = sorted(coding_ids)
    for first in range(0, len(ids), CHUNK):
        session.execute(delete(m.Coding).where(m.Coding.id.in_(ids[first : first + CHUNK])))


def mark_batch(session: Session, batch_id: int, undone: bool) -> None:
    """Mark every action of the run undone (or done again)."""
    session.execute(
        update(m.CodingAction)
        .where(m.CodingAction.batch_id == batch_id, m.CodingAction.undone.is_(not undone))
        .values(undone=undone)
    )
