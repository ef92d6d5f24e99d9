"""One coder's rows: their codings one at a time, their transcript memos, their undo history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.codings import NewCoding, SpanKey
from workbench.store.models import utcnow


@dataclass(frozen=True)
class CodingRow:
    """A stored coding."""

    id: int
    transcript_id: int
    code_id: int
    coder_id: int
    start: int
    end: int
    memo: str
    created_at: datetime

    @property
    def key(self) -> SpanKey:
        return (self.transcript_id, self.code_id, self.coder_id, self.start, self.end)


@dataclass(frozen=True)
class ActionRow:
    """One entry of a coder's undo history in a transcript: what they did to which coding."""

    id: int
    coder_id: int
    transcript_id: int
    kind: str  # apply, remove or memo
    code_id: int | None  # None: a memo action on the transcript's memo
    start: int
    end: int
    memo_before: str
    memo_after: str
    undone: bool
    batch_id: int | None = None  # one of a run's actions, undone with the rest of the run

    @property
    def on_transcript(self) -> bool:
        """Whether it is an edit of the transcript's memo rather than of a coding."""
        return self.code_id is None


# -- codings -----------------------------------------------------------------------------------


def coding_by_id(session: Session, coding_id: int) -> CodingRow | None:
    row = session.get(m.Coding, coding_id)
    return None if row is None else _coding_row(row)


def coding_by_key(session: Session, key: SpanKey) -> CodingRow | None:
    """The coding of a code on a span by a coder (there is one at most)."""
    row = session.scalar(select(m.Coding).where(*_is_coding(key)))
    return None if row is None else _coding_row(row)


def has_coding(session: Session, key: SpanKey) -> bool:
    return bool(session.scalar(select(func.count()).where(*_is_coding(key))))


def add_coding(session: Session, coding: NewCoding) -> CodingRow:
    """Insert one coding, flushed so that it has its id."""
    row = m.Coding(
        transcript_id=coding.transcript_id,
        code_id=coding.code_id,
        coder_id=coding.coder_id,
        start=coding.start,
        end=coding.end,
        memo=coding.memo,
    )
    if coding.created_at is not None:
        row.created_at = coding.created_at
    session.add(row)
    session.flush()
    return _coding_row(row)


def add_coding_unless_there(session: Session, coding: NewCoding) -> CodingRow | None:
    """Insert one coding unless the coder has it already (None then), even when another
    transaction is storing the same coding this moment: never a unique violation."""
    values = {
        "transcript_id": coding.transcript_id,
        "code_id": coding.code_id,
        "coder_id": coding.coder_id,
        "start": coding.start,
        "end": coding.end,
        "memo": coding.memo,
        "created_at": coding.created_at or utcnow(),
    }
    # The dialects' own INSERT, imported here, as `coder_by_name` does.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        inserted = session.scalar(
            postgresql.insert(m.Coding)
            .values(values)
            .on_conflict_do_nothing()
            .returning(m.Coding.id)
        )
    else:
        from sqlalchemy.dialects import sqlite

        inserted = session.scalar(
            sqlite.insert(m.Coding).values(values).on_conflict_do_nothing().returning(m.Coding.id)
        )
    if inserted is None:
        return None
    return coding_by_id(session, inserted)


# By statement, not by loading the row again: the rows handed out are plain values, so
# the session no longer holds the ORM object and would have to read it first.


def delete_coding(session: Session, coding_id: int) -> None:
    session.execute(delete(m.Coding).where(m.Coding.id == coding_id))


def write_coding_memo(session: Session, coding_id: int, memo: str) -> None:
    session.execute(update(m.Coding).where(m.Coding.id == coding_id).values(memo=memo))


def _is_coding(key: SpanKey) -> tuple[ColumnElement[bool], ...]:
    """The conditions that pick the coding `key` out of the coding table."""
    transcript_id, code_id, coder_id, start, end = key
    return (
        m.Coding.transcript_id == transcript_id,
        m.Coding.code_id == code_id,
        m.Coding.coder_id == coder_id,
        m.Coding.start == start,
        m.Coding.end == end,
    )


def _coding_row(row: m.Coding) -> CodingRow:
    return CodingRow(
        id=row.id,
        transcript_id=row.transcript_id,
        code_id=row.code_id,
        coder_id=row.coder_id,
        start=row.start,
        end=row.end,
        memo=row.memo,
        created_at=row.created_at,
    )


# -- transcript memos --------------------------------------------------------------------------


def transcript_memo(session: Session, transcript_id: int, coder_id: int) -> str | None:
    """A coder's memo on a transcript, None when they have written none."""
    row = _transcript_memo(session, transcript_id, coder_id)
    return None if row is None else row.text


def write_transcript_memo(session: Session, transcript_id: int, coder_id: int, text: str) -> None:
    row = _transcript_memo(session, transcript_id, coder_id)
    if row is None:
        session.add(m.Memo(transcript_id=transcript_id, coder_id=coder_id, text=text))
    else:
        row.text, row.updated_at = text, utcnow()


def _transcript_memo(session: Session, transcript_id: int, coder_id: int) -> m.Memo | None:
    return session.scalar(
        select(m.Memo).where(
            m.Memo.transcript_id == transcript_id,
            m.Memo.coder_id == coder_id,
            m.Memo.code_id.is_(None),
        )
    )


# -- the undo history --------------------------------------------------------------------------


def add_action(
    session: Session,
    key: SpanKey,
    kind: str,
    memo_before: str = "",
    memo_after: str = "",
    batch_id: int | None = None,
) -> None:
    """Add an action on the coding `key` (of its coder, in its transcript) to the history,
    as one of the run `batch_id` if given."""
    transcript_id, code_id, coder_id, start, end = key
    session.add(
        m.CodingAction(
            coder_id=coder_id,
            transcript_id=transcript_id,
            kind=kind,
            code_id=code_id,
            start=start,
            end=end,
            memo_before=memo_before,
            memo_after=memo_after,
            batch_id=batch_id,
        )
    )


def add_transcript_memo_action(
    session: Session, transcript_id: int, coder_id: int, memo_before: str, memo_after: str
) -> None:
    """Add an edit of a coder's memo on a transcript to the history (an action without a code)."""
    session.add(
        m.CodingAction(
            coder_id=coder_id,
            transcript_id=transcript_id,
            kind="memo",
            code_id=None,
            start=0,
            end=0,
            memo_before=memo_before,
            memo_after=memo_after,
        )
    )


def drop_undone_actions(session: Session, coder_id: int, transcript_id: int) -> None:
    session.execute(
        delete(m.CodingAction).where(
            m.CodingAction.coder_id == coder_id,
            m.CodingAction.transcript_id == transcript_id,
            m.CodingAction.undone.is_(True),
        )
    )


def end_action(
    session: Session, coder_id: int, transcript_id: int | None, *, undone: bool, newest: bool
) -> ActionRow | None:
    """The newest (or oldest) of a coder's actions in a transcript (None: in any) that are
    (or are not) undone; None when there is none."""
    order = m.CodingAction.id.desc() if newest else m.CodingAction.id.asc()
    query = select(m.CodingAction).where(
        m.CodingAction.coder_id == coder_id, m.CodingAction.undone.is_(undone)
    )
    if transcript_id is not None:
        query = query.where(m.CodingAction.transcript_id == transcript_id)
    row = session.scalar(query.order_by(order).limit(1))
    return None if row is None else action_row(row)


def action_row(row: m.CodingAction) -> ActionRow:
    return ActionRow(
        id=row.id,
        coder_id=row.coder_id,
        transcript_id=row.transcript_id,
        kind=row.kind,
        code_id=row.code_id,
        start=row.start,
        end=row.end,
        memo_before=row.memo_before,
        memo_after=row.memo_after,
        undone=row.undone,
        batch_id=row.batch_id,
    )


def mark_action(session: Session, action_id: int, undone: bool) -> None:
    session.execute(
        update(m.CodingAction).where(m.CodingAction.id == action_id).values(undone=undone)
    )
