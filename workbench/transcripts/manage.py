"""Renaming and removing transcripts: checked, logged, and a removal keeps its codings in the
audit log so that nothing is lost without trace."""

from __future__ import annotations

import json
from dataclasses import dataclass

from workbench.anonymise.gate import project_fields, typed_entry
from workbench.errors import ProjectError, one_line
from workbench.store.project import Project
from workbench.store.transcript_removal import (
    delete_transcript,
    rename_transcript,
    work_on,
)
from workbench.store.transcript_rows import transcript_id_named, transcript_names_taken

TRANSCRIPT_NAME_MAX = 200  # the column's length


@dataclass(frozen=True)
class Removed:
    name: str
    codings: int
    memos: int


def rename(project: Project, old: str, new: str) -> str:
    """Give transcript `old` the name `new`; codings, statuses and memos follow it."""
    new = new.strip()
    if not new or len(new) > TRANSCRIPT_NAME_MAX or one_line(new) != new:
        raise ProjectError(
            f"NEW: a transcript name has 1 to {TRANSCRIPT_NAME_MAX} characters on one line"
        )
    typed_entry(project_fields(project), new, "the transcript name", "NEW", label=True)
    with project.writing(changes_codebook=False) as session:
        tid = transcript_id_named(session, old)
        if new != old and transcript_names_taken(session, [new]):
            raise ProjectError(f"NEW: a transcript named '{new}' exists already")
        if new == old:
            raise ProjectError(f"NEW: '{old}' has that name already")
        rename_transcript(session, tid, new)
        project.log(session, "transcript.rename", old, json.dumps({"to": new}))
    return new


def remove(project: Project, name: str, why: str, with_codings: bool = False) -> Removed:
    """Delete a transcript. Refused while it has codings unless `with_codings`; the audit
    log's record then holds every coding and memo it had (coder, code, span, text, memo)."""
    if not why.strip():
        raise ProjectError("--why: say why (the audit log keeps the reason)")
    typed_entry(project_fields(project), why, "the reason", "--why")
    # The exclusive lock, as a codebook change takes: on PostgreSQL codings are written
    # side by side under the shared one, and an import or a coder that has checked its
    # rows against this transcript must keep it until it commits.
    with project.writing() as session:
        tid = transcript_id_named(session, name)
        work = work_on(session, tid)
        if work.codings and not with_codings:
            coders = sorted({str(c["coder"]) for c in work.codings})
            raise ProjectError(
                f"NAME: '{name}' has {len(work.codings)} coding(s) by {', '.join(coders)}; "
                "pass --with-codings to remove them too (they are kept in the log)"
            )
        detail = json.dumps({"codings": work.codings, "memos": work.memos}, ensure_ascii=False)
        delete_transcript(session, tid)
        project.log(session, "transcript.remove", name, detail, why)
    return Removed(name, len(work.codings), len(work.memos))
