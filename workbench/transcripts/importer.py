"""Importing transcript files into a project: parse, screen, lay out and store, all-or-nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.anonymise.gate import (
    FieldScreen,
    Finding,
    GateResult,
    project_fields,
    refusal,
    screen,
)
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.anonymise.strict import name_findings
from workbench.domain import UtteranceInfo
from workbench.errors import IngestError
from workbench.ingest import parse_file
from workbench.ingest.layout import lay_out
from workbench.ingest.model import ParsedTranscript
from workbench.store.project import Project
from workbench.store.transcript_rows import (
    PreparedTranscript,
    add_transcripts,
    transcript_names_taken,
)
from workbench.transcripts.attributes import apply_attributes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

TRANSCRIPT_NAME_MAX = 200  # the column's length: PostgreSQL refuses longer values


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
    lenient: bool = False,
    no_turns: bool = True,
    strict_names: bool = False,
) -> ImportSummary:
    """Parse, screen and store every file in one transaction; any failure imports nothing.

    With `lenient`, broken subtitle cues are repaired (each a warning) rather than refused.
    Without `no_turns`, files with no speaker turns are refused (a stray file in a glob).
    With `strict_names`, names and places left after screening refuse the import too.
    """
    if name is not None and len(paths) != 1:
        raise IngestError("--name applies to a single file; omit it to name by file")
    table = PseudonymTable.load(pseudonyms) if pseudonyms else None
    fields = project_fields(project, table)  # names of files and transcripts, attributes
    names, screened = _read_and_screen(paths, name, fields, on_file, lenient)
    if not no_turns:
        _refuse_files_without_turns(paths, screened)
    prepared = [
        _prepare(transcript_name, path, gate, fields)
        for (transcript_name, path), gate in zip(names.items(), screened, strict=True)
    ]
    findings = [*(finding for gate in screened for finding in gate.findings), *fields.findings]
    if strict_names:
        findings += name_findings(project, screened)
    _refuse_identifiers(findings, allow_identifiers)
    summary = _summary(prepared, paths, screened)
    with project.session() as session:
        _refuse_names_taken(session, names)
        add_transcripts(session, prepared)
        _log_import(project, session, prepared, bool(table))
        if attributes is not None:
            before = len(fields.findings)
            summary.warnings += apply_attributes(project, session, attributes, fields).skipped
            findings += fields.findings[before:]
            _refuse_identifiers(findings, allow_identifiers)
        if findings:
            summary.allowed_findings = findings
            _log_allowed_findings(project, session, paths, prepared, findings)
    return summary


def _read_and_screen(
    paths: Sequence[Path],
    name: str | None,
    fields: FieldScreen,
    on_file: Callable[[Path], None] | None,
    lenient: bool,
) -> tuple[dict[str, Path], list[GateResult]]:
    """Name, parse and screen each file in turn: file by transcript name, and what the
    gate made of each (the table's names replaced, what remains found)."""
    names: dict[str, Path] = {}
    screened: list[GateResult] = []
    for path in paths:
        if on_file:
            on_file(path)
        names[_transcript_name(path, name, names, fields)] = path
        screened.append(screen(parse_file(path, lenient=lenient), fields.table, fields.regions))
    return names, screened


def _transcript_name(
    path: Path, name: str | None, taken: dict[str, Path], fields: FieldScreen
) -> str:
    """The file's transcript name (`name`, or its stem) through the gate, checked against the
    names before."""
    # Stripped, as every CSV reader strips its cells: an export names it as an import reads it.
    transcript_name = fields.label((name or path.stem).strip(), f"{path} (transcript name)")
    if not transcript_name:
        raise IngestError("a transcript name cannot be blank (give --name)", source=str(path))
    if len(transcript_name) > TRANSCRIPT_NAME_MAX:
        raise IngestError(
            f"a transcript name has at most {TRANSCRIPT_NAME_MAX} characters (give --name)",
            source=str(path),
        )
    if transcript_name in taken:
        raise IngestError(
            f"two files would both be named '{transcript_name}' (also {taken[transcript_name]})",
            source=str(path),
        )
    return transcript_name


def _refuse_files_without_turns(paths: Sequence[Path], screened: list[GateResult]) -> None:
    """One line listing the files in which no turn has a speaker."""
    without = [
        str(path)
        for path, gate in zip(paths, screened, strict=True)
        if not any(turn.speaker for turn in gate.transcript.turns)
    ]
    if without:
        listed = ", ".join(without[:5]) + (
            f" and {len(without) - 5} more" if len(without) > 5 else ""
        )
        raise IngestError(
            f"no speaker turns in {listed}: pass --no-turns to import such files, or leave them out"
        )


def _refuse_identifiers(findings: list[Finding], allow_identifiers: bool) -> None:
    if findings and not allow_identifiers:
        raise refusal(
            findings,
            "the transcript(s)",
            "pass --pseudonyms TABLE to replace them, or --allow-identifiers after checking them",
        )


def _prepare(
    transcript_name: str, path: Path, gate: GateResult, fields: FieldScreen
) -> PreparedTranscript:
    """What the transcript's rows will hold: its text laid out, with utterance offsets."""
    text, utterances = _lay_out(gate.transcript)
    return PreparedTranscript(
        name=transcript_name,
        source_name=fields.file_name(path.name, f"{path} (file name)"),
        format=gate.transcript.format,
        text=text,
        utterances=utterances,
        replacements=sorted(gate.replacements.items()),
    )


def _lay_out(parsed: ParsedTranscript) -> tuple[str, list[UtteranceInfo]]:
    """The stored text and its utterances' offsets: the file as written (.txt, .md), else a
    rendered layout."""
    return lay_out(parsed)


def _summary(
    prepared: list[PreparedTranscript], paths: Sequence[Path], screened: list[GateResult]
) -> ImportSummary:
    """What the import will add, and each file's parser warnings."""
    return ImportSummary(
        transcripts=len(prepared),
        utterances=sum(len(item.utterances) for item in prepared),
        words=sum(item.words for item in prepared),
        replacements=sum(count for item in prepared for _what, count in item.replacements),
        warnings=[
            f"{path}: {warning}"
            for path, gate in zip(paths, screened, strict=True)
            for warning in gate.transcript.warnings
        ],
    )


def _refuse_names_taken(session: Session, names: dict[str, Path]) -> None:
    existing = transcript_names_taken(session, names)
    if existing:
        first = sorted(existing)[0]
        raise IngestError(f"a transcript named '{first}' exists already", source=str(names[first]))


def _log_import(
    project: Project, session: Session, prepared: list[PreparedTranscript], pseudonyms: bool
) -> None:
    detail = {"files": [item.source_name for item in prepared], "pseudonyms": pseudonyms}
    names = ", ".join(item.name for item in prepared)
    project.log(session, "transcripts.import", names, json.dumps(detail))


def _log_allowed_findings(
    project: Project,
    session: Session,
    paths: Sequence[Path],
    prepared: list[PreparedTranscript],
    findings: list[Finding],
) -> None:
    """Record what --allow-identifiers let in, each finding by the file's name as stored."""
    stored = {str(path): item.source_name for path, item in zip(paths, prepared, strict=True)}

    def as_stored(finding: Finding) -> Finding:
        path, _, field = finding.source.partition(" (")
        if path not in stored:
            return finding
        return replace(finding, source=stored[path] + (f" ({field}" if field else ""))

    project.log(
        session,
        "anonymise.allow_identifiers",
        ", ".join(item.name for item in prepared),
        json.dumps({"findings": [str(as_stored(f)) for f in findings]}),
        why="--allow-identifiers",
    )
