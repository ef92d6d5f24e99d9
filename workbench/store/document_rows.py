"""Transcripts with their turns, codings with their code paths, and memos, read with Core rows.

What a read of whole documents, codings or memos needs, without the ORM's import and mapper
set-up (`workbench search`, `transcripts show` and `memos export` pay nothing more at start-up
than the tables).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, select

from workbench.domain import CodingInfo, TranscriptDoc, UtteranceInfo
from workbench.errors import ProjectError
from workbench.store import tables
from workbench.store.codeindex import CodeNode, CodeTree, code_tree
from workbench.text.order import natural_key


def read_documents(
    connection: Connection, names: Collection[str] | None = None
) -> list[TranscriptDoc]:
    """Every transcript (or those named) with its utterances and attributes, in natural order
    of names: three queries, however many transcripts."""
    transcript, utterance, attribute = tables.transcript.c, tables.utterance.c, tables.attribute.c
    texts = select(
        transcript.id, transcript.name, transcript.text, transcript.sha256, transcript.source_format
    )
    turns = select(
        utterance.transcript_id,
        utterance.seq,
        utterance.speaker,
        utterance.start,
        utterance.end,
        utterance.start_seconds,
        utterance.end_seconds,
    ).order_by(utterance.transcript_id, utterance.seq)
    values = select(attribute.transcript_id, attribute.name, attribute.value).order_by(attribute.id)
    if names is not None:
        wanted = transcript.name.in_(set(names))
        texts = texts.where(wanted)
        turns = turns.join(tables.transcript).where(wanted)
        values = values.join(tables.transcript).where(wanted)
    utterances: dict[int, list[UtteranceInfo]] = {}
    for tid, *turn in connection.execute(turns):
        utterances.setdefault(tid, []).append(UtteranceInfo(*turn))
    attributes: dict[int, dict[str, str]] = {}
    for tid, name, value in connection.execute(values):
        attributes.setdefault(tid, {})[name] = value
    documents = [
        TranscriptDoc(
            name=name,
            text=text,
            sha256=sha256,
            utterances=tuple(utterances.get(tid, ())),
            attributes=attributes.get(tid, {}),
            source_format=source_format,
        )
        for tid, name, text, sha256, source_format in connection.execute(texts)
    ]
    return sorted(documents, key=lambda doc: natural_key(doc.name))


def read_document(connection: Connection, name: str) -> TranscriptDoc:
    found = read_documents(connection, [name])
    if not found:
        raise ProjectError(f"no transcript named '{name}'")
    return found[0]


def coding_infos(
    connection: Connection,
    coders: Collection[str] | None = None,
    transcripts: Collection[str] | None = None,
) -> list[CodingInfo]:
    """Codings (optionally of some coders / transcripts) with code paths, in text order."""
    rows = connection.execute(_coding_query(coders, transcripts)).all()
    # The codes after the codings: another coder may add a code (and code with it) between
    # two reads, and codes are never deleted, so this order sees them all.
    return _coding_infos(rows, code_tree(connection))


def _coding_query(
    coders: Collection[str] | None = None,
    transcripts: Collection[str] | None = None,
    *,
    with_memo: bool = False,
) -> Select[Any]:
    """The rows of `CodingInfo` (code ids for paths) of the codings of some coders /
    transcripts (each where given; only those with a memo if asked), in text order."""
    coding, transcript, coder = tables.coding.c, tables.transcript.c, tables.coder.c
    query = (
        select(
            coding.id,
            transcript.name,
            coder.name,
            coding.code_id,
            coding.start,
            coding.end,
            coding.memo,
            coding.created_at,
        )
        .join(tables.transcript, transcript.id == coding.transcript_id)
        .join(tables.coder, coder.id == coding.coder_id)
        .order_by(transcript.name, coding.start, coding.end, coding.id)
    )
    if coders is not None:
        query = query.where(coder.name.in_(coders))
    if transcripts is not None:
        query = query.where(transcript.name.in_(transcripts))
    if with_memo:
        query = query.where(coding.memo != "")
    return query


def _coding_infos(rows: Iterable[Sequence[Any]], tree: CodeTree[CodeNode]) -> list[CodingInfo]:
    """`_coding_query`'s rows as CodingInfo, each code id as its path in `tree`."""
    return [
        CodingInfo(
            id=cid,
            transcript=transcript_name,
            coder=coder_name,
            code=tree.path(tree.by_id[code_id]),
            start=start,
            end=end,
            memo=memo,
            created_at=created_at,
        )
        for cid, transcript_name, coder_name, code_id, start, end, memo, created_at in rows
    ]


@dataclass(frozen=True)
class FreeMemo:
    """A memo on a transcript, on a code (by path) or on the project (both None)."""

    transcript: str | None
    code: str | None
    coder: str | None
    text: str


def read_memos(connection: Connection) -> tuple[list[FreeMemo], list[CodingInfo]]:
    """Every free memo (not a coding's), in the order they were written, and every coding
    with a memo, in text order."""
    memo, transcript, coder = tables.memo.c, tables.transcript.c, tables.coder.c
    query = (
        select(transcript.name, memo.code_id, coder.name, memo.text)
        .select_from(tables.memo)
        .outerjoin(tables.transcript, transcript.id == memo.transcript_id)
        .outerjoin(tables.coder, coder.id == memo.coder_id)
        .order_by(memo.id)
    )
    rows = connection.execute(query).all()
    codings = connection.execute(_coding_query(with_memo=True)).all()
    tree = code_tree(connection)  # once, after both, as for codings
    free = [
        FreeMemo(name, None if code_id is None else tree.path(tree.by_id[code_id]), who, text)
        for name, code_id, who, text in rows
    ]
    return free, _coding_infos(codings, tree)
