"""Codings as CSV: `transcript,coder,code,start,end[,memo,text]`, imported all-or-nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.anonymise.gate import FieldScreen, project_fields, refusal
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.coding.status import mark_in_progress
from workbench.errors import CodingError, WorkbenchError, one_line
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import (
    CodingArrays,
    NewCoding,
    add_codings,
    coder_names,
    coding_keys,
    read_codings,
)
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name
from workbench.store.transcript_rows import transcript_ids, transcript_texts
from workbench.text.csvfile import read_rows
from workbench.text.normalise import normalise
from workbench.transcripts.attributes import as_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code

REQUIRED = ("transcript", "coder", "code", "start", "end")
EXPORT_COLUMNS = (*REQUIRED, "memo", "text", "speaker", "utterance")


@dataclass(frozen=True)
class CodingsImport:
    codings: int
    coders_created: list[str]


def import_codings(
    project: Project,
    path: Path,
    *,
    pseudonyms: Path | None = None,
    allow_identifiers: bool = False,
) -> CodingsImport:
    """Validate every row, then insert them all in one transaction (or nothing). Memos and
    new coders' names pass the anonymisation gate (see `FieldScreen`)."""
    _header, rows = read_rows(path, REQUIRED, CodingError)
    fields = project_fields(project, PseudonymTable.load(pseudonyms) if pseudonyms else None)
    # Under the coding lock: a codebook merge cannot move codes between check and write.
    with project.writing(changes_codebook=False) as session:
        known = _Known.read(session)
        valid = _validated_rows(rows, known, str(path), fields.table)
        codings = _screened(valid, known, fields, str(path))
        if fields.findings and not allow_identifiers:
            raise refusal(
                fields.findings,
                "the memos or coder names",
                "pass --pseudonyms TABLE to replace them, or --allow-identifiers after "
                "checking them",
            )
        created = _create_coders(session, codings, known)
        _write_codings(session, codings, known)
        project.log(
            session,
            "codings.import",
            fields.file_name(path.name, f"{path} (file name)"),
            json.dumps({"codings": len(codings), "coders_created": created}),
        )
    return CodingsImport(len(codings), created)


@dataclass(frozen=True)
class _Known:
    """What rows may refer to: the codebook, transcripts, coders and existing codings."""

    index: CodeIndex
    transcripts: dict[str, tuple[int, str]]  # name -> (id, text)
    coders: dict[str, int]  # name -> id
    codings: set[tuple[int, int, str, int, int]]  # transcript, code, coder name, start, end

    @classmethod
    def read(cls, session: Session) -> _Known:
        index = CodeIndex(session)
        texts = transcript_texts(session)
        transcripts = {name: (tid, texts[tid]) for name, tid in transcript_ids(session).items()}
        coder_by_id = coder_names(session)
        codings = {(t, c, coder_by_id[k], s, e) for t, c, k, s, e in coding_keys(session)}
        coders = {name: cid for cid, name in coder_by_id.items()}
        return cls(index, transcripts, coders, codings)


@dataclass(frozen=True)
class _Row:
    """A valid row: a coding to add, its coder by name (who may be new)."""

    transcript_id: int
    code_id: int
    coder: str
    start: int
    end: int
    memo: str


def _screened(rows: list[_Row], known: _Known, fields: FieldScreen, source: str) -> list[_Row]:
    """The rows with their memos and new coders' names as the gate lets them be stored."""
    return [
        replace(
            row,
            coder=row.coder
            if row.coder in known.coders
            else fields.label(row.coder, f"{source} (coder name)"),
            memo=fields.text(row.memo, f"{source} (memo)"),
        )
        for row in rows
    ]


def _validated_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    known: _Known,
    source: str,
    table: PseudonymTable | None,
) -> list[_Row]:
    """Every row checked against the project and the rows before it; the first bad one
    is a CodingError naming its line."""
    valid: list[_Row] = []
    resolved: dict[str, Code] = {}
    for line, row in rows:
        try:
            valid.append(_validated_row(row, known, resolved, table))
        except WorkbenchError as error:
            raise CodingError(one_line(error.message), source=source, line=line) from error
        known.codings.add(_key(valid[-1]))
    return valid


def _validated_row(
    row: dict[str, str], known: _Known, resolved: dict[str, Code], table: PseudonymTable | None
) -> _Row:
    index = known.index
    name = as_named(row["transcript"], known.transcripts, table)
    if name not in known.transcripts:
        raise WorkbenchError(f"no transcript named '{name}'")
    transcript_id, text = known.transcripts[name]
    coder = as_named(row["coder"], known.coders)
    if not coder:
        raise WorkbenchError("empty coder")
    code = resolved.get(row["code"]) or resolved.setdefault(row["code"], _code(index, row["code"]))
    if code.status == "merged":
        target = index.by_id[code.merged_into_id] if code.merged_into_id else None
        into = index.path(target) if target else "another code"
        raise WorkbenchError(f"code '{index.path(code)}' was merged into '{into}'")
    numbers = [row["start"].strip(), row["end"].strip()]
    if not all(n.isascii() and n.isdigit() for n in numbers):  # not "1_0", "+5", "1e3"
        raise WorkbenchError(
            f"start and end must be whole numbers, not '{row['start'][:20]}', '{row['end'][:20]}'"
        )
    # More digits than the text's length has cannot be inside it (and int() refuses a few
    # thousand digits).
    if any(len(n.lstrip("0")) > len(str(len(text))) for n in numbers):
        raise WorkbenchError(f"offsets outside the text of '{name}' (0..{len(text)})")
    start, end = int(numbers[0]), int(numbers[1])
    if not 0 <= start < end <= len(text):
        raise WorkbenchError(
            f"offsets [{start}, {end}) outside the text of '{name}' (0..{len(text)}) or empty"
        )
    given = row.get("text")
    if given is not None and given != "" and normalise(given) != text[start:end]:
        raise WorkbenchError(
            f"offset drift: text does not match [{start}, {end}) of '{name}' "
            f"(found {text[start:end][:40]!r})"
        )
    if coder not in known.coders and len(coder) > CODER_NAME_MAX:
        raise WorkbenchError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
    found = _Row(transcript_id, code.id, coder, start, end, row.get("memo") or "")
    if _key(found) in known.codings:
        raise WorkbenchError("duplicate coding (same transcript, coder, code and span)")
    return found


def _code(index: CodeIndex, cell: str) -> Code:
    """The code a cell names; a path with spaces around it is first looked up as written."""
    if cell != cell.strip():
        for code in index.codes:
            if index.path(code) == cell:
                return code
    return index.resolve(cell)


def _key(row: _Row) -> tuple[int, int, str, int, int]:
    return (row.transcript_id, row.code_id, row.coder, row.start, row.end)


def _create_coders(session: Session, rows: list[_Row], known: _Known) -> list[str]:
    """Add the coders the rows name that the project lacks, in the order they appear."""
    created: list[str] = []
    for row in rows:
        if row.coder not in known.coders:
            known.coders[row.coder] = coder_by_name(session, row.coder, create=True).id
            created.append(row.coder)
    return created


def _write_codings(session: Session, rows: list[_Row], known: _Known) -> None:
    """Insert the codings (memos as written: an export gives them back) and move each
    coder's transcripts from not started to in progress."""
    codings = [
        NewCoding(r.transcript_id, r.code_id, known.coders[r.coder], r.start, r.end, r.memo)
        for r in rows
    ]
    add_codings(session, codings)
    for transcript_id, coder_id in {(c.transcript_id, c.coder_id) for c in codings}:
        mark_in_progress(session, transcript_id, coder_id)


def export_codings(project: Project, coder: str | None = None) -> str:
    """Every coding (or one coder's) as CSV, code as full path, with text and speaker."""
    with project.session() as session:
        # An unknown coder is an error, not an empty file.
        wanted = None if coder is None else [coder_by_name(session, coder).id]
        codings = read_codings(session, coder_ids=wanted, memos=True)
    rows = sorted(_named_rows(codings), key=lambda r: (r[0], r[1], r[3], r[4], r[2]))
    docs = project.documents(row[0] for row in rows)
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for transcript, coder_name, code, start, end, memo in rows:
        doc = docs[transcript]
        utterance = doc.utterance_at(start)
        writer.writerow(
            (
                transcript,
                coder_name,
                code,
                start,
                end,
                memo,
                doc.text[start:end],
                (utterance.speaker or "") if utterance else "",
                utterance.seq if utterance else "",
            )
        )
    return stream.getvalue()


def _named_rows(codings: CodingArrays) -> list[tuple[str, str, str, int, int, str]]:
    """(transcript, coder, code path, start, end, memo) of each coding."""
    memos = codings.memos or ("",) * len(codings)
    return [
        (codings.transcripts[t], codings.coders[k], codings.codes[c], s, e, memo)
        for (t, c, k, s, e), memo in zip(codings.numbers.tolist(), memos, strict=True)
    ]
