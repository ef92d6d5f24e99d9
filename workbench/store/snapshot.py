"""A whole project read as plain values, and the row writes that bring another copy's into it."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain import (
    EventInfo,
    ProjectSnapshot,
    SnapshotCode,
    SnapshotCoding,
    SnapshotMemo,
    SnapshotTranscript,
    UtteranceInfo,
)
from workbench.store import models as m
from workbench.store.attributes import set_attribute_values
from workbench.store.project import Project
from workbench.store.transcript_rows import PreparedTranscript, add_transcripts
from workbench.text.order import natural_key


def read_snapshot(project: Project) -> ProjectSnapshot:
    """Every code, coder, transcript, coding, memo, status, event and setting, in one read."""
    with project.session() as session:
        return snapshot_of(session)


def snapshot_of(session: Session) -> ProjectSnapshot:
    """The snapshot as the transaction `session` sees it."""
    # Codings first, then the codes they name (codes are never deleted): see Project.codings.
    # Plain columns, not ORM objects: a study has tens of thousands of codings and turns.
    coding_rows = session.execute(
        select(
            m.Coding.code_id,
            m.Coding.start,
            m.Coding.end,
            m.Coding.memo,
            m.Coding.created_at,
            m.Transcript.name,
            m.Coder.name,
        )
        .join(m.Transcript, m.Transcript.id == m.Coding.transcript_id)
        .join(m.Coder, m.Coder.id == m.Coding.coder_id)
        .order_by(m.Transcript.name, m.Coding.start, m.Coding.end, m.Coding.id)
    ).all()
    code_rows = list(session.scalars(select(m.Code).order_by(m.Code.position, m.Code.id)))
    guid_of = {code.id: code.guid.lower() for code in code_rows}
    coders = {coder.id: coder.name for coder in session.scalars(select(m.Coder))}
    transcripts = list(session.scalars(select(m.Transcript)))
    names = {row.id: row.name for row in transcripts}
    turns: dict[int, list[UtteranceInfo]] = {}
    for tid, seq, speaker, start, end, start_seconds, end_seconds in session.execute(
        select(
            m.Utterance.transcript_id,
            m.Utterance.seq,
            m.Utterance.speaker,
            m.Utterance.start,
            m.Utterance.end,
            m.Utterance.start_seconds,
            m.Utterance.end_seconds,
        ).order_by(m.Utterance.transcript_id, m.Utterance.seq)
    ):
        turns.setdefault(tid, []).append(
            UtteranceInfo(seq, speaker, start, end, start_seconds, end_seconds)
        )
    attributes: dict[int, dict[str, str]] = {}
    for tid, name, value in session.execute(
        select(m.Attribute.transcript_id, m.Attribute.name, m.Attribute.value).order_by(
            m.Attribute.id
        )
    ):
        attributes.setdefault(tid, {})[name] = value
    replacements: dict[int, dict[tuple[str, str], int]] = {}
    for log in session.scalars(select(m.AnonymisationLog)):
        replacements.setdefault(log.transcript_id, {})[(log.kind, log.replacement)] = log.count
    return ProjectSnapshot(
        codes=tuple(
            SnapshotCode(
                guid=guid_of[code.id],
                name=code.name,
                parent_guid=guid_of.get(code.parent_id) if code.parent_id else None,
                position=code.position,
                key=code.key,
                colour=code.colour,
                description=code.description,
                include=code.include,
                exclude=code.exclude,
                example=code.example,
                status=code.status,
                merged_into_guid=guid_of.get(code.merged_into_id) if code.merged_into_id else None,
            )
            for code in code_rows
        ),
        coders=tuple(sorted(coders.values(), key=natural_key)),
        transcripts=tuple(
            SnapshotTranscript(
                name=row.name,
                text=row.text,
                sha256=row.sha256,
                source_name=row.source_name,
                source_format=row.source_format,
                utterances=tuple(turns.get(row.id, ())),
                attributes=attributes.get(row.id, {}),
                replacements=replacements.get(row.id, {}),
            )
            for row in sorted(transcripts, key=lambda row: natural_key(row.name))
        ),
        codings=tuple(
            SnapshotCoding(
                transcript=transcript,
                code_guid=guid_of[code_id],
                coder=coder,
                start=start,
                end=end,
                memo=memo,
                created_at=created_at,
            )
            for code_id, start, end, memo, created_at, transcript, coder in coding_rows
        ),
        memos=tuple(
            SnapshotMemo(
                transcript=names.get(memo.transcript_id) if memo.transcript_id else None,
                code_guid=guid_of.get(memo.code_id) if memo.code_id else None,
                coder=coders.get(memo.coder_id) if memo.coder_id else None,
                text=memo.text,
            )
            for memo in session.scalars(select(m.Memo).order_by(m.Memo.id))
        ),
        statuses={
            (names[row.transcript_id], coders[row.coder_id]): row.status
            for row in session.scalars(select(m.CoderStatus))
        },
        events=tuple(
            EventInfo(e.at, e.actor, e.action, e.target, e.detail, e.why)
            for e in session.scalars(select(m.Event).order_by(m.Event.id))
        ),
        settings={row.key: row.value for row in session.scalars(select(m.Setting))},
    )


def event_key(event: EventInfo) -> tuple[str, str, str, str, str]:
    """What makes two copies' log entries the same entry: SQLite gives back naive times,
    PostgreSQL aware ones, so both are compared as UTC to the microsecond."""
    at = event.at if event.at.tzinfo is None else event.at.astimezone(UTC).replace(tzinfo=None)
    return (at.isoformat(), event.actor, event.action, event.target, event.detail)


# -- writes, each in the caller's transaction -----------------------------------------------------


def add_transcript(session: Session, transcript: SnapshotTranscript) -> int:
    """A transcript with its utterances, attributes and anonymisation counts; its id."""
    (transcript_id,) = add_transcripts(
        session,
        [
            PreparedTranscript(
                name=transcript.name,
                source_name=transcript.source_name,
                format=transcript.source_format,
                text=transcript.text,
                utterances=list(transcript.utterances),
                replacements=sorted(transcript.replacements.items()),
            )
        ],
    )
    set_attribute_values(
        session, ((transcript_id, name, value) for name, value in transcript.attributes.items())
    )
    return transcript_id


def code_ids(session: Session) -> dict[str, int]:
    """guid (lower case) -> code id, for every code."""
    return {guid.lower(): id_ for id_, guid in session.execute(select(m.Code.id, m.Code.guid))}


def add_code(session: Session, code: SnapshotCode, parent_id: int | None, position: int) -> int:
    """A code with the given parent (already in the project); its id."""
    row = m.Code(
        guid=code.guid,
        name=code.name,
        parent_id=parent_id,
        position=position,
        key=code.key,
        colour=code.colour,
        description=code.description,
        include=code.include,
        exclude=code.exclude,
        example=code.example,
        status=code.status,
    )
    session.add(row)
    session.flush()
    return row.id


def update_code(session: Session, code_id: int, **values: object) -> None:
    """Set columns of a code (name, parent_id, status, merged_into_id, texts...)."""
    row = session.get_one(m.Code, code_id)
    for column, value in values.items():
        setattr(row, column, value)
    session.flush()


def set_coding_memo(session: Session, key: tuple[int, int, int, int, int], memo: str) -> None:
    """The memo of the coding (transcript, code, coder, start, end)."""
    transcript_id, code_id, coder_id, start, end = key
    row = session.scalars(
        select(m.Coding).where(
            m.Coding.transcript_id == transcript_id,
            m.Coding.code_id == code_id,
            m.Coding.coder_id == coder_id,
            m.Coding.start == start,
            m.Coding.end == end,
        )
    ).one()
    row.memo = memo


def add_memo(
    session: Session,
    transcript_id: int | None,
    code_id: int | None,
    coder_id: int | None,
    text: str,
) -> None:
    session.add(m.Memo(transcript_id=transcript_id, code_id=code_id, coder_id=coder_id, text=text))


def set_memo_text(
    session: Session,
    transcript_id: int | None,
    code_id: int | None,
    coder_id: int | None,
    text: str,
) -> None:
    """The text of the memo on that target by that coder (the first, if several)."""
    row = session.scalars(
        select(m.Memo)
        .where(
            m.Memo.transcript_id.is_(None)
            if transcript_id is None
            else m.Memo.transcript_id == transcript_id,
            m.Memo.code_id.is_(None) if code_id is None else m.Memo.code_id == code_id,
            m.Memo.coder_id.is_(None) if coder_id is None else m.Memo.coder_id == coder_id,
        )
        .order_by(m.Memo.id)
        .limit(1)
    ).one()
    row.text = text


def copy_event(session: Session, event: EventInfo) -> None:
    """Another copy's log entry, as it was written there (time and actor included)."""
    session.add(
        m.Event(
            at=event.at,
            actor=event.actor,
            action=event.action,
            target=event.target,
            detail=event.detail,
            why=event.why,
        )
    )
