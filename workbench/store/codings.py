"""Codings in bulk: every coding (of some coders, transcripts or codes) as integer arrays."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import corpus_rows, tables
from workbench.store import models as m
from workbench.store.bulk import insert_rows, int_array, plain_rows
from workbench.store.codeindex import CodeIndex
from workbench.store.models import utcnow

Ints = npt.NDArray[np.int64]
CODING_COLUMNS = ("transcript_id", "code_id", "coder_id", "start", "end")


@dataclass(frozen=True)
class CodingArrays:
    """Codings as rows of `CODING_COLUMNS` in one (n, 5) array, in the order they were made,
    with the names of every transcript, coder and code (by path) that ids may refer to."""

    numbers: Ints
    transcripts: dict[int, str]
    coders: dict[int, str]
    codes: dict[int, str]
    memos: tuple[str, ...] | None = None  # only when asked for: strings cost time

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def transcript_id(self) -> Ints:
        return self.numbers[:, 0]

    @property
    def code_id(self) -> Ints:
        return self.numbers[:, 1]

    @property
    def coder_id(self) -> Ints:
        return self.numbers[:, 2]

    @property
    def start(self) -> Ints:
        return self.numbers[:, 3]

    @property
    def end(self) -> Ints:
        return self.numbers[:, 4]


def read_codings(
    session: Session,
    *,
    coder_ids: Collection[int] | None = None,
    transcript_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
    memos: bool = False,
) -> CodingArrays:
    """The codings (of the given coders, transcripts and codes, where given) by id order."""
    table = m.Coding.__table__
    columns = [table.c[name] for name in CODING_COLUMNS]
    if memos:
        columns.append(table.c.memo)
    query = select(*columns).order_by(table.c.id)
    if coder_ids is not None:
        query = query.where(table.c.coder_id.in_(list(coder_ids)))
    if transcript_ids is not None:
        query = query.where(table.c.transcript_id.in_(list(transcript_ids)))
    if code_ids is not None:
        query = query.where(table.c.code_id.in_(list(code_ids)))
    rows = plain_rows(session, query)
    if memos:
        numbers = int_array((row[:5] for row in rows), len(CODING_COLUMNS))
        memo_texts: tuple[str, ...] | None = tuple(row[5] or "" for row in rows)
    else:
        numbers = int_array(rows, len(CODING_COLUMNS))
        memo_texts = None
    # What the codings refer to, read after them: another coder may add a code, a coder or
    # a transcript meanwhile, and none of these is ever deleted, so this order sees them all.
    index = CodeIndex(session)
    return CodingArrays(
        numbers=numbers,
        transcripts=dict(session.execute(select(m.Transcript.id, m.Transcript.name)).all()),
        coders=coder_names(session),
        codes={code.id: index.path(code) for code in index.codes},
        memos=memo_texts,
    )


def coder_names(session: Session) -> dict[int, str]:
    """Every coder's name by id."""
    return dict(session.execute(select(m.Coder.id, m.Coder.name)).all())


def coder_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """`corpus_rows.coder_ids` in a session."""
    return corpus_rows.coder_ids(session.connection(), names)


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


def add_coding_rows(session: Session, rows: Iterable[tuple[int, int, int, int, int, str]]) -> int:
    """`add_codings` for plain (transcript_id, code_id, coder_id, start, end, memo) rows,
    all made now: 100,000 NewCoding objects cost a tenth of a second themselves."""
    now = utcnow()
    made = [(*row, now) for row in rows]
    insert_rows(session, tables.coding, NEW_CODING_COLUMNS, made)
    return len(made)


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
