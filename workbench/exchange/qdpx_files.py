"""REFI-QDA files of a project: export .qdpx and .qdc, import .qdpx, load a .qdc codebook."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from workbench.anonymise.detectors import detect
from workbench.anonymise.gate import Finding
from workbench.codebook import service
from workbench.codebook.files import CodebookSpec, CodeSpec
from workbench.domain import ProjectSnapshot
from workbench.errors import AnonymisationError, WorkbenchError
from workbench.exchange.merge import MergeReport, merge_project
from workbench.exchange.qdpx import export_refi, refi_to_snapshot, split_description
from workbench.exchange.refi.model import RefiCode
from workbench.exchange.refi.read import read_qdc, read_qdpx
from workbench.exchange.refi.write import codebook_xml, qdpx_bytes
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot


@dataclass
class QdpxImport:
    """What importing an archive did: the merge, and what the archive held that we left out."""

    merge: MergeReport
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    allowed_findings: list[Finding] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = self.merge.lines()
        out += [f"  not imported: {line}" for line in self.skipped]
        out += [f"  note: {line}" for line in self.notes]
        return out


def export_qdpx(project: Project, out: Path) -> int:
    """Write the project as a .qdpx archive; the number of bytes written."""
    data = qdpx_bytes(export_refi(project, _project_name(project)))
    _write(project, out, data)
    return len(data)


def export_qdc(project: Project, out: Path) -> int:
    """Write the codebook as a .qdc file; the number of bytes written."""
    codes = export_refi(project, _project_name(project)).codes
    if not codes:
        raise WorkbenchError("the codebook is empty: nothing to export")
    data = codebook_xml(codes)
    _write(project, out, data)
    return len(data)


def read_archive(path: Path) -> tuple[ProjectSnapshot, list[str], list[str]]:
    """A .qdpx archive (or bare project.qde) as a snapshot, what was skipped, and notes."""
    refi = read_qdpx(path)
    snapshot, notes = refi_to_snapshot(refi)
    return snapshot, list(refi.skipped), [*refi.notes_for_user, *notes]


def import_qdpx(
    project: Project, path: Path, *, allow_identifiers: bool = False, pseudonyms: Path | None = None
) -> QdpxImport:
    """Bring an archive's codebook, transcripts (text kept exactly), coders, codings, memos
    and attributes into the project, all or nothing, through the anonymisation gate."""
    if pseudonyms is not None:
        raise WorkbenchError(
            "--pseudonyms cannot be applied to a .qdpx archive yet: replacing names would move "
            "every coding's offsets; apply the table in the tool that made the archive, or "
            "import the transcripts as files",
            source=str(path),
        )
    snapshot, skipped, notes = read_archive(path)
    known = {t.sha256 for t in read_snapshot(project).transcripts}
    findings = [
        Finding(f"{path} ({t.name})", t.text.count("\n", 0, d.start) + 1, d.kind)
        for t in snapshot.transcripts
        if t.sha256 not in known  # a transcript already here passed the gate before
        for d in detect(t.text)
    ]
    if findings and not allow_identifiers:
        raise AnonymisationError(
            "\n".join(str(f) for f in findings)
            + "\nrefused: the transcript(s) above still hold identifiers; remove them in the "
            "archive, or pass --allow-identifiers after checking them"
        )
    report = merge_project(project, snapshot, str(path))
    if findings:
        with project.session() as session:
            project.log(
                session,
                "anonymise.allow_identifiers",
                path.name,
                json.dumps({"findings": [str(f) for f in findings]}),
                why="--allow-identifiers",
            )
    return QdpxImport(report, skipped, notes, findings)


def load_qdc(project: Project, path: Path) -> tuple[int, int, list[str]]:
    """Load a .qdc codebook like a YAML one: (created, updated, notes). Retired codes that the
    project lacks are listed, not added: a codebook load makes active codes only."""
    codes = read_qdc(path)
    notes: list[str] = []

    def spec(code: RefiCode) -> CodeSpec | None:
        if code.retired:
            notes.append(f"retired code '{code.name}' not loaded")
            return None
        description, fields = split_description(code.description)
        return CodeSpec(
            name=code.name.replace("/", "-").strip() or "unnamed",
            line=0,
            guid=code.guid,
            key=fields.get("key"),
            colour=code.colour,
            description=description,
            include=fields.get("include", ""),
            exclude=fields.get("exclude", ""),
            example=fields.get("example", ""),
            children=[c for child in code.children if (c := spec(child)) is not None],
        )

    tops = [c for code in codes if (c := spec(code)) is not None]
    name = project.setting("codebook.name") or path.stem
    description = project.setting("codebook.description")
    created, updated = service.load(project, CodebookSpec(name, description, tops), str(path))
    return created, updated, notes


def _project_name(project: Project) -> str:
    return project.setting("codebook.name") or Path(project.location).stem or "workbench"


def _write(project: Project, out: Path, data: bytes) -> None:
    if out.resolve() == Path(project.location).resolve():
        raise WorkbenchError(f"{out} is the project itself; choose another file name")
    try:
        out.write_bytes(data)
    except OSError as error:
        raise WorkbenchError(f"cannot write {out}: {error.strerror}") from error
