"""Codings in bulk through a session: their keys, memos and counts, and inserting many at once.

Reads that need no session (every coding as integer arrays) are `corpus_rows.coding_arrays`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store import tables
from workbench.store.bulk import ChunkedInsert, insert_rows, plain_rows
from workbench.store.corpus_rows import CODING_COLUMNS
from workbench.store.models import utcnow

SpanKey = tuple[int, int, int, int, int]  # transcript_id, code_id, coder_id, start, end


def coding_keys(session: Session, coder_id: int | None = None) -> set[SpanKey]:
    """(transcript_id, code_id, coder_id, start, end) of every coding (or one coder's): what
    a coding must differ in from all others."""
    query = select(*(m.Coding.__table__.c[name] for name in CODING_COLUMNS))
    if coder_id is not None:
        query = query.where(m.Coding.coder_id == coder_id)
    return {
        (int(t), int(c), int(k), int(s), int(e)) for t, c, k, s, e in plain_rows(session, query)
    }


NEW_CODING_COLUMNS = (*CODING_COLUMNS, "memo", "created_at")


@dataclass(frozen=True)
class NewCoding:
    transcript_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str = ""
    created_at: datetime | None = None  # now, unless another copy or tool says when


def add_codings(session: Session, codings: Iterable[NewCoding]) -> int:
    """Insert the codings in one bulk statement (the ORM's bookkeeping, and even Core's
    per-row parameters, cost more than the insert for 100,000 rows); returns how many."""
    now = utcnow()
    rows = [
        (c.transcript_id, c.code_id, c.coder_id, c.start, c.end, c.memo, c.created_at or now)
        for c in codings
    ]
    insert_rows(session, tables.coding, NEW_CODING_COLUMNS, rows)
    return len(rows)


def coding_rows_insert(session: Session) -> ChunkedInsert:
    """Codings inserted chunk by chunk (see `ChunkedInsert`), each chunk's rows plain
    (transcript_id, code_id, coder_id, start, end, memo) tuples, all made now: 100,000
    NewCoding objects cost a tenth of a second themselves."""
    return ChunkedInsert(session, tables.coding, NEW_CODING_COLUMNS, suffix=(utcnow(),))


def coding_memos(session: Session) -> dict[SpanKey, str]:
    """Every coding's memo by (transcript_id, code_id, coder_id, start, end)."""
    table = m.Coding.__table__
    query = select(*(table.c[name] for name in CODING_COLUMNS), table.c.memo)
    return {
        (int(t), int(c), int(k), int(s), int(e)): str(memo or "")
        for t, c, k, s, e, memo in plain_rows(session, query)
    }


CodingKey = tuple[str, str, int, int]  # transcript, coder, start, end: a coding by what it is


def codings_by_key(
    session: Session, code_id: int | None = None
) -> list[tuple[int, CodingKey, datetime]]:
    """(code id, key, when made) of every coding (of one code, if given), oldest first."""
    query = (
        select(
            m.Coding.code_id,
            m.Transcript.name,
            m.Coder.name,
            m.Coding.start,
            m.Coding.end,
            m.Coding.created_at,
        )
        .join(m.Transcript, m.Transcript.id == m.Coding.transcript_id)
        .join(m.Coder, m.Coder.id == m.Coding.coder_id)
        .order_by(m.Coding.id)
    )
    if code_id is not None:
        query = query.where(m.Coding.code_id == code_id)
    return [
        (int(code), (transcript, coder, int(start), int(end)), at)
        for code, transcript, coder, start, end, at in session.execute(query)
    ]
