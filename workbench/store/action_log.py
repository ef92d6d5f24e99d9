"""Coders' coding actions (the undo history) read as log entries, with names, not ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.codeindex import CodeIndex


@dataclass(frozen=True)
class ActionEntry:
    at: datetime
    coder: str
    kind: str  # apply, remove or memo
    transcript: str
    code: str
    start: int
    end: int
    memo: str
    undone: bool


def action_entries(session: Session) -> list[ActionEntry]:
    """Every coding action still in the history, oldest first."""
    rows = session.execute(
        select(m.CodingAction, m.Coder.name, m.Transcript.name)
        .join(m.Coder, m.Coder.id == m.CodingAction.coder_id)
        .join(m.Transcript, m.Transcript.id == m.CodingAction.transcript_id)
        .order_by(m.CodingAction.id)
    ).all()
    index = CodeIndex(session)
    return [
        ActionEntry(
            at=action.at,
            coder=coder,
            kind=action.kind,
            transcript=transcript,
            # No code: a memo on the transcript itself.
            code="" if action.code_id is None else index.path(index.by_id[action.code_id]),
            start=action.start,
            end=action.end,
            memo=action.memo_after,
            undone=action.undone,
        )
        for action, coder, transcript in rows
    ]
