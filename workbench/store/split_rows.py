"""The codings of one code with their passages, and moving some of them to another code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workbench.store import models as m


@dataclass(frozen=True)
class CodedPassage:
    """A coding of a code: where, by whom, and the text it covers."""

    id: int
    transcript: str
    coder: str
    start: int
    end: int
    passage: str


def coded_passages(session: Session, code_id: int) -> list[CodedPassage]:
    """Every coding of a code, in transcript and text order."""
    rows = session.execute(
        select(m.Coding, m.Transcript.name, m.Transcript.text, m.Coder.name)
        .join(m.Transcript, m.Transcript.id == m.Coding.transcript_id)
        .join(m.Coder, m.Coder.id == m.Coding.coder_id)
        .where(m.Coding.code_id == code_id)
        .order_by(m.Transcript.name, m.Coding.start, m.Coding.end, m.Coding.id)
    ).all()
    return [
        CodedPassage(c.id, name, coder, c.start, c.end, text[c.start : c.end])
        for c, name, text, coder in rows
    ]


def move_codings(session: Session, coding_ids: list[int], target_id: int) -> None:
    """Move codings to another code, and their undo history with them (so that an undo
    follows the coding; the target has none of them yet, so no twin can arise)."""
    for coding in session.scalars(select(m.Coding).where(m.Coding.id.in_(coding_ids))):
        session.execute(
            update(m.CodingAction)
            .where(
                m.CodingAction.code_id == coding.code_id,
                m.CodingAction.coder_id == coding.coder_id,
                m.CodingAction.transcript_id == coding.transcript_id,
                m.CodingAction.start == coding.start,
                m.CodingAction.end == coding.end,
            )
            .values(code_id=target_id)
        )
        coding.code_id = target_id
