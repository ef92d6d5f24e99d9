"""Transcript attribute rows (group, number, year...): reading them and setting values."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.store import models as m


def attribute_names_by_first_import(session: Session) -> list[str]:
    """Attribute names in the order they were first imported (as in the attributes CSV)."""
    table = m.Attribute.__table__
    return list(
        session.scalars(
            select(table.c.name).group_by(table.c.name).order_by(func.min(table.c.id), table.c.name)
        )
    )


def attribute_values(session: Session) -> list[tuple[int, str, str]]:
    """(transcript id, attribute name, value) of every attribute value."""
    table = m.Attribute.__table__
    return [
        (int(tid), str(name), str(value))
        for tid, name, value in session.execute(
            select(table.c.transcript_id, table.c.name, table.c.value)
        )
    ]


def set_attribute_values(session: Session, values: Iterable[tuple[int, str, str]]) -> int:
    """Give each (transcript id, attribute name) its value, replacing one it has; returns
    how many values were set."""
    current = {(a.transcript_id, a.name): a for a in session.scalars(select(m.Attribute))}
    count = 0
    for tid, name, value in values:
        existing = current.get((tid, name))
        if existing is not None:
            existing.value = value
        else:
            current[(tid, name)] = row = m.Attribute(transcript_id=tid, name=name, value=value)
            session.add(row)
        count += 1
    return count
