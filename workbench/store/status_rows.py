"""Coder status rows: the status each coder has set (or reached) on each transcript."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m
from workbench.store.models import CODER_STATUSES, utcnow

STATUSES: tuple[str, ...] = CODER_STATUSES  # what the column accepts


def read_status(session: Session, transcript_id: int, coder_id: int) -> str | None:
    """A coder's status on a transcript, None when it has no row."""
    row = session.get(m.CoderStatus, (transcript_id, coder_id))
    return None if row is None else row.status


def read_statuses(
    session: Session, pairs: Collection[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """The status of each (transcript id, coder id) pair that has a row, in one query (the
    rows stay in the session: `write_status` on them then asks the database nothing)."""
    coders = {coder_id for _, coder_id in pairs}
    rows = session.scalars(select(m.CoderStatus).where(m.CoderStatus.coder_id.in_(coders)))
    found = {(row.transcript_id, row.coder_id): row.status for row in rows}
    return {pair: found[pair] for pair in pairs if pair in found}


def write_status(session: Session, transcript_id: int, coder_id: int, status: str) -> None:
    row = session.get(m.CoderStatus, (transcript_id, coder_id))
    if row is None:
        session.add(m.CoderStatus(transcript_id=transcript_id, coder_id=coder_id, status=status))
    else:
        row.status, row.updated_at = status, utcnow()


def add_statuses(session: Session, pairs: Iterable[tuple[int, int]], status: str) -> None:
    """New rows for (transcript id, coder id) pairs that have none (`write_status` would ask
    the database for each first)."""
    session.add_all(
        m.CoderStatus(transcript_id=transcript_id, coder_id=coder_id, status=status)
        for transcript_id, coder_id in pairs
    )


def status_named(session: Session, transcript: str, coder: str) -> str | None:
    """The status of the coder named `coder` on the transcript named `transcript`, None
    when it has no row (or either name is unknown)."""
    return session.scalar(
        select(m.CoderStatus.status)
        .join(m.Transcript, m.Transcript.id == m.CoderStatus.transcript_id)
        .join(m.Coder, m.Coder.id == m.CoderStatus.coder_id)
        .where(m.Transcript.name == transcript, m.Coder.name == coder)
    )
