"""Transcript attribute rows (group, number, year...): setting values (reads: `corpus_rows`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m


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
