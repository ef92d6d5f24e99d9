"""Code rows and the codebook's settings: writing codes, merging one's codings into another."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from workbench.store import models as m


@dataclass(frozen=True)
class CodeFields:
    """What a codebook file or a person sets on a code (status and history aside)."""

    name: str
    parent_id: int | None
    position: int
    key: str | None = None
    colour: str | None = None
    description: str = ""
    include: str = ""
    exclude: str = ""
    example: str = ""


def write_code(
    session: Session, row: m.Code | None, fields: CodeFields, guid: str | None = None
) -> m.Code:
    """Set a code's fields (on a new code, with `guid` or a new one, when `row` is None),
    flushed so that a new code has its id."""
    if row is None:
        row = m.Code(guid=guid or str(uuid.uuid4()), name=fields.name)
        session.add(row)
    row.name = fields.name
    row.parent_id = fields.parent_id
    row.position = fields.position
    row.key = fields.key
    row.colour = fields.colour
    row.description = fields.description
    row.include = fields.include
    row.exclude = fields.exclude
    row.example = fields.example
    session.flush()
    return row


def free_names(session: Session, rows: Iterable[m.Code]) -> None:
    """Give each code a stand-in name ('/id': a name never holds '/', so none can clash),
    so that codes may swap names in one transaction."""
    for row in rows:
        row.name = f"/{row.id}"
    session.flush()


def merge_codings(session: Session, source_id: int, target_id: int) -> tuple[int, int]:
    """Move the codings (and memos, and the undo history) of one code to another:
    (moved, duplicates).

    A coding the target already has (same coder, transcript and span) is dropped rather
    than duplicated, its memo added to the target's coding's memo; the history of the
    dropped one goes with it, so that an undo never acts twice on the one coding left.
    """
    existing = {
        (c.transcript_id, c.coder_id, c.start, c.end): c
        for c in session.scalars(select(m.Coding).where(m.Coding.code_id == target_id))
    }
    moved = duplicates = 0
    for coding in session.scalars(select(m.Coding).where(m.Coding.code_id == source_id)):
        twin = existing.get((coding.transcript_id, coding.coder_id, coding.start, coding.end))
        if twin is not None:
            if coding.memo.strip() and coding.memo.strip() != twin.memo.strip():
                twin.memo = f"{twin.memo}\n{coding.memo}".strip()
            _drop_history(session, source_id, coding)
            session.delete(coding)
            duplicates += 1
        else:
            coding.code_id = target_id
            moved += 1
    session.execute(update(m.Memo).where(m.Memo.code_id == source_id).values(code_id=target_id))
    # An undo or redo then follows the coding to its new code.
    session.execute(
        update(m.CodingAction).where(m.CodingAction.code_id == source_id).values(code_id=target_id)
    )
    return moved, duplicates


def _drop_history(session: Session, code_id: int, coding: m.Coding) -> None:
    """Forget the coder's actions on `coding` (of `code_id`), which a merge folds into its
    twin."""
    session.execute(
        delete(m.CodingAction).where(
            m.CodingAction.code_id == code_id,
            m.CodingAction.coder_id == coding.coder_id,
            m.CodingAction.transcript_id == coding.transcript_id,
            m.CodingAction.start == coding.start,
            m.CodingAction.end == coding.end,
        )
    )


def coding_count(session: Session, code_id: int) -> int:
    """How many codings (by anyone) a code has."""
    return session.scalar(select(func.count()).where(m.Coding.code_id == code_id)) or 0


def read_setting(session: Session, key: str) -> str:
    row = session.get(m.Setting, key)
    return row.value if row else ""


def write_setting(session: Session, key: str, value: str) -> None:
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=value))
    else:
        row.value = value
