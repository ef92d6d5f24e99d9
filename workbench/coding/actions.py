"""One coder's coding actions on a project: apply, remove, memo, undo and redo, each committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from workbench.coding.status import mark_in_progress
from workbench.domain import CodingInfo
from workbench.errors import CodingError
from workbench.store import models as m
from workbench.store.codeindex import CodeIndex
from workbench.store.models import utcnow
from workbench.store.project import CODER_NAME_MAX, Project, coder_by_name, transcript_by_name

NO_CODER = -1  # the id of a coder who has not acted yet: no row has it


@dataclass(frozen=True)
class Undone:
    """What undo or redo did, for the status line."""

    kind: str
    code: str
    start: int
    end: int

    def describe(self, verb: str) -> str:
        label = {"apply": "coding", "remove": "removal", "memo": "memo"}[self.kind]
        return f"{verb} {label} of {self.code} [{self.start}, {self.end})"


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
            self._id: int | None = session.scalar(
                select(m.Coder.id).where(m.Coder.name == self.coder)
            )

    @property
    def coder_id(self) -> int:
        """The coder's id, or NO_CODER (which matches no row) before their first action."""
        return NO_CODER if self._id is None else self._id

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A transaction that adds the coder to the project if this is their first action."""
        adding = self._id is None
        try:
            with self.project.session() as session:
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
            memo = self._transcript_memo(session, transcript)
            return memo.text if memo else ""

    def set_transcript_memo(self, transcript: str, text: str) -> None:
        with self._writing() as session:
            memo = self._transcript_memo(session, transcript)
            if memo is None:
                tid = transcript_by_name(session, transcript).id
                session.add(m.Memo(transcript_id=tid, coder_id=self.coder_id, text=text))
            else:
                memo.text, memo.updated_at = text, utcnow()

    def _transcript_memo(self, session: Session, transcript: str) -> m.Memo | None:
        tid = transcript_by_name(session, transcript).id
        return session.scalar(
            select(m.Memo).where(
                m.Memo.transcript_id == tid,
                m.Memo.coder_id == self.coder_id,
                m.Memo.code_id.is_(None),
            )
        )

    # -- actions -----------------------------------------------------------------------------

    def apply(self, transcript: str, code: str | int, start: int, end: int) -> CodingInfo:
        with self._writing() as session:
            index = CodeIndex(session)
            row = index.by_id.get(code) if isinstance(code, int) else index.resolve(code)
            if row is None:
                raise CodingError(f"no code with id {code}")
            _check_active(index, row)
            doc = transcript_by_name(session, transcript)
            _check_span(doc, start, end)
            coding = self._insert(session, doc.id, row.id, start, end, "")
            self._record(session, doc.id, "apply", row.id, start, end, "", "")
            mark_in_progress(session, doc.id, self.coder_id)
            return _info(coding, transcript, self.coder, index.path(row))

    def remove(self, coding_id: int) -> CodingInfo:
        with self._writing() as session:
            coding = self._own(session, coding_id)
            index = CodeIndex(session)
            info = _info(
                coding, _name(session, coding), self.coder, index.path(index.by_id[coding.code_id])
            )
            self._record(
                session,
                coding.transcript_id,
                "remove",
                coding.code_id,
                coding.start,
                coding.end,
                coding.memo,
                "",
            )
            session.delete(coding)
            return info

    def set_memo(self, coding_id: int, memo: str) -> None:
        with self._writing() as session:
            coding = self._own(session, coding_id)
            if coding.memo == memo:
                return
            self._record(
                session,
                coding.transcript_id,
                "memo",
                coding.code_id,
                coding.start,
                coding.end,
                coding.memo,
                memo,
            )
            coding.memo = memo

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
        with self.project.session() as session:
            tid = transcript_by_name(session, transcript).id
            order = m.CodingAction.id.desc() if back else m.CodingAction.id.asc()
            action = session.scalar(
                self._actions(tid)
                .where(m.CodingAction.undone.is_(not back))
                .order_by(order)
                .limit(1)
            )
            if action is None:
                return None
            memo = action.memo_before if back else action.memo_after
            if action.kind == "memo":
                self._memo_for(session, action, memo)
            elif (action.kind == "remove") == back:  # undo a removal, redo an application
                _check_active_id(session, action.code_id)  # no retired code comes back
                self._insert(session, tid, action.code_id, action.start, action.end, memo)
            else:
                self._delete_for(session, action)
            action.undone = back
            return self._undone(session, action)

    # -- helpers -----------------------------------------------------------------------------

    def _actions(self, transcript_id: int) -> Select[m.CodingAction]:
        return select(m.CodingAction).where(
            m.CodingAction.coder_id == self.coder_id,
            m.CodingAction.transcript_id == transcript_id,
        )

    def _insert(
        self, session: Session, transcript_id: int, code_id: int, start: int, end: int, memo: str
    ) -> m.Coding:
        duplicate = session.scalar(
            select(func.count()).where(
                m.Coding.transcript_id == transcript_id,
                m.Coding.code_id == code_id,
                m.Coding.coder_id == self.coder_id,
                m.Coding.start == start,
                m.Coding.end == end,
            )
        )
        if duplicate:
            raise CodingError("this passage already has that code from you")
        coding = m.Coding(
            transcript_id=transcript_id,
            code_id=code_id,
            coder_id=self.coder_id,
            start=start,
            end=end,
            memo=memo,
        )
        session.add(coding)
        session.flush()
        return coding

    def _record(
        self,
        session: Session,
        transcript_id: int,
        kind: str,
        code_id: int,
        start: int,
        end: int,
        memo_before: str,
        memo_after: str,
    ) -> None:
        # Something new makes the undone actions unreachable: drop them, as editors do.
        session.execute(
            delete(m.CodingAction).where(
                m.CodingAction.coder_id == self.coder_id,
                m.CodingAction.transcript_id == transcript_id,
                m.CodingAction.undone.is_(True),
            )
        )
        session.add(
            m.CodingAction(
                coder_id=self.coder_id,
                transcript_id=transcript_id,
                kind=kind,
                code_id=code_id,
                start=start,
                end=end,
                memo_before=memo_before,
                memo_after=memo_after,
            )
        )

    def _own(self, session: Session, coding_id: int) -> m.Coding:
        coding = session.get(m.Coding, coding_id)
        if coding is None:
            raise CodingError("that coding no longer exists")
        if coding.coder_id != self.coder_id:
            raise CodingError("that coding is another coder's; you can change only your own")
        return coding

    def _find(self, session: Session, action: m.CodingAction) -> m.Coding | None:
        """The coding an action concerns, by what it is: a coder has one coding of a code on
        a span (row ids are reused, and change when an undo re-creates a coding)."""
        return session.scalar(
            select(m.Coding).where(
                m.Coding.transcript_id == action.transcript_id,
                m.Coding.code_id == action.code_id,
                m.Coding.coder_id == self.coder_id,
                m.Coding.start == action.start,
                m.Coding.end == action.end,
            )
        )

    def _delete_for(self, session: Session, action: m.CodingAction) -> None:
        coding = self._find(session, action)
        if coding is not None:
            session.delete(coding)

    def _memo_for(self, session: Session, action: m.CodingAction, memo: str) -> None:
        coding = self._find(session, action)
        if coding is None:
            raise CodingError("the coding this memo belonged to is gone")
        coding.memo = memo

    def _undone(self, session: Session, action: m.CodingAction) -> Undone:
        index = CodeIndex(session)
        return Undone(
            action.kind, index.path(index.by_id[action.code_id]), action.start, action.end
        )


def _check_active(index: CodeIndex, code: m.Code) -> None:
    if code.status != "active":
        raise CodingError(f"'{index.path(code)}' is {code.status}; choose an active code")


def _check_active_id(session: Session, code_id: int) -> None:
    code = session.get_one(m.Code, code_id)
    if code.status != "active":
        _check_active(CodeIndex(session), code)


def _check_span(doc: m.Transcript, start: int, end: int) -> None:
    if not 0 <= start < end <= len(doc.text):
        raise CodingError(f"select some text first (span [{start}, {end}) is empty or outside)")


def _name(session: Session, coding: m.Coding) -> str:
    return session.get_one(m.Transcript, coding.transcript_id).name


def _info(coding: m.Coding, transcript: str, coder: str, code: str) -> CodingInfo:
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
