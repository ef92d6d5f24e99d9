"""One coder's coding actions on a project: apply, remove, memo, undo and redo, each committed."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.anonymise.gate import project_fields, typed_entry
from workbench.coding.status import mark_in_progress
from workbench.coding.steps import followed, insert_coding, take
from workbench.coding.undone import Undone as Undone
from workbench.domain import CodingInfo
from workbench.errors import CodingError
from workbench.store import coding_rows as rows
from workbench.store.action_batches import (
    add_run_actions,
    codings_of,
    insert_codings,
    new_batch,
)
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import SpanKey
from workbench.store.corpus_rows import coder_ids, transcript_names
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name
from workbench.store.transcript_rows import transcript_extent, transcript_id_named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code

NO_CODER = -1  # the id of a coder who has not acted yet: no row has it


@dataclass(frozen=True)
class RunResult:
    """What a run of codings did: the code, how many passages it coded, how many had the
    code from the coder already, and in how many transcripts."""

    code: str
    coded: int
    already: int
    transcripts: int


@dataclass(frozen=True)
class AuditNote:
    """An audit-log event recorded with an action, in its transaction: how it came about
    (e.g. a learned suggestion the coder accepted)."""

    action: str
    detail: str


class CoderActions:
    """The actions of one coder; every method is one committed transaction."""

    def __init__(self, project: Project, coder: str):
        self.project = project
        self.coder = coder.strip()
        if not self.coder or len(self.coder) > CODER_NAME_MAX:
            raise CodingError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
        # A new coder is added to the project with their first action, not before: a name
        # mistyped at the prompt leaves nothing behind.
        with project.session() as session:
            self._id: int | None = coder_ids(session.connection(), [self.coder]).get(self.coder)
        if self._id is None:
            # A new name is stored with every action and in the log: it passes the gate as
            # typed. A known one passed it when it was new (or predates the gate, and
            # refusing it now would only lock its coder out: `anonymise replace` renames it).
            typed_entry(project_fields(project), self.coder, "the coder name", "coder", label=True)

    @property
    def coder_id(self) -> int:
        """The coder's id, or NO_CODER (which matches no row) before their first action."""
        return NO_CODER if self._id is None else self._id

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A transaction that adds the coder to the project if this is their first action.

        It holds the writer lock (shared with other codings) from its first read: a code
        checked active stays active, and unmerged, until the coding is stored.
        """
        adding = self._id is None
        try:
            with self.project.writing(changes_codebook=False) as session:
                if adding:
                    self._id = coder_by_name(session, self.coder, create=True).id
                yield session
        except BaseException:
            if adding:  # rolled back with the rest
                self._id = None
            raise

    # -- reading -----------------------------------------------------------------------------

    def codings(self, transcript: str, everyone: bool = False) -> list[CodingInfo]:
        """This coder's codings of a transcript (or every coder's), in text order."""
        return self.project.codings(
            coders=None if everyone else [self.coder], transcripts=[transcript]
        )

    def transcript_memo(self, transcript: str) -> str:
        with self.project.session() as session:
            tid = transcript_id_named(session, transcript)
            return rows.transcript_memo(session, tid, self.coder_id) or ""

    def set_transcript_memo(self, transcript: str, text: str) -> bool:
        """Store my memo on a transcript, as an action that undo reverses; False when the
        memo already had that text (nothing is stored or recorded then)."""
        self._refuse_identifiers(text)
        with self._writing() as session:
            tid = transcript_id_named(session, transcript)
            before = rows.transcript_memo(session, tid, self.coder_id) or ""
            if before == text:
                return False
            rows.drop_undone_actions(session, self.coder_id, tid)
            rows.add_transcript_memo_action(session, tid, self.coder_id, before, text)
            rows.write_transcript_memo(session, tid, self.coder_id, text)
            self._log(session, "memo", transcript, "", 0, 0, {"memo": text})
            return True

    # -- actions -----------------------------------------------------------------------------

    def apply(
        self,
        transcript: str,
        code: str | int,
        start: int,
        end: int,
        memo: str = "",
        audit: AuditNote | None = None,
    ) -> CodingInfo:
        """Code [start, end) of `transcript` with `code` (an id, a name or a path), with a
        memo if given: one action, which undo takes back whole; `audit` is logged with it."""
        with self._writing() as session:
            index = CodeIndex(session)
            row = _active_code(index, code)
            tid, length = transcript_extent(session, transcript)
            _check_span(length, start, end)
            coding = self._insert(session, (tid, row.id, self.coder_id, start, end), memo)
            # A redo re-creates the coding with the memo it was made with.
            self._record(session, coding.key, "apply", "", memo)
            if audit is not None:
                target = f"{transcript} [{start}, {end})"
                self.project.log(session, audit.action, target, audit.detail, actor=self.coder)
            mark_in_progress(session, tid, self.coder_id)
            path = index.path(row)
            self._log(
                session, "apply", transcript, path, start, end, {"memo": memo} if memo else {}
            )
            return _info(coding, transcript, self.coder, path)

    def apply_run(
        self, code: str | int, spans: Sequence[tuple[str, int, int]], label: str
    ) -> RunResult:
        """Code every (transcript, start, end) of `spans` with `code` in one transaction, as
        one run that undo takes back whole (in every transcript); a span the coder has that
        code on already is left as it is. Nothing new to code is an error: no empty run."""
        with self._writing() as session:
            index = CodeIndex(session)
            row = _active_code(index, code)
            extents: dict[str, tuple[int, int]] = {}
            places: list[tuple[int, int, int]] = []
            for transcript, start, end in spans:
                if transcript not in extents:
                    extents[transcript] = transcript_extent(session, transcript)
                tid, length = extents[transcript]
                _check_span(length, start, end)
                places.append((tid, start, end))
            present = codings_of(session, self.coder_id, row.id, {p[0] for p in places})
            new = [p for p in dict.fromkeys(places) if p not in present]
            already = len(set(places)) - len(new)
            if not new:
                every = "the one passage" if already == 1 else f"all {already:,} passages"
                raise CodingError(
                    f"nothing to code: {self.coder} has '{index.path(row)}' on {every} already"
                )
            touched = sorted({tid for tid, _, _ in new})
            for tid in touched:
                rows.drop_undone_actions(session, self.coder_id, tid)
            batch = new_batch(session, self.coder_id, label)
            insert_codings(session, self.coder_id, row.id, new)
            add_run_actions(session, self.coder_id, row.id, new, batch)
            for tid in touched:
                mark_in_progress(session, tid, self.coder_id)
            path = index.path(row)
            more = {"run": label, "codings": str(len(new)), "transcripts": str(len(touched))}
            self._log_run(session, "apply", path, more)
            return RunResult(path, len(new), already, len(touched))

    def find(self, transcript: str, code: str, start: int, end: int) -> CodingInfo:
        """This coder's coding of `code` (a name or a path) on [start, end) of `transcript`."""
        with self.project.session() as session:
            index = CodeIndex(session)
            path = index.path(followed(index, index.resolve(code)))
        for coding in self.codings(transcript):
            if (coding.code, coding.start, coding.end) == (path, start, end):
                return coding
        raise CodingError(
            f"{self.coder} has no coding of '{path}' on [{start}, {end}) in '{transcript}'"
        )

    def remove(self, coding_id: int) -> CodingInfo:
        with self._writing() as session:
            coding = self._own(session, coding_id)
            index = CodeIndex(session)
            path = index.path(index.by_id[coding.code_id])
            tid = coding.transcript_id
            info = _info(
                coding, transcript_names(session.connection(), [tid])[tid], self.coder, path
            )
            self._record(session, coding.key, "remove", coding.memo, "")
            rows.delete_coding(session, coding.id)
            self._log(session, "remove", info.transcript, path, info.start, info.end)
            return info

    def set_memo(self, coding_id: int, memo: str) -> bool:
        """Store my memo on one of my codings; False when it already had that text."""
        self._refuse_identifiers(memo)
        with self._writing() as session:
            coding = self._own(session, coding_id)
            if coding.memo == memo:
                return False
            self._record(session, coding.key, "memo", coding.memo, memo)
            rows.write_coding_memo(session, coding.id, memo)
            index = CodeIndex(session)
            tid = coding.transcript_id
            self._log(
                session,
                "memo",
                transcript_names(session.connection(), [tid])[tid],
                index.path(index.by_id[coding.code_id]),
                coding.start,
                coding.end,
                {"memo": memo},
            )
            return True

    def undo(self, transcript: str) -> Undone | None:
        """Reverse this coder's latest action in `transcript`; None when there is none."""
        return self._step(transcript, back=True)

    def redo(self, transcript: str) -> Undone | None:
        """Do again the action undone last in `transcript`; None when there is none."""
        return self._step(transcript, back=False)

    def undo_latest(self) -> Undone | None:
        """Reverse this coder's latest action in any transcript (a run's: the whole run)."""
        if self._id is None:
            return None
        with self.project.writing(changes_codebook=False) as session:
            action = rows.end_action(session, self.coder_id, None, undone=False, newest=True)
            if action is None:
                return None
            undone = take(session, action, back=True)
            self._log_step(session, "undo", undone)
            return undone

    def _step(self, transcript: str, back: bool) -> Undone | None:
        """Undo (`back`) the newest action not undone, or redo the oldest one undone."""
        if self._id is None:
            return None
        verb = "undo" if back else "redo"
        with self.project.writing(changes_codebook=False) as session:
            tid = transcript_id_named(session, transcript)
            action = rows.end_action(session, self.coder_id, tid, undone=not back, newest=back)
            if action is None:
                return None
            undone = take(session, action, back)
            self._log_step(session, verb, undone)
            return undone

    # -- helpers -----------------------------------------------------------------------------

    def _insert(self, session: Session, key: SpanKey, memo: str) -> rows.CodingRow:
        return insert_coding(session, key, memo)

    def _record(
        self, session: Session, key: SpanKey, kind: str, memo_before: str, memo_after: str
    ) -> None:
        # Something new makes the undone actions unreachable: drop them, as editors do.
        rows.drop_undone_actions(session, self.coder_id, key[0])
        rows.add_action(session, key, kind, memo_before, memo_after)

    def _log(
        self,
        session: Session,
        kind: str,
        transcript: str,
        code: str,
        start: int,
        end: int,
        more: dict[str, str] | None = None,
    ) -> None:
        """The action in the audit log, for good: the undo history forgets what is undone
        and then overtaken, and what a removed transcript had."""
        detail = json.dumps({"code": code, **(more or {})}, ensure_ascii=False)
        target = f"{transcript} [{start}, {end})"
        self.project.log(session, f"coding.{kind}", target, detail, actor=self.coder)

    def _log_step(self, session: Session, verb: str, undone: Undone) -> None:
        """An undo or redo in the audit log: one entry for a whole run, as it was made."""
        if undone.batch:
            detail = {
                "action": "run",
                "run": undone.batch,
                "steps": str(undone.steps),
                "unchanged": str(undone.unchanged),
                "transcripts": str(undone.transcripts),
            }
            self._log_run(session, verb, undone.code, detail)
            return
        more = {"action": undone.kind, **({"memo": undone.memo} if undone.kind == "memo" else {})}
        if undone.why_not:
            more["not_done"] = undone.why_not
        self._log(session, verb, undone.transcript, undone.code, undone.start, undone.end, more)

    def _log_run(self, session: Session, kind: str, code: str, more: dict[str, str]) -> None:
        """A run (an auto-coding) in the audit log, for good: one entry, not one per coding."""
        detail = json.dumps({"code": code, **more}, ensure_ascii=False)
        self.project.log(session, f"coding.{kind}", more.get("run", ""), detail, actor=self.coder)

    def _refuse_identifiers(self, memo: str) -> None:
        """A memo passes the gate that transcripts pass: no e-mail, phone, URL or ID number."""
        typed_entry(project_fields(self.project), memo, "the memo", "memo")

    def _own(self, session: Session, coding_id: int) -> rows.CodingRow:
        coding = rows.coding_by_id(session, coding_id)
        if coding is None:
            raise CodingError("that coding no longer exists")
        if coding.coder_id != self.coder_id:
            raise CodingError("that coding is another coder's; you can change only your own")
        return coding


def _active_code(index: CodeIndex, code: str | int) -> Code:
    """The code to apply (an id, a name or a path), which must be active."""
    row = index.by_id.get(code) if isinstance(code, int) else index.resolve(code)
    if row is None:
        raise CodingError(f"no code with id {code}")
    if row.status != "active":
        raise CodingError(f"'{index.path(row)}' is {row.status}; choose an active code")
    return row


def _check_span(length: int, start: int, end: int) -> None:
    if not 0 <= start < end <= length:
        raise CodingError(f"select some text first (span [{start}, {end}) is empty or outside)")


def _info(coding: rows.CodingRow, transcript: str, coder: str, code: str) -> CodingInfo:
    return CodingInfo(
        id=coding.id,
        transcript=transcript,
        coder=coder,
        code=code,
        start=coding.start,
        end=coding.end,
        memo=coding.memo,
        created_at=coding.created_at,
    )
