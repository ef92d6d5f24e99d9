"""Codings as CSV: `transcript,coder,code,start,end[,memo,text]`, imported all-or-nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.anonymise.gate import FieldScreen, Finding, project_fields, refusal
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.coding.status import mark_all_in_progress
from workbench.errors import CodingError, WorkbenchError, one_line
from workbench.exchange.codings_export import EXPORT_COLUMNS, export_codings
from workbench.store.bulk import collector_paused
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import coding_keys, coding_rows_insert
from workbench.store.corpus_rows import coder_names, transcript_texts
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name
from workbench.store.transcript_rows import transcript_ids
from workbench.text.csvfile import read_cells
from workbench.text.normalise import normalise
from workbench.transcripts.attributes import as_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code

__all__ = ["EXPORT_COLUMNS", "REQUIRED", "CodingsImport", "export_codings", "import_codings"]

REQUIRED = ("transcript", "coder", "code", "start", "end")
CHUNK = 10_000  # rows checked and written at a time (see `import_codings`)


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
    """Validate every row and insert them all in one transaction (or nothing), CHUNK rows at
    a time: on PostgreSQL the server stores a chunk while the next one is checked. Memos
    and new coders' names pass the anonymisation gate (see `FieldScreen`); a bad row or
    the gate's refusal rolls back whatever was written before it."""
    header, rows = read_cells(path, REQUIRED, CodingError)
    fields = project_fields(project, PseudonymTable.load(pseudonyms) if pseudonyms else None)
    source = str(path)
    created: list[str] = []
    pairs: set[tuple[int, int]] = set()  # (transcript, coder) now in progress
    count = 0
    # Under the coding lock: a codebook merge cannot move codes between check and write.
    with project.writing(changes_codebook=False) as session:
        known = _Known.read(session)
        screen = _Screen(known, fields, source)
        check = _Validator(header, known, fields.table, screen.coder).row
        with collector_paused(), coding_rows_insert(session) as insert:
            for chunk in _chunks(rows):
                codings = screen(_validated_rows(chunk, check, source))
                new = [k for k in dict.fromkeys(row[2] for row in codings) if k not in known.coders]
                if new:
                    insert.wait()  # the session is the insert's until its chunk is in
                    created += _create_coders(session, new, known)
                coders = known.coders
                made = [(t, c, coders[k], s, e, memo) for t, c, k, s, e, memo in codings]
                insert.add(made)  # memos as written: an export gives them back
                pairs.update((row[0], row[2]) for row in made)
                count += len(made)
        if fields.findings and not allow_identifiers:
            raise refusal(
                fields.findings,
                "the memos or coder names",
                "pass --pseudonyms TABLE to replace them, or --allow-identifiers after "
                "checking them",
            )
        mark_all_in_progress(session, pairs)
        project.log(
            session,
            "codings.import",
            fields.file_name(path.name, f"{path} (file name)"),
            json.dumps({"codings": count, "coders_created": created}),
        )
    return CodingsImport(count, created)


def _chunks(rows: Iterator[_Line]) -> Iterator[list[_Line]]:
    """The rows CHUNK at a time."""
    while chunk := list(islice(rows, CHUNK)):
        yield chunk


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
        texts = transcript_texts(session.connection())
        transcripts = {name: (tid, texts[tid]) for name, tid in transcript_ids(session).items()}
        coder_by_id = coder_names(session.connection())
        codings = {(t, c, coder_by_id[k], s, e) for t, c, k, s, e in coding_keys(session)}
        coders = {name: cid for cid, name in coder_by_id.items()}
        return cls(index, transcripts, coders, codings)


# A valid row: (transcript id, code id, coder name, start, end, memo); the coder may be new.
_Row = tuple[int, int, str, int, int, str]
_Line = tuple[int, list[str]]  # a file's row: its line number and cells


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

    def __init__(
        self,
        header: list[str],
        known: _Known,
        table: PseudonymTable | None,
        stored_coder: _ScreenOnce,
    ):
        self.known = known
        self.table = table
        self.stored_coder = stored_coder
        at = {name: index for index, name in enumerate(header)}
        self._transcript_at, self._coder_at, self._code_at, self._start_at, self._end_at = (
            at[name] for name in REQUIRED
        )
        self._memo_at, self._text_at = at.get("memo"), at.get("text")
        self._texts: dict[str, _Text] = {}
        self._coders: dict[str, str] = {}
        self._codes: dict[str, int] = {}
        self.codings = known.codings

    def row(self, row: list[str]) -> _Row:
        """The row (its cells in the header's order) as a coding, or a WorkbenchError
        saying what is wrong with it."""
        cell = row[self._transcript_at]
        transcript = self._texts.get(cell) or self._transcript(cell)
        cell = row[self._coder_at]
        coder = self._coders.get(cell) or self._coder(cell)
        cell = row[self._code_at]
        code_id = self._codes.get(cell) or self._code(cell)
        first, last = row[self._start_at].strip(), row[self._end_at].strip()
        # Not "1_0", "+5", "1e3", which int() would take.
        if not (first.isascii() and first.isdigit() and last.isascii() and last.isdigit()):
            raise WorkbenchError(
                f"start and end must be whole numbers, not '{row[self._start_at][:20]}', "
                f"'{row[self._end_at][:20]}'"
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
        given = None if self._text_at is None else row[self._text_at]
        if given:
            coded = text[start:end]
            if (given != coded or not transcript.normalised) and normalise(given) != coded:
                raise WorkbenchError(
                    f"offset drift: text does not match [{start}, {end}) of "
                    f"'{transcript.name}' (found {coded[:40]!r})"
                )
        # A new coder's name as the gate stores it: the key a duplicate is found by (a
        # file imported twice with a pseudonym table names the coder as it was).
        if coder not in self.known.coders and coder not in self.stored_coder.plain:
            coder = self.stored_coder(coder)
            if len(coder) > CODER_NAME_MAX and coder not in self.known.coders:
                raise WorkbenchError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
        key = (transcript.id, code_id, coder, start, end)
        if key in self.codings:
            raise WorkbenchError("duplicate coding (same transcript, coder, code and span)")
        self.codings.add(key)
        return (*key, "" if self._memo_at is None else row[self._memo_at])

    def _transcript(self, cell: str) -> _Text:
        transcripts = self.known.transcripts
        name = as_named(cell, transcripts, self.table)
        if name not in transcripts:
            raise WorkbenchError(
                f"no transcript named '{name}' in the project: import the transcript first, "
                "or remove its rows (nothing was imported)"
            )
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
    rows: Iterable[_Line], check: Callable[[list[str]], _Row], source: str
) -> list[_Row]:
    """Every row checked against the project and the rows before it (`_Validator.row`);
    the first bad one is a CodingError naming its line."""
    valid: list[_Row] = []
    for line, row in rows:
        try:
            valid.append(check(row))
        except WorkbenchError as error:
            raise CodingError(one_line(error.message), source=source, line=line) from error
    return valid


class _ScreenOnce:
    """A FieldScreen's answer for each distinct value, worked out once: every later row
    with the same memo or new coder adds the same findings again, as if screened anew.
    `plain` holds the values stored as they are with nothing found: rows look them up
    instead of calling (100,000 calls cost a tenth of a second)."""

    def __init__(self, screen: Callable[[str, str], str], fields: FieldScreen, source: str):
        self.screen, self.fields, self.source = screen, fields, source
        self.seen: dict[str, tuple[str, list[Finding], Counter[tuple[str, str]]]] = {}
        self.plain: set[str] = {""}

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
            if stored == value and not known[1] and not known[2]:
                self.plain.add(value)
        elif known[1] or known[2]:
            fields.findings += known[1]
            fields.replacements += known[2]
        return known[0]


class _Screen:
    """Rows with their memos as the gate lets them be stored, chunk after chunk: a value is
    screened once, and clean memos first all together. New coders' names are screened
    as rows are checked (`coder`, which `_Validator` calls)."""

    def __init__(self, known: _Known, fields: FieldScreen, source: str):
        self.known, self.fields = known, fields
        self.coder = _ScreenOnce(fields.label, fields, f"{source} (coder name)")
        self.memo = _ScreenOnce(fields.text, fields, f"{source} (memo)")

    def __call__(self, rows: list[_Row]) -> list[_Row]:
        memo = self.memo
        memos = [m for m in dict.fromkeys(row[5] for row in rows) if m not in memo.seen]
        memo.plain.update(
            value
            for value, untouched in zip(memos, self.fields.untouched(memos), strict=True)
            if untouched
        )
        plain_memos = memo.plain
        return [(t, c, k, s, e, m if m in plain_memos else memo(m)) for t, c, k, s, e, m in rows]


def _code(index: CodeIndex, cell: str) -> Code:
    """The code a cell names; a path with spaces around it is first looked up as written."""
    if cell != cell.strip():
        for code in index.codes:
            if index.path(code) == cell:
                return code
    return index.resolve(cell)


def _create_coders(session: Session, names: list[str], known: _Known) -> list[str]:
    """Add these coders, which the project lacks, in this order."""
    for coder in names:
        known.coders[coder] = coder_by_name(session, coder, create=True).id
    return names
