"""Codings as CSV: `transcript,coder,code,start,end[,memo,text]`, imported all-or-nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.anonymise.gate import FieldScreen, Finding, project_fields, refusal
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.coding.status import mark_all_in_progress
from workbench.errors import CodingError, WorkbenchError, one_line
from workbench.exchange.codings_export import EXPORT_COLUMNS, export_codings
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import add_coding_rows, coding_keys
from workbench.store.corpus_rows import coder_names
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name
from workbench.store.transcript_rows import transcript_ids, transcript_texts
from workbench.text.csvfile import read_rows
from workbench.text.normalise import normalise
from workbench.transcripts.attributes import as_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code

__all__ = ["EXPORT_COLUMNS", "REQUIRED", "CodingsImport", "export_codings", "import_codings"]

REQUIRED = ("transcript", "coder", "code", "start", "end")


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
        coder_by_id = coder_names(session.connection())
        codings = {(t, c, coder_by_id[k], s, e) for t, c, k, s, e in coding_keys(session)}
        coders = {name: cid for cid, name in coder_by_id.items()}
        return cls(index, transcripts, coders, codings)


# A valid row: (transcript id, code id, coder name, start, end, memo); the coder may be new.
_Row = tuple[int, int, str, int, int, str]


@dataclass(frozen=True)
class _Text:
    """A transcript as rows check offsets against it."""

    id: int
    name: str
    text: str
    digits: int  # of its length: an offset with more cannot be inside it

    @cached_property
    def normalised(self) -> bool:
        """Whether the stored text is as `normalise` leaves it (every text stored since the
        first version): then a cell equal to a slice of it needs no normalising, as a slice
        of a normalised text is normalised."""
        return normalise(self.text) == self.text


class _Validator:
    """Checks rows against the project and the rows before them. What a cell means (a
    transcript, coder or code) is worked out once per distinct cell: 100,000 rows name a
    few dozen of each."""

    def __init__(self, known: _Known, table: PseudonymTable | None):
        self.known = known
        self.table = table
        self._texts: dict[str, _Text] = {}
        self._coders: dict[str, str] = {}
        self._codes: dict[str, int] = {}
        self.codings = known.codings

    def row(self, row: dict[str, str]) -> _Row:
        """The row as a coding, or a WorkbenchError saying what is wrong with it."""
        cell = row["transcript"]
        transcript = self._texts.get(cell) or self._transcript(cell)
        cell = row["coder"]
        coder = self._coders.get(cell) or self._coder(cell)
        cell = row["code"]
        code_id = self._codes.get(cell) or self._code(cell)
        first, last = row["start"].strip(), row["end"].strip()
        # Not "1_0", "+5", "1e3", which int() would take.
        if not (first.isascii() and first.isdigit() and last.isascii() and last.isdigit()):
            raise WorkbenchError(
                f"start and end must be whole numbers, not '{row['start'][:20]}', "
                f"'{row['end'][:20]}'"
            )
        text = transcript.text
        # More digits than the text's length has cannot be inside it (and int() refuses a
        # few thousand digits).
        digits = transcript.digits
        if (len(first) > digits and len(first.lstrip("0")) > digits) or (
            len(last) > digits and len(last.lstrip("0")) > digits
        ):
            raise WorkbenchError(
                f"offsets outside the text of '{transcript.name}' (0..{len(text)})"
            )
        start, end = int(first), int(last)
        if not 0 <= start < end <= len(text):
            raise WorkbenchError(
                f"offsets [{start}, {end}) outside the text of '{transcript.name}' "
                f"(0..{len(text)}) or empty"
            )
        given = row.get("text")
        if given:
            coded = text[start:end]
            if (given != coded or not transcript.normalised) and normalise(given) != coded:
                raise WorkbenchError(
                    f"offset drift: text does not match [{start}, {end}) of "
                    f"'{transcript.name}' (found {coded[:40]!r})"
                )
        if len(coder) > CODER_NAME_MAX and coder not in self.known.coders:
            raise WorkbenchError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
        key = (transcript.id, code_id, coder, start, end)
        if key in self.codings:
            raise WorkbenchError("duplicate coding (same transcript, coder, code and span)")
        self.codings.add(key)
        return (*key, row.get("memo") or "")

    def _transcript(self, cell: str) -> _Text:
        transcripts = self.known.transcripts
        name = as_named(cell, transcripts, self.table)
        if name not in transcripts:
            raise WorkbenchError(f"no transcript named '{name}'")
        transcript_id, text = transcripts[name]
        found = self._texts[cell] = _Text(transcript_id, name, text, len(str(len(text))))
        return found

    def _coder(self, cell: str) -> str:
        coder = as_named(cell, self.known.coders)
        if not coder:
            raise WorkbenchError("empty coder")
        self._coders[cell] = coder
        return coder

    def _code(self, cell: str) -> int:
        index = self.known.index
        code = _code(index, cell)
        if code.status == "merged":
            target = index.by_id[code.merged_into_id] if code.merged_into_id else None
            into = index.path(target) if target else "another code"
            raise WorkbenchError(f"code '{index.path(code)}' was merged into '{into}'")
        self._codes[cell] = code.id
        return code.id


def _validated_rows(
    rows: Iterable[tuple[int, dict[str, str]]],
    known: _Known,
    source: str,
    table: PseudonymTable | None,
) -> list[_Row]:
    """Every row checked against the project and the rows before it; the first bad one
    is a CodingError naming its line."""
    check = _Validator(known, table).row
    valid: list[_Row] = []
    for line, row in rows:
        try:
            valid.append(check(row))
        except WorkbenchError as error:
            raise CodingError(one_line(error.message), source=source, line=line) from error
    return valid


class _ScreenOnce:
    """A FieldScreen's answer for each distinct value, worked out once: every later row
    with the same memo or new coder adds the same findings again, as if screened anew."""

    def __init__(self, screen: Callable[[str, str], str], fields: FieldScreen, source: str):
        self.screen, self.fields, self.source = screen, fields, source
        self.seen: dict[str, tuple[str, list[Finding], Counter[tuple[str, str]]]] = {}

    def __call__(self, value: str) -> str:
        fields = self.fields
        known = self.seen.get(value)
        if known is None:
            findings, replacements = len(fields.findings), Counter(fields.replacements)
            stored = self.screen(value, self.source)
            known = self.seen[value] = (
                stored,
                fields.findings[findings:],
                fields.replacements - replacements,
            )
        elif known[1] or known[2]:
            fields.findings += known[1]
            fields.replacements += known[2]
        return known[0]


def _screened(rows: list[_Row], known: _Known, fields: FieldScreen, source: str) -> list[_Row]:
    """The rows with their memos and new coders' names as the gate lets them be stored."""
    coder = _ScreenOnce(fields.label, fields, f"{source} (coder name)")
    memo = _ScreenOnce(fields.text, fields, f"{source} (memo)")
    memos = list(dict.fromkeys(row[5] for row in rows if row[5]))
    for value, untouched in zip(memos, fields.untouched(memos), strict=True):
        if untouched:
            memo.seen[value] = (value, [], Counter())
    coders = known.coders
    return [
        (t, c, k if k in coders else coder(k), s, e, memo(m) if m else m)
        for t, c, k, s, e, m in rows
    ]


def _code(index: CodeIndex, cell: str) -> Code:
    """The code a cell names; a path with spaces around it is first looked up as written."""
    if cell != cell.strip():
        for code in index.codes:
            if index.path(code) == cell:
                return code
    return index.resolve(cell)


def _create_coders(session: Session, rows: list[_Row], known: _Known) -> list[str]:
    """Add the coders the rows name that the project lacks, in the order they appear."""
    created: list[str] = []
    for coder in dict.fromkeys(row[2] for row in rows):
        if coder not in known.coders:
            known.coders[coder] = coder_by_name(session, coder, create=True).id
            created.append(coder)
    return created


def _write_codings(session: Session, rows: list[_Row], known: _Known) -> None:
    """Insert the codings (memos as written: an export gives them back) and move each
    coder's transcripts from not started to in progress."""
    coders = known.coders
    codings = [(t, c, coders[k], s, e, memo) for t, c, k, s, e, memo in rows]
    add_coding_rows(session, codings)
    mark_all_in_progress(session, {(row[0], row[2]) for row in codings})
