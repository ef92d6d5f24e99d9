"""A coder's progress as the store has it: status per transcript, codings per transcript."""

from __future__ import annotations

from workbench.store import progress_rows
from workbench.store.project import Project

# Core reads only (see `progress_rows`): the home screen's worker reads these while the
# first keys are typed. Setting a status, with the ORM, is `workbench.coding.status`'s.

NOT_STARTED = "not_started"  # a transcript a coder has never touched has no status row
IN_PROGRESS = "in_progress"
DONE = "done"


def statuses(project: Project, coder: str) -> dict[str, str]:
    """transcript name -> status for one coder (transcripts never touched are not started)."""
    with project.reading() as connection:
        found = progress_rows.coder_statuses(connection, coder)
        names = progress_rows.transcript_names(connection)
    return {name: found.get(name, NOT_STARTED) for name in names}


def codings_per_transcript(project: Project, coder: str) -> dict[str, int]:
    """transcript name -> how many codings `coder` has made in it (absent: none)."""
    with project.reading() as connection:
        return progress_rows.codings_per_transcript(connection, coder)
