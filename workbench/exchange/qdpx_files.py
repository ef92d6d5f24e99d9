"""REFI-QDA files of a project: export .qdpx and .qdc, import .qdpx, load a .qdc codebook."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.anonymise.gate import (
    FieldScreen,
    Finding,
    ScreenedText,
    project_fields,
    refusal,
    screen_text,
)
from workbench.anonymise.offsets import OffsetMap
from workbench.anonymise.phones import DEFAULT_REGIONS
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.anonymise.settings import study_settings
from workbench.codebook.files import CodebookSpec, CodeSpec
from workbench.domain import ProjectSnapshot, SnapshotCoding, SnapshotTranscript
from workbench.errors import AnonymisationError, WorkbenchError
from workbench.exchange.codebook_gate import store_screened
from workbench.exchange.merge import MergeReport, merge_project
from workbench.exchange.qdpx import code_texts, export_refi, refi_to_snapshot
from workbench.exchange.qdpx_fields import screen_fields
from workbench.exchange.refi.model import RefiCode
from workbench.exchange.refi.read import read_qdc, read_qdpx
from workbench.exchange.refi.write import codebook_xml, qdpx_bytes
from workbench.store.project import Project
from workbench.store.transcript_rows import transcript_hashes
from workbench.text.outfile import check_target, project_file, write_file
from workbench.text.words import counted
from workbench.transcripts.plain import utterances_of


@dataclass
class QdpxImport:
    """What importing an archive did: the merge, and what the archive held that we left out."""

    merge: MergeReport
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    allowed_findings: list[Finding] = field(default_factory=list)
    # With a pseudonym table: the replacements it made, and in how many transcripts.
    replaced: tuple[int, int] | None = None

    def lines(self) -> list[str]:
        out = self.merge.lines()
        if self.replaced is not None:
            replacements, transcripts = self.replaced
            out.append(
                f"  pseudonyms: {counted(replacements, 'replacement')} in "
                f"{counted(transcripts, 'new transcript')}"
            )
        out += [f"  not imported: {line}" for line in self.skipped]
        out += [f"  note: {line}" for line in self.notes]
        return out


def export_qdpx(project: Project, out: Path, force: bool = False) -> int:
    """Write the project as a .qdpx archive (replacing an existing file only with `force`);
    the number of bytes written."""
    check_target(out, protect=_project_files(project), force=force)  # before the work
    data = qdpx_bytes(export_refi(project, _project_name(project)))
    write_file(out, data, protect=_project_files(project), force=force)
    return len(data)


def export_qdc(project: Project, out: Path, force: bool = False) -> int:
    """Write the codebook as a .qdc file; the number of bytes written."""
    codes = export_refi(project, _project_name(project)).codes
    if not codes:
        raise WorkbenchError("the codebook is empty: nothing to export")
    data = codebook_xml(codes)
    write_file(out, data, protect=_project_files(project), force=force)
    return len(data)


def read_archive(path: Path) -> tuple[ProjectSnapshot, list[str], list[str]]:
    """A .qdpx archive (or bare project.qde) as a snapshot, what was skipped, and notes."""
    refi = read_qdpx(path)
    snapshot, notes = refi_to_snapshot(refi, str(path))
    return snapshot, list(refi.skipped), [*refi.notes_for_user, *notes]


def import_qdpx(
    project: Project, path: Path, *, allow_identifiers: bool = False, pseudonyms: Path | None = None
) -> QdpxImport:
    """Bring an archive's codebook, transcripts (text kept exactly, or screened with the
    pseudonym table), coders, codings, memos and attributes into the project, all or nothing,
    through the anonymisation gate."""
    table = PseudonymTable.load(pseudonyms) if pseudonyms is not None else None
    snapshot, skipped, notes = read_archive(path)
    with project.session() as session:  # the hashes only: a study's texts are megabytes
        known = transcript_hashes(session)
    origin = str(path)
    if table is not None and table.names_in(origin):
        origin = f"[archive name withheld]{path.suffix}"  # the audit log keeps the origin
    regions = study_settings(project).regions
    fielded, field_found = screen_fields(snapshot, table, origin, known, regions)
    screened = screen_archive(fielded, table, origin, known, regions)
    # The audit log names the archive as the gate left its name (study_[P1].qdpx).
    names = FieldScreen(table, regions)
    logged = names.file_name(path.name, f"{origin} (file name)")
    findings = [*screened.findings, *field_found, *names.findings]
    if findings and not allow_identifiers:
        advice = (
            "add them to the pseudonym table" if table is not None else "pass --pseudonyms TABLE"
        )
        raise refusal(
            findings,
            "the transcript(s)",
            f"{advice}, remove them in the archive, or pass --allow-identifiers after "
            "checking them",
        )
    report = merge_project(project, screened.snapshot, origin, logged, via="import")
    if findings:
        with project.session() as session:
            project.log(
                session,
                "anonymise.allow_identifiers",
                logged,
                json.dumps({"findings": [str(f) for f in findings]}),
                why="--allow-identifiers",
            )
    return QdpxImport(report, skipped, [*notes, *screened.notes], findings, screened.replaced)


@dataclass
class ScreenedArchive:
    """An archive's snapshot after the gate: what to merge, what was found, and (with a table)
    how many replacements it made in how many transcripts."""

    snapshot: ProjectSnapshot
    findings: list[Finding]
    replaced: tuple[int, int] | None = None
    notes: list[str] = field(default_factory=list)


def screen_archive(
    snapshot: ProjectSnapshot,
    table: PseudonymTable | None,
    origin: str,
    known: set[str],
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> ScreenedArchive:
    """Screen each transcript whose text is not in `known` (those passed the gate before) as a
    text kept as written; with a table, its text is replaced and its codings move with it."""
    findings: list[Finding] = []
    transcripts: list[SnapshotTranscript] = []
    moved: dict[str, OffsetMap] = {}
    for transcript in snapshot.transcripts:
        if transcript.sha256 in known:
            transcripts.append(transcript)
            continue
        if table is not None and table.names_in(transcript.name):
            raise AnonymisationError(
                f"source '{transcript.source_name}' (transcript '{transcript.name}') holds a "
                "name from the pseudonym table; rename it in the archive",
                source=origin,
            )
        screened = screen_text(
            transcript.text, table, f"{origin} ({transcript.name})", regions=regions
        )
        findings += screened.findings
        if table is None:
            transcripts.append(transcript)
            continue
        moved[transcript.name] = screened.offsets
        transcripts.append(_screened(transcript, screened, table))
    codings, joined = _moved(snapshot.codings, moved)
    counts = [sum(t.replacements.values()) for t in transcripts if t.name in moved]
    return ScreenedArchive(
        replace(snapshot, transcripts=tuple(transcripts), codings=codings),
        findings,
        (sum(counts), sum(n > 0 for n in counts)) if table is not None else None,
        [f"{counted(joined, 'coding')} joined another of its code and coder on the same span"]
        if joined
        else [],
    )


def _screened(
    transcript: SnapshotTranscript, screened: ScreenedText, table: PseudonymTable
) -> SnapshotTranscript:
    """The transcript as the gate left it: its utterances found again in the new text, its
    replacements counted for the anonymisation log, its source's name withheld if it holds a
    name from the table."""
    source_name = transcript.source_name
    if table.names_in(source_name):
        source_name = f"[source name withheld]{Path(source_name).suffix}"
    return replace(
        transcript,
        text=screened.text,
        sha256=hashlib.sha256(screened.text.encode("utf-8")).hexdigest(),
        source_name=source_name,
        utterances=utterances_of(screened.text, source_name),
        replacements=dict(screened.replacements),
    )


def _moved(
    codings: tuple[SnapshotCoding, ...], moved: dict[str, OffsetMap]
) -> tuple[tuple[SnapshotCoding, ...], int]:
    """Codings on the replaced texts, and how many were joined to another. A boundary inside a
    replaced name snaps outward to its label's, so no coded word is lost and no label is cut;
    two codings (one code, one coder) that now cover the same span become one, memos joined."""
    out: list[SnapshotCoding] = []
    at: dict[tuple[str, str, str, int, int], int] = {}
    joined = 0
    for coding in codings:
        offsets = moved.get(coding.transcript)
        if offsets is None:
            out.append(coding)
            continue
        start, end = offsets.span(coding.start, coding.end)
        key = (coding.transcript, coding.code_guid, coding.coder, start, end)
        if key not in at:
            at[key] = len(out)
            out.append(replace(coding, start=start, end=end))
            continue
        first = out[at[key]]
        if coding.memo and coding.memo not in first.memo:
            out[at[key]] = replace(first, memo=f"{first.memo}\n\n{coding.memo}".strip())
        joined += 1
    return tuple(out), joined


def load_qdc(
    project: Project, path: Path, *, pseudonyms: Path | None = None, allow_identifiers: bool = False
) -> tuple[int, int, list[str]]:
    """Load a .qdc codebook like a YAML one, through the gate: (created, updated, notes).
    Retired codes that the project lacks are listed, not added: a codebook load makes active
    codes only."""
    fields = project_fields(project, PseudonymTable.load(pseudonyms) if pseudonyms else None)
    codes = read_qdc(path)
    notes: list[str] = []
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            notes.append(
                f"{path.name} is a project archive: only its codebook was loaded (`workbench "
                "import` brings in its transcripts and codings too)"
            )

    def spec(code: RefiCode) -> CodeSpec | None:
        if code.retired:
            notes.append(f"retired code '{code.name}' not loaded")
            return None
        texts = code_texts(code, str(path))
        return CodeSpec(
            name=texts.name,
            line=0,
            guid=code.guid,
            key=texts.key,
            colour=code.colour,
            description=texts.description,
            include=texts.include,
            exclude=texts.exclude,
            example=texts.example,
            children=[c for child in code.children if (c := spec(child)) is not None],
        )

    tops = [c for code in codes if (c := spec(code)) is not None]
    name = project.setting("codebook.name") or path.stem
    description = project.setting("codebook.description")
    _, created, updated = store_screened(
        project, CodebookSpec(name, description, tops), fields, path, allow_identifiers
    )
    return created, updated, notes


def _project_name(project: Project) -> str:
    return project.setting("codebook.name") or Path(project.location).stem or "workbench"


def _project_files(project: Project) -> list[Path]:
    own = project_file(project.location)
    return [own] if own is not None else []
