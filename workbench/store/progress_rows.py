"""Core reads of the coders' progress: statuses per transcript and codings counted."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from workbench.store import tables

# Core only, no ORM and no numpy: the home screen's worker reads these while the first
# keys are typed, and the ORM's import would hold the interpreter lock they need.


def transcript_names(connection: Connection) -> list[str]:
    """Every transcript's name, in the store's order."""
    return [str(name) for name in connection.scalars(select(tables.transcript.c.name))]


def coder_statuses(connection: Connection, coder: str) -> dict[str, str]:
    """transcript name -> status, of the transcripts where the coder named `coder` has one."""
    transcript, status, coders = tables.transcript.c, tables.coder_status.c, tables.coder.c
    rows = connection.execute(
        select(transcript.name, status.status)
        .join(tables.coder_status, status.transcript_id == transcript.id)
        .join(tables.coder, coders.id == status.coder_id)
        .where(coders.name == coder)
    )
    return {str(name): str(value) for name, value in rows}


def codings_per_transcript(connection: Connection, coder: str) -> dict[str, int]:
    """transcript name -> how many codings the coder named `coder` has made in it."""
    transcript, coding, coders = tables.transcript.c, tables.coding.c, tables.coder.c
    rows = connection.execute(
        select(transcript.name, func.count())
        .join(tables.coding, coding.transcript_id == transcript.id)
        .join(tables.coder, coders.id == coding.coder_id)
        .where(coders.name == coder)
        .group_by(transcript.name)
    )
    return {str(name): int(count) for name, count in rows}
