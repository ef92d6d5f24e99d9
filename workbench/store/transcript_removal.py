"""Renaming a transcript's row, and deleting one with everything that hangs on it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.codeindex import CodeIndex


@dataclass(frozen=True)
class RemovedWork:
    """What a transcript's removal takes with it: codings and memos as plain records."""

    codings: list[dict[str, object]]
    memos: list[dict[str, object]]


def rename_transcript(session: Session, transcript_id: int, new_name: str) -> None:
    session.execute(
        update(m.Transcript).where(m.Transcript.id == transcript_id).values(name=new_name)
    )


def work_on(session: Session, transcript_id: int) -> RemovedWork:
    """Every coding and memo on a transcript, with coder, code path, span, passage and memo."""
    text = session.scalar(select(m.Transcript.text).where(m.Transcript.id == transcript_id)) or ""
    coders = dict(session.execute(select(m.Coder.id, m.Coder.name)).all())
    index = CodeIndex(session)
    codings = session.scalars(
        select(m.Coding)
        .where(m.Coding.transcript_id == transcript_id)
        .order_by(m.Coding.start, m.Coding.end, m.Coding.id)
    )
    memos = session.scalars(
        select(m.Memo).where(m.Memo.transcript_id == transcript_id).order_by(m.Memo.id)
    )
    return RemovedWork(
        [
            {
                "coder": coders[c.coder_id],
                "code": index.path(index.by_id[c.code_id]),
                "code_guid": index.by_id[c.code_id].guid,
                "start": c.start,
                "end": c.end,
                "text": text[c.start : c.end],
                "memo": c.memo,
            }
            for c in codings
        ],
        [
            {
                "coder": coders.get(memo.coder_id) if memo.coder_id is not None else None,
                "code": index.path(index.by_id[memo.code_id]) if memo.code_id else None,
                "text": memo.text,
            }
            for memo in memos
        ],
    )


def delete_transcript(session: Session, transcript_id: int) -> None:
    """The transcript and every row that refers to it (utterances, attributes and the
    anonymisation log go by cascade; the rest is deleted here, children first)."""
    for model in (m.CodingAction, m.Coding, m.CoderStatus, m.Memo, m.SuggestionDismissal):
        session.execute(delete(model).where(model.transcript_id == transcript_id))
    row = session.get(m.Transcript, transcript_id)
    if row is not None:
        session.delete(row)
