"""One coder's coding actions on a project: apply, remove, memo, undo and redo, each committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.anonymise.gate import KIND_LABELS, FieldScreen
from workbench.coding.status import mark_in_progress
from workbench.domain import CodingInfo
from workbench.errors import AnonymisationError, CodingError
from workbench.store import coding_rows as rows
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import NewCoding, SpanKey, coder_ids
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name
from workbench.store.transcript_rows import transcript_extent, transcript_id_named, transcript_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code

NO_CODER = -1  # the id of a coder who has not acted yet: no row has it


MEMO_EXCERPT = 40  # characters of a memo that the status line quotes


@dataclass(frozen=True)
class Undone:
    """What undo or redo did, for the status line: which action, on what, and with a memo
    the text it now has, so that two steps never read alike unless they are alike."""

    kind: str  # apply, remove or memo
    code: str  # the code's path; "" for a memo on the transcript
    start: int
    end: int
    why_not: str = ""  # set when the step could change nothing: why
    memo: str = ""  # a memo step: the memo's text after it
    transcript: str = ""

    def describe(self, verb: str) -> str:
        if self.kind == "memo" and not self.code:
            what = f"memo on transcript {self.transcript}"
        elif self.kind == "memo":
            what = f"memo on {self.code} [{self.start}, {self.end})"
        else:
            label = {"apply": "coding", "remove": "removal"}[self.kind]
            what = f"{label} of {self.code} [{self.start}, {self.end})"
        if self.why_not:
            return f"{verb} nothing ({self.why_not}): {what}"
        if self.kind == "memo":
            return f"{verb} {what}: now {_quoted(self.memo)}"
        return f"{verb} {what}"


@dataclass(frozen=True)
class AuditNote:
    """An audit-log event recorded with an action, in its transaction: how it came about
    (e.g. a learned suggestion the coder accepted)."""

    action: str
    detail: str


def _quoted(memo: str) -> str:
    text = " ".join(memo.split())
    if not text:
        return "empty"
    cut = text if len(text) <= MEMO_EXCERPT else text[: MEMO_EXCERPT - 1] + "…"
    return f"“{cut}”"


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
            self._id: int | None = coder_ids(session, [self.coder]).get(self.coder)

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
        _refuse_identifiers(text)
        with self._writing() as session:
            tid = transcript_id_named(session, transcript)
            before = rows.transcript_memo(session, tid, self.coder_id) or ""
            if before == text:
                return False
            rows.drop_undone_actions(session, self.coder_id, tid)
            rows.add_transcript_memo_action(session, tid, self.coder_id, before, text)
            rows.write_transcript_memo(session, tid, self.coder_id, text)
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
            row = index.by_id.get(code) if isinstance(code, int) else index.resolve(code)
            if row is None:
                raise CodingError(f"no code with id {code}")
            _check_active(index, row)
            tid, length = transcript_extent(session, transcript)
            _check_span(length, start, end)
            coding = self._insert(session, (tid, row.id, self.coder_id, start, end), memo)
            # A redo re-creates the coding with the memo it was made with.
            self._record(session, coding.key, "apply", "", memo)
            if audit is not None:
                target = f"{transcript} [{start}, {end})"
                self.project.log(session, audit.action, target, audit.detail, actor=self.coder)
            mark_in_progress(session, tid, self.coder_id)
            return _info(coding, transcript, self.coder, index.path(row))

    def find(self, transcript: str, code: str, start: int, end: int) -> CodingInfo:
        """This coder's coding of `code` (a name or a path) on [start, end) of `transcript`."""
        with self.project.session() as session:
            index = CodeIndex(session)
            path = index.path(_followed(index, index.resolve(code)))
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
            info = _info(coding, transcript_name(session, coding.transcript_id), self.coder, path)
            self._record(session, coding.key, "remove", coding.memo, "")
            rows.delete_coding(session, coding.id)
            return info

    def set_memo(self, coding_id: int, memo: str) -> bool:
        """Store my memo on one of my codings; False when it already had that text."""
        _refuse_identifiers(memo)
        with self._writing() as session:
            coding = self._own(session, coding_id)
            if coding.memo == memo:
                return False
            self._record(session, coding.key, "memo", coding.memo, memo)
            rows.write_coding_memo(session, coding.id, memo)
            return True

    def undo(self, transcript: str) -> Undone | None:
        """Reverse this coder's latest action in `transcript`; None when there is none."""
        return self._step(transcript, back=True)

    def redo(self, transcript: str) -> Undone | None:
        """Do again the action undone last in `transcript`; None when there is none."""
        return self._step(transcript, back=False)

    def _step(self, transcript: str, back: bool) -> Undone | None:
        """Undo (`back`) the newest action not undone, or redo the oldest one undone."""
        if self._id is None:
            return None
        with self.project.writing(changes_codebook=False) as session:
            tid = transcript_id_named(session, transcript)
            action = rows.end_action(session, self.coder_id, tid, undone=not back, newest=back)
            if action is None:
                return None
            memo = action.memo_before if back else action.memo_after
            if action.on_transcript:
                rows.write_transcript_memo(session, tid, self.coder_id, memo)
                rows.mark_action(session, action.id, undone=back)
                return Undone("memo", "", 0, 0, memo=memo, transcript=transcript)
            assert action.code_id is not None  # every action but a transcript memo's has one
            index = CodeIndex(session)
            # The code the coding is on now: a merge may have moved it (older projects
            # kept the merged code's id in the history).
            code = _followed(index, index.by_id[action.code_id])
            key = (action.transcript_id, code.id, action.coder_id, action.start, action.end)
            why_not = ""
            coding = rows.coding_by_key(session, key)
            if action.kind == "memo":
                if coding is None:
                    why_not = "the coding it belonged to is gone"
                else:
                    rows.write_coding_memo(session, coding.id, memo)
            elif (action.kind == "remove") == back:  # undo a removal, redo an application
                if code.status != "active":  # a retired code is never coded again, so
                    why_not = f"'{index.path(code)}' is {code.status}"  # say so and step on
                elif coding is None:
                    self._insert(session, key, memo)
                else:
                    why_not = "the passage has that code from you already"
            elif coding is None:
                why_not = "the coding is gone"
            else:
                # The coding by what it is: a coder has one coding of a code on a span (row
                # ids are reused, and change when an undo re-creates a coding).
                rows.delete_coding(session, coding.id)
            # Marked even when nothing changed, so that the next step reaches the next action.
            rows.mark_action(session, action.id, undone=back)
            return Undone(
                action.kind, index.path(code), action.start, action.end, why_not, memo, transcript
            )

    # -- helpers -----------------------------------------------------------------------------

    def _insert(self, session: Session, key: SpanKey, memo: str) -> rows.CodingRow:
        transcript_id, code_id, coder_id, start, end = key
        # Unless it is there: the same coder in another terminal may store it this moment.
        coding = rows.add_coding_unless_there(
            session, NewCoding(transcript_id, code_id, coder_id, start, end, memo)
        )
        if coding is None:
            raise CodingError("already coded: this passage already has that code from you")
        return coding

    def _record(
        self, session: Session, key: SpanKey, kind: str, memo_before: str, memo_after: str
    ) -> None:
        # Something new makes the undone actions unreachable: drop them, as editors do.
        rows.drop_undone_actions(session, self.coder_id, key[0])
        rows.add_action(session, key, kind, memo_before, memo_after)

    def _own(self, session: Session, coding_id: int) -> rows.CodingRow:
        coding = rows.coding_by_id(session, coding_id)
        if coding is None:
            raise CodingError("that coding no longer exists")
        if coding.coder_id != self.coder_id:
            raise CodingError("that coding is another coder's; you can change only your own")
        return coding


def _followed(index: CodeIndex, code: Code) -> Code:
    """The code that `code`'s codings are on: itself, or the end of its chain of merges."""
    seen = {code.id}
    while code.status == "merged" and code.merged_into_id is not None:
        code = index.by_id[code.merged_into_id]
        if code.id in seen:  # a cycle cannot be made, but never loop on a damaged file
            break
        seen.add(code.id)
    return code


def _refuse_identifiers(memo: str) -> None:
    """A memo passes the gate that transcripts pass: no e-mail, phone, URL or ID number."""
    found = FieldScreen(None)
    found.text(memo, "memo")
    if found.findings:
        kinds = sorted({KIND_LABELS.get(f.kind, f.kind) for f in found.findings})
        raise AnonymisationError(
            f"the memo holds {', '.join(kinds)}: write it as a [label], as the transcripts do"
        )


def _check_active(index: CodeIndex, code: Code) -> None:
    if code.status != "active":
        raise CodingError(f"'{index.path(code)}' is {code.status}; choose an active code")


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
