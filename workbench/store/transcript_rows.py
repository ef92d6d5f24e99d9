"""Transcript and utterance rows: adding imported transcripts, and reading texts and turns."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workbench.domain import UtteranceInfo
from workbench.errors import ProjectError
from workbench.store import corpus_rows
from workbench.store import models as m
from workbench.store.corpus_rows import UtteranceRows as UtteranceRows
from workbench.text.words import spoken_words


@dataclass(frozen=True)
class PreparedTranscript:
    """A file parsed, screened and laid out: what one transcript row will hold."""

    name: str
    source_name: str
    format: str
    text: str
    utterances: list[UtteranceInfo]
    replacements: list[tuple[tuple[str, str], int]]  # ((kind, replacement), count)

    @cached_property
    def words(self) -> int:
        """Words spoken: speaker labels and timestamps are not counted."""
        return spoken_words(self.text, ((u.start, u.end) for u in self.utterances))


def add_transcripts(session: Session, prepared: Sequence[PreparedTranscript]) -> list[int]:
    """Write each transcript with its utterances and anonymisation log; returns their ids."""
    ids = []
    for item in prepared:
        row = m.Transcript(
            name=item.name,
            text=item.text,
            sha256=hashlib.sha256(item.text.encode("utf-8")).hexdigest(),
            words=item.words,
            source_name=item.source_name,
            source_format=item.format,
        )
        session.add(row)
        session.flush()
        # One Core statement for a transcript's utterances: the ORM's bookkeeping costs more.
        if item.utterances:
            session.connection().execute(
                insert(m.Base.metadata.tables["utterance"]),
                [
                    {
                        "transcript_id": row.id,
                        "seq": u.seq,
                        "speaker": u.speaker,
                        "start": u.start,
                        "end": u.end,
                        "start_seconds": u.start_seconds,
                        "end_seconds": u.end_seconds,
                    }
                    for u in item.utterances
                ],
            )
        session.add_all(
            m.AnonymisationLog(
                transcript_id=row.id, kind=kind, replacement=replacement, count=count
            )
            for (kind, replacement), count in item.replacements
        )
        ids.append(row.id)
    return ids


def transcript_hashes(session: Session) -> set[str]:
    """The sha256 of every transcript's text: what an import matches texts by."""
    return set(session.scalars(select(m.Transcript.sha256)))


def transcript_names_taken(session: Session, names: Iterable[str]) -> set[str]:
    """Those of `names` that a transcript of the project has already."""
    wanted = set(names)
    return set(session.scalars(select(m.Transcript.name).where(m.Transcript.name.in_(wanted))))


def transcript_ids(session: Session, names: Iterable[str] | None = None) -> dict[str, int]:
    """Transcript ids by name: of those of `names` that exist, or of every transcript."""
    return corpus_rows.transcript_ids(session.connection(), names)


def transcript_id_named(session: Session, name: str) -> int:
    """The id of the transcript named `name`."""
    found = session.scalar(select(m.Transcript.id).where(m.Transcript.name == name))
    if found is None:
        raise ProjectError(f"no transcript named '{name}'")
    return found


def transcript_extent(session: Session, name: str) -> tuple[int, int]:
    """(id, characters of text) of the transcript named `name`: the span offsets may take
    (counted here: the database's length() stops at a NUL character on SQLite)."""
    row = session.execute(
        select(m.Transcript.id, m.Transcript.text).where(m.Transcript.name == name)
    ).first()
    if row is None:
        raise ProjectError(f"no transcript named '{name}'")
    return int(row[0]), len(row[1])


def read_utterances(
    session: Session, transcript_ids: Collection[int] | None = None
) -> UtteranceRows:
    """The non-empty utterances (of the given transcripts, or of all), in text order."""
    return corpus_rows.read_utterances(session.connection(), transcript_ids)
