"""Rows of dismissed suggestions: which code on which unit a coder turned down."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m

# (transcript_id, code_id, start, end): one dismissed suggestion of one coder
DismissalKey = tuple[int, int, int, int]


def dismissed(session: Session, coder_id: int) -> set[DismissalKey]:
    """Every suggestion the coder with `coder_id` has dismissed."""
    table = m.SuggestionDismissal.__table__
    rows = session.execute(
        select(table.c.transcript_id, table.c.code_id, table.c.start, table.c.end).where(
            table.c.coder_id == coder_id
        )
    ).all()
    return {(int(t), int(c), int(s), int(e)) for t, c, s, e in rows}


def add_dismissal(session: Session, coder_id: int, key: DismissalKey) -> bool:
    """Remember a dismissal; False when it was remembered already."""
    transcript_id, code_id, start, end = key
    table = m.SuggestionDismissal
    there = session.scalar(
        select(table.id).where(
            table.coder_id == coder_id,
            table.transcript_id == transcript_id,
            table.code_id == code_id,
            table.start == start,
            table.end == end,
        )
    )
    if there is not None:
        return False
    session.add(
        m.SuggestionDismissal(
            coder_id=coder_id, transcript_id=transcript_id, code_id=code_id, start=start, end=end
        )
    )
    return True
