"""Each coder's status per transcript: not started, in progress, done."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.anonymise.gate import project_fields, typed_entry
from workbench.coding.progress import IN_PROGRESS, NOT_STARTED, codings_per_transcript, statuses
from workbench.errors import ProjectError, WorkbenchError
from workbench.store import status_rows
from workbench.store.project import Project, coder_by_name
from workbench.store.transcript_rows import transcript_ids

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def set_status(project: Project, transcript: str, coder: str, status: str) -> None:
    set_statuses(project, [transcript], coder, status)


def set_statuses(project: Project, transcripts: Iterable[str], coder: str, status: str) -> int:
    """One coder's status on several transcripts, all or nothing: every name is checked
    before anything is written, and all are set in one transaction. Returns how many."""
    if status not in status_rows.STATUSES:
        raise WorkbenchError(f"status must be one of {', '.join(status_rows.STATUSES)}")
    names = list(dict.fromkeys(transcripts))
    coder = coder.strip()  # as every other way in stores a coder's name
    # The name is stored (a new coder) and logged: it passes the gate as typed.
    typed_entry(project_fields(project), coder, "the coder name", "--coder", label=True)
    with project.session() as session:
        ids = transcript_ids(session, names)
        missing = [name for name in names if name not in ids]
        if missing:
            listed = ", ".join(f"'{name}'" for name in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise ProjectError(f"no transcript named {listed}{more}: nothing was marked")
        cid = coder_by_name(session, coder, create=True).id
        for name in names:
            status_rows.write_status(session, ids[name], cid, status)
            project.log(session, "status.set", name, json.dumps({"coder": coder, "status": status}))
    return len(names)


def mark_in_progress(session: Session, transcript_id: int, coder_id: int) -> None:
    """A coder's first coding in a transcript moves it from not started to in progress."""
    if status_rows.read_status(session, transcript_id, coder_id) in (None, NOT_STARTED):
        status_rows.write_status(session, transcript_id, coder_id, IN_PROGRESS)


def mark_all_in_progress(session: Session, pairs: Collection[tuple[int, int]]) -> None:
    """`mark_in_progress` for many (transcript id, coder id) pairs, read in one query."""
    found = status_rows.read_statuses(session, pairs)
    for pair in sorted(found):
        if found[pair] == NOT_STARTED:
            status_rows.write_status(session, *pair, IN_PROGRESS)
    status_rows.add_statuses(session, sorted(set(pairs) - set(found)), IN_PROGRESS)


def status_of(project: Project, transcript: str, coder: str) -> str:
    """One coder's status on one transcript (not started when never touched)."""
    with project.session() as session:
        return status_rows.status_named(session, transcript, coder) or NOT_STARTED


@dataclass(frozen=True)
class CoderProgress:
    """One coder's transcripts by status, and how many codings they made."""

    coder: str
    not_started: int
    in_progress: int
    done: int
    codings: int


def progress_by_coder(project: Project) -> list[CoderProgress]:
    """Every coder's progress over every transcript of the project, coders in name order."""
    out = []
    for coder in project.coders():
        found = Counter(statuses(project, coder).values())
        made = sum(codings_per_transcript(project, coder).values())
        out.append(
            CoderProgress(coder, found[NOT_STARTED], found["in_progress"], found["done"], made)
        )
    return out
