"""Another copy's name, coder names, memos, new transcripts and log entries through the gate
before a merge: a copy may hold what was typed or imported past the gate elsewhere."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from workbench.anonymise.gate import FieldScreen, refusal
from workbench.anonymise.settings import study_settings
from workbench.domain import ProjectSnapshot
from workbench.exchange.qdpx_fields import screen_fields
from workbench.exchange.qdpx_files import screen_archive
from workbench.store.project import Project
from workbench.store.snapshot import event_key
from workbench.store.transcript_rows import transcript_hashes


def refuse_identifiers_in_copy(
    project: Project, other: ProjectSnapshot, origin: str, given: str
) -> str:
    """Refuse the merge, in one line, when what `other` would add (its new coders, memos,
    transcripts and log entries) or the name of its file holds what the import gate refuses;
    what this project has already is not screened again. The name the log gives the copy:
    the file's name as the user gave it (`given`), or a database's URL as `origin` shows it
    (without its password, as `project.init` logs it)."""
    with project.session() as session:
        known = transcript_hashes(session)
    here_coders = set(project.coders())
    here_events = {event_key(e) for e in project.events()}
    new = replace(
        other,
        coders=tuple(c for c in other.coders if c not in here_coders),
        events=tuple(e for e in other.events if event_key(e) not in here_events),
    )
    regions = study_settings(project).regions
    _fielded, findings = screen_fields(new, None, origin, known, regions)
    findings += screen_archive(new, None, origin, known, regions).findings
    names = FieldScreen(None, regions)
    logged = (
        origin if "://" in given else names.file_name(PurePath(given).name, f"{given} (file name)")
    )
    findings += names.findings
    if findings:
        raise refusal(
            findings,
            "the copy's name, coder names, memos, transcripts or log entries",
            "correct them in the copy, then merge again",
        )
    return logged
