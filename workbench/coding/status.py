"""Each coder's status per transcript: not started, in progress, done."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.store import coding_rows, status_rows
from workbench.store.project import Project, coder_by_name
from workbench.store.transcript_rows import transcript_id_named, transcript_ids

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

NOT_STARTED = "not_started"  # a transcript a coder has never touched has no status row


def set_status(project: Project, transcript: str, coder: str, status: str) -> None:
    if status not in status_rows.STATUSES:
        raise WorkbenchError(f"status must be one of {', '.join(status_rows.STATUSES)}")
    with project.session() as session:
        tid = transcript_id_named(session, transcript)
        cid = coder_by_name(session, coder, create=True).id
        status_rows.write_status(session, tid, cid, status)
        project.log(
            session, "status.set", transcript, json.dumps({"coder": coder, "status": status})
        )


def mark_in_progress(session: Session, transcript_id: int, coder_id: int) -> None:
    """A coder's first coding in a transcript moves it from not started to in progress."""
    if status_rows.read_status(session, transcript_id, coder_id) in (None, NOT_STARTED):
        status_rows.write_status(session, transcript_id, coder_id, "in_progress")


def status_of(project: Project, transcript: str, coder: str) -> str:
    """One coder's status on one transcript (not started when never touched)."""
    with project.session() as session:
        return status_rows.status_named(session, transcript, coder) or NOT_STARTED


def statuses(project: Project, coder: str) -> dict[str, str]:
    """transcript name -> status for one coder (transcripts never touched are not started)."""
    with project.session() as session:
        found = status_rows.coder_statuses(session, coder)
        return {name: found.get(name, NOT_STARTED) for name in transcript_ids(session)}


def codings_per_transcript(project: Project, coder: str) -> dict[str, int]:
    """transcript name -> how many codings `coder` has made in it (absent: none)."""
    with project.session() as session:
        return coding_rows.codings_per_transcript(session, coder)
