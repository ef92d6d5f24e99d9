"""Each coder's status per transcript: not started, in progress, done."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.errors import WorkbenchError
from workbench.store import models as m
from workbench.store.models import CODER_STATUSES, utcnow
from workbench.store.project import Project, coder_by_name, transcript_by_name


def set_status(project: Project, transcript: str, coder: str, status: str) -> None:
    if status not in CODER_STATUSES:
        raise WorkbenchError(f"status must be one of {', '.join(CODER_STATUSES)}")
    with project.session() as session:
        tid = transcript_by_name(session, transcript).id
        cid = coder_by_name(session, coder, create=True).id
        row = session.get(m.CoderStatus, (tid, cid))
        if row is None:
            session.add(m.CoderStatus(transcript_id=tid, coder_id=cid, status=status))
        else:
            row.status, row.updated_at = status, utcnow()
        project.log(
            session, "status.set", transcript, json.dumps({"coder": coder, "status": status})
        )


def mark_in_progress(session: Session, transcript_id: int, coder_id: int) -> None:
    """A coder's first coding in a transcript moves it from not started to in progress."""
    status = session.get(m.CoderStatus, (transcript_id, coder_id))
    if status is None:
        session.add(
            m.CoderStatus(transcript_id=transcript_id, coder_id=coder_id, status="in_progress")
        )
    elif status.status == "not_started":
        status.status, status.updated_at = "in_progress", utcnow()


def status_of(project: Project, transcript: str, coder: str) -> str:
    """One coder's status on one transcript (not started when never touched)."""
    with project.session() as session:
        status = session.scalar(
            select(m.CoderStatus.status)
            .join(m.Transcript, m.Transcript.id == m.CoderStatus.transcript_id)
            .join(m.Coder, m.Coder.id == m.CoderStatus.coder_id)
            .where(m.Transcript.name == transcript, m.Coder.name == coder)
        )
        return status or "not_started"


def statuses(project: Project, coder: str) -> dict[str, str]:
    """transcript name -> status for one coder (transcripts never touched are not started)."""
    with project.session() as session:
        rows = session.execute(
            select(m.Transcript.name, m.CoderStatus.status)
            .join(m.CoderStatus, m.CoderStatus.transcript_id == m.Transcript.id)
            .join(m.Coder, m.Coder.id == m.CoderStatus.coder_id)
            .where(m.Coder.name == coder)
        ).all()
        found = dict(rows)
        names = session.scalars(select(m.Transcript.name)).all()
        return {name: found.get(name, "not_started") for name in names}


def codings_per_transcript(project: Project, coder: str) -> dict[str, int]:
    """transcript name -> how many codings `coder` has made in it (absent: none)."""
    with project.session() as session:
        rows = session.execute(
            select(m.Transcript.name, func.count())
            .join(m.Coding, m.Coding.transcript_id == m.Transcript.id)
            .join(m.Coder, m.Coder.id == m.Coding.coder_id)
            .where(m.Coder.name == coder)
            .group_by(m.Transcript.name)
        ).all()
        return {name: count for name, count in rows}
