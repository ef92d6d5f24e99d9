"""Rewriting stored texts after import: a new pseudonym, a purge of the undo history."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from workbench.errors import ProjectError
from workbench.store import models as m
from workbench.store import tables
from workbench.store.engine import driver_reason, lost_connection
from workbench.text.words import spoken_words

if TYPE_CHECKING:
    from workbench.store.project import Project

Span = Callable[[int, int], tuple[int, int]]


@dataclass(frozen=True)
class CodingSpan:
    id: int
    transcript: str
    start: int
    end: int


def texts_by_id(session: Session) -> dict[int, tuple[str, str]]:
    """transcript id -> (name, text), under the caller's write lock."""
    rows = session.execute(select(m.Transcript.id, m.Transcript.name, m.Transcript.text))
    return {tid: (name, text) for tid, name, text in rows}


def speakers(session: Session, transcript_id: int) -> dict[int, str]:
    """utterance id -> speaker label, for the utterances that have one."""
    rows = session.execute(
        select(m.Utterance.id, m.Utterance.speaker).where(
            m.Utterance.transcript_id == transcript_id, m.Utterance.speaker.is_not(None)
        )
    )
    return {uid: speaker for uid, speaker in rows if speaker is not None}


def codings_on(session: Session, transcript_id: int, name: str) -> list[CodingSpan]:
    rows = session.execute(
        select(m.Coding.id, m.Coding.start, m.Coding.end).where(
            m.Coding.transcript_id == transcript_id
        )
    )
    return [CodingSpan(cid, name, start, end) for cid, start, end in rows]


def rewrite_transcript(
    session: Session,
    transcript_id: int,
    text: str,
    span: Span,
    new_speakers: dict[int, str],
    replaced: tuple[str, str, int],
) -> None:
    """Store the transcript's new `text`; move every offset into it (utterances, codings,
    the undo history) by `span`; set the speakers given; count `replaced` (kind,
    replacement, count) in the anonymisation log."""
    for model in (m.Utterance, m.Coding, m.CodingAction):
        rows = session.execute(
            select(model.id, model.start, model.end).where(model.transcript_id == transcript_id)
        ).all()
        # Later rows first: a span moved right must not collide with one not yet moved.
        for row_id, start, end in sorted(rows, key=lambda r: -r[1]):
            new_start, new_end = span(start, end)
            if (new_start, new_end) != (start, end):
                session.execute(
                    update(model).where(model.id == row_id).values(start=new_start, end=new_end)
                )
    for utterance_id, speaker in new_speakers.items():
        session.execute(
            update(m.Utterance).where(m.Utterance.id == utterance_id).values(speaker=speaker)
        )
    spans = session.execute(
        select(m.Utterance.start, m.Utterance.end).where(m.Utterance.transcript_id == transcript_id)
    )
    session.execute(
        update(m.Transcript)
        .where(m.Transcript.id == transcript_id)
        .values(
            text=text,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            words=spoken_words(text, ((start, end) for start, end in spans)),
        )
    )
    kind, replacement, count = replaced
    logged = session.scalars(
        select(m.AnonymisationLog).where(
            m.AnonymisationLog.transcript_id == transcript_id,
            m.AnonymisationLog.kind == kind,
            m.AnonymisationLog.replacement == replacement,
        )
    ).one_or_none()
    if logged is None:
        session.add(
            m.AnonymisationLog(
                transcript_id=transcript_id, kind=kind, replacement=replacement, count=count
            )
        )
    else:
        logged.count += count


def purge_memo_history(session: Session) -> int:
    """Drop superseded memo text from the undo history: memo edits go, and an applied or
    removed coding's memo is kept only where it is the live coding's memo; the log's coding
    actions keep no memo text. How many rows changed or went."""
    memo_edits = session.scalars(
        select(func.count()).select_from(m.CodingAction).where(m.CodingAction.kind == "memo")
    ).one()
    session.execute(delete(m.CodingAction).where(m.CodingAction.kind == "memo"))
    live: dict[tuple[int, int | None, int, int, int], str] = {
        (c.transcript_id, c.code_id, c.coder_id, c.start, c.end): c.memo
        for c in session.scalars(select(m.Coding))
    }
    changed = 0
    for action in session.scalars(select(m.CodingAction)):
        memo = live.get(
            (action.transcript_id, action.code_id, action.coder_id, action.start, action.end), ""
        )
        kept = tuple(
            text if text == memo else "" for text in (action.memo_before, action.memo_after)
        )
        if kept != (action.memo_before, action.memo_after):
            action.memo_before, action.memo_after = kept
            changed += 1
    return memo_edits + changed + _purge_logged_memos(session)


def _purge_logged_memos(session: Session) -> int:
    """Drop memo text from the log's coding actions (the live memo stays on its coding)."""
    changed = 0
    for event in session.scalars(select(m.Event).where(m.Event.action.like("coding.%"))):
        try:
            detail = json.loads(event.detail)
        except ValueError:
            continue
        if isinstance(detail, dict) and "memo" in detail:
            del detail["memo"]
            event.detail = json.dumps(detail, ensure_ascii=False)
            changed += 1
    return changed


def drop_freed_pages(project: Project) -> None:
    """Rewrite the project's database so that deleted or overwritten text leaves no copy in
    free pages or (SQLite) the write-ahead log. Runs after the change's commit, outside
    `Project.session`: its one-line answers would say that nothing was saved."""
    try:
        _drop_freed_pages(project.engine)
    except DBAPIError as error:
        if not lost_connection(error):
            raise
        raise ProjectError(
            f"the change is saved, but the connection to the database server of "
            f"{project.location} was lost while it cleared the old text's copies "
            f"({driver_reason(error)}): run `workbench anonymise purge` to clear them"
        ) from error


def _drop_freed_pages(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("VACUUM")
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
            if busy:  # another connection reads: the old pages stay in the file, unsaid
                raise ProjectError(
                    "the change is saved, but another program has the project open, so "
                    "copies of the old text stay in the file: close it and run "
                    "`workbench anonymise purge`"
                )
        else:
            # A replace rewrites texts, names, memos and codebook texts as well as the log
            # and the undo history: every table's dead row versions keep the old word.
            for table in tables.metadata.sorted_tables:
                connection.exec_driver_sql(f'VACUUM FULL "{table.name}"')
