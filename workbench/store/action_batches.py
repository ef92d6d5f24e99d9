"""Runs of coding actions made at once (an auto-coding): their rows, and their actions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.coding_rows import ActionRow, action_row


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
