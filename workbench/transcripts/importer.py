"""Importing transcript files into a project: parse, screen, lay out and store, all-or-nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select

from workbench.anonymise.gate import Finding, screen
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.domain import UtteranceInfo
from workbench.errors import AnonymisationError, IngestError
from workbench.ingest import parse_file
from workbench.ingest.layout import lay_out
from workbench.store import models as m
from workbench.store.project import Project
from workbench.text.words import word_count
from workbench.transcripts.attributes import apply_attributes

TRANSCRIPT_NAME_MAX = 200  # the column's length: PostgreSQL refuses longer values


@dataclass(frozen=True)
class PreparedTranscript:
    """A file parsed, screened and rendered: what one transcript row will hold."""

    name: str
    source_name: str
    format: str
    text: str
    utterances: list[UtteranceInfo]
    replacements: list[tuple[tuple[str, str], int]]


@dataclass
class ImportSummary:
    transcripts: int = 0
    utterances: int = 0
    words: int = 0
    replacements: int = 0
    warnings: list[str] = field(default_factory=list)
    allowed_findings: list[Finding] = field(default_factory=list)


def import_transcripts(
    project: Project,
    paths: Sequence[Path],
    *,
    name: str | None = None,
    pseudonyms: Path | None = None,
    allow_identifiers: bool = False,
    attributes: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> ImportSummary:
    """Parse, screen and store every file in one transaction; any failure imports nothing."""
    if name is not None and len(paths) != 1:
        raise IngestError("--name applies to a single file; omit it to name by file")
    table = PseudonymTable.load(pseudonyms) if pseudonyms else None
    summary = ImportSummary()
    prepared: list[PreparedTranscript] = []
    names: dict[str, Path] = {}
    findings: list[Finding] = []
    for path in paths:
        if on_file:
            on_file(path)
        transcript_name = name or path.stem
        if len(transcript_name) > TRANSCRIPT_NAME_MAX:
            raise IngestError(
                f"a transcript name has at most {TRANSCRIPT_NAME_MAX} characters (give --name)",
                source=str(path),
            )
        if transcript_name in names:
            raise IngestError(
                f"two files would both be named '{transcript_name}' "
                f"(also {names[transcript_name]})",
                source=str(path),
            )
        names[transcript_name] = path
        if table is not None and table.names_in(transcript_name):
            raise AnonymisationError(
                f"the name '{transcript_name}' holds a name from the pseudonym table; "
                "rename the file or give --name",
                source=str(path),
            )
        gate = screen(parse_file(path), table)
        findings += gate.findings
        parsed = gate.transcript
        summary.warnings += [f"{path}: {warning}" for warning in parsed.warnings]
        text, utterances = lay_out(parsed)
        prepared.append(
            PreparedTranscript(
                name=transcript_name,
                source_name=_screened_file_name(path, table),
                format=parsed.format,
                text=text,
                utterances=utterances,
                replacements=sorted(gate.replacements.items()),
            )
        )
    if findings and not allow_identifiers:
        raise AnonymisationError(
            "\n".join(str(f) for f in findings)
            + "\nrefused: the transcript(s) above still hold identifiers; pass --pseudonyms "
            "TABLE to replace them, or --allow-identifiers after checking them"
        )
    with project.session() as session:
        existing = set(
            session.scalars(select(m.Transcript.name).where(m.Transcript.name.in_(names)))
        )
        if existing:
            first = sorted(existing)[0]
            raise IngestError(
                f"a transcript named '{first}' exists already", source=str(names[first])
            )
        for item in prepared:
            row = m.Transcript(
                name=item.name,
                text=item.text,
                sha256=hashlib.sha256(item.text.encode("utf-8")).hexdigest(),
                # Words spoken: speaker labels and timestamps are not counted.
                words=sum(word_count(item.text[u.start : u.end]) for u in item.utterances),
                source_name=item.source_name,
                source_format=item.format,
            )
            row.utterances = [
                m.Utterance(
                    seq=u.seq,
                    speaker=u.speaker,
                    start=u.start,
                    end=u.end,
                    start_seconds=u.start_seconds,
                    end_seconds=u.end_seconds,
                )
                for u in item.utterances
            ]
            session.add(row)
            session.flush()
            for (kind, replacement), count in item.replacements:
                session.add(
                    m.AnonymisationLog(
                        transcript_id=row.id, kind=kind, replacement=replacement, count=count
                    )
                )
                summary.replacements += count
            summary.transcripts += 1
            summary.utterances += len(item.utterances)
            summary.words += row.words
        detail = {"files": [i.source_name for i in prepared], "pseudonyms": bool(table)}
        project.log(session, "transcripts.import", ", ".join(names), json.dumps(detail))
        if findings:
            summary.allowed_findings = findings
            # Where each finding is, by the file's name as stored (it may be withheld).
            stored = {
                str(path): item.source_name for path, item in zip(paths, prepared, strict=True)
            }
            project.log(
                session,
                "anonymise.allow_identifiers",
                ", ".join(names),
                json.dumps(
                    {"findings": [str(replace(f, source=stored[f.source])) for f in findings]}
                ),
                why="--allow-identifiers",
            )
        if attributes is not None:
            summary.warnings += apply_attributes(project, session, attributes).skipped
    return summary


def _screened_file_name(path: Path, table: PseudonymTable | None) -> str:
    """The file name as stored: withheld if it holds a name from the pseudonym table."""
    if table is not None and table.names_in(path.name):
        return f"[file name withheld]{path.suffix}"
    return path.name
