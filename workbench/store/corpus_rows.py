"""What agreement, statistics and the codings export read, on a Core connection: coders,
transcripts, attributes, codings and turns, the numbers as integer arrays.

These reads use the Core tables only, so that `workbench agreement`, `counts` and `matrix` open
the project through `Project.reading()` without the ORM's import and mapper set-up (issue 15:
a third of a short command's start-up). Code that holds a session passes `session.connection()`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Connection, Select, func, select

from workbench.store import tables
from workbench.store.bulk import driver_rows, int_array
from workbench.store.codeindex import CodeNode, CodeTree, code_tree
from workbench.text.order import natural_key

Ints = npt.NDArray[np.int64]
CODING_COLUMNS = ("transcript_id", "code_id", "coder_id", "start", "end")


def coder_ids(connection: Connection, names: Iterable[str]) -> dict[str, int]:
    """The ids of those of `names` that are coders, by the name as given (a name that is none
    is left out). As `coder_by_name` finds them: without spaces around, or as written if an
    older version stored the name so."""
    coder = tables.coder.c
    given = list(names)
    wanted = {*given, *(name.strip() for name in given)}
    query = select(coder.name, coder.id).where(coder.name.in_(wanted))
    ids: dict[str, int] = {str(name): int(cid) for name, cid in connection.execute(query)}
    found = {name: ids.get(name, ids.get(name.strip())) for name in given}
    return {name: cid for name, cid in found.items() if cid is not None}


def transcripts_coded_by_all(connection: Connection, coder_ids: Collection[int]) -> list[int]:
    """Ids of the transcripts in which every one of the coders has a coding."""
    coding = tables.coding.c
    return list(
        connection.scalars(
            select(coding.transcript_id)
            .where(coding.coder_id.in_(list(coder_ids)))
            .group_by(coding.transcript_id)
            .having(func.count(func.distinct(coding.coder_id)) == len(set(coder_ids)))
        )
    )


def transcripts_done_by_all(connection: Connection, coder_ids: Collection[int]) -> list[int]:
    """Ids of the transcripts every one of the coders has marked done."""
    status = tables.coder_status.c
    return list(
        connection.scalars(
            select(status.transcript_id)
            .where(status.coder_id.in_(list(coder_ids)), status.status == "done")
            .group_by(status.transcript_id)
            .having(func.count(func.distinct(status.coder_id)) == len(set(coder_ids)))
        )
    )


def done_pairs(
    connection: Connection, coder_ids: Collection[int], transcript_ids: Collection[int]
) -> list[tuple[int, int]]:
    """(transcript id, coder id) of each of these transcripts that one of the coders marked
    done."""
    status = tables.coder_status.c
    rows = connection.execute(
        select(status.transcript_id, status.coder_id).where(
            status.coder_id.in_(list(coder_ids)),
            status.transcript_id.in_(list(transcript_ids)),
            status.status == "done",
        )
    )
    return [(int(t), int(c)) for t, c in rows]


def coding_numbers(connection: Connection, coder_ids: Collection[int]) -> Ints:
    """The coders' codings as an (n, 5) array of `CODING_COLUMNS`, in the order they were
    made."""
    return int_array(driver_rows(connection, _codings_query(coder_ids)), len(CODING_COLUMNS))


def _codings_query(
    coder_ids: Collection[int] | None,
    transcript_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
    memos: bool = False,
) -> Select[Any]:
    """`CODING_COLUMNS` (and the memo) of the codings of these coders, transcripts and codes
    (each where given), in the order they were made."""
    coding = tables.coding.c
    query = select(*(coding[name] for name in CODING_COLUMNS), *([coding.memo] if memos else []))
    if coder_ids is not None:
        query = query.where(coding.coder_id.in_(list(coder_ids)))
    if transcript_ids is not None:
        query = query.where(coding.transcript_id.in_(list(transcript_ids)))
    if code_ids is not None:
        query = query.where(coding.code_id.in_(list(code_ids)))
    return query.order_by(coding.id)


@dataclass(frozen=True)
class CodingArrays:
    """Codings as rows of `CODING_COLUMNS` in one (n, 5) array, in the order they were made,
    with the names of every transcript and coder, and the code tree, that ids may refer to."""

    numbers: Ints
    transcripts: dict[int, str]
    coders: dict[int, str]
    tree: CodeTree[CodeNode]
    memos: tuple[str, ...] | None = None  # only when asked for: strings cost time

    def __len__(self) -> int:
        return len(self.numbers)

    @cached_property
    def codes(self) -> dict[int, str]:
        """Every code's path by id."""
        return {code.id: self.tree.path(code) for code in self.tree.codes}

    @property
    def transcript_id(self) -> Ints:
        return self.numbers[:, 0]

    @property
    def code_id(self) -> Ints:
        return self.numbers[:, 1]

    @property
    def coder_id(self) -> Ints:
        return self.numbers[:, 2]

    @property
    def start(self) -> Ints:
        return self.numbers[:, 3]

    @property
    def end(self) -> Ints:
        return self.numbers[:, 4]


def coding_arrays(
    connection: Connection,
    *,
    coder_ids: Collection[int] | None = None,
    transcript_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
    memos: bool = False,
) -> CodingArrays:
    """The codings (of the given coders, transcripts and codes, where given) by id order."""
    rows = driver_rows(connection, _codings_query(coder_ids, transcript_ids, code_ids, memos))
    width = len(CODING_COLUMNS)
    if memos:
        numbers = int_array((row[:width] for row in rows), width)
        memo_texts: tuple[str, ...] | None = tuple(row[width] or "" for row in rows)
    else:
        numbers = int_array(rows, width)
        memo_texts = None
    # What the codings refer to, read after them: another coder may add a code, a coder or
    # a transcript meanwhile, and none of these is ever deleted, so this order sees them all.
    return CodingArrays(
        numbers=numbers,
        transcripts=transcript_names(connection),
        coders=coder_names(connection),
        tree=code_tree(connection),
        memos=memo_texts,
    )


def coder_names(connection: Connection) -> dict[int, str]:
    """Every coder's name by id."""
    coder = tables.coder.c
    return {int(cid): str(name) for cid, name in connection.execute(select(coder.id, coder.name))}


def transcript_ids(connection: Connection, names: Iterable[str] | None = None) -> dict[str, int]:
    """Transcript ids by name: of those of `names` that exist, or of every transcript."""
    transcript = tables.transcript.c
    query = select(transcript.name, transcript.id)
    if names is not None:
        query = query.where(transcript.name.in_(set(names)))
    return {str(name): int(tid) for name, tid in connection.execute(query)}


def transcript_names(connection: Connection, ids: Collection[int] | None = None) -> dict[int, str]:
    """Transcript names by id (of the given ids, or of every transcript)."""
    return _by_transcript_id(connection, tables.transcript.c.name, ids)


def transcript_lengths(connection: Connection, ids: Collection[int]) -> list[tuple[int, str, int]]:
    """(id, name, characters of text) of the transcripts, in natural order of their names
    (not the server's collation, which varies)."""
    transcript = tables.transcript.c
    rows = connection.execute(
        select(transcript.id, transcript.name, func.length(transcript.text)).where(
            transcript.id.in_(list(ids))
        )
    )
    return sorted(
        ((int(tid), str(name), int(length or 0)) for tid, name, length in rows),
        key=lambda row: natural_key(row[1]),
    )


def transcript_texts(connection: Connection, ids: Collection[int] | None = None) -> dict[int, str]:
    """Texts by transcript id (of the given ids, or of every transcript)."""
    return _by_transcript_id(connection, tables.transcript.c.text, ids)


def _by_transcript_id(
    connection: Connection, column: ColumnElement[str], ids: Collection[int] | None
) -> dict[int, str]:
    """A text column of the transcripts (of the given ids, or of every one) by their id."""
    transcript = tables.transcript.c
    query = select(transcript.id, column)
    if ids is not None:
        query = query.where(transcript.id.in_(list(ids)))
    return {int(tid): str(value) for tid, value in connection.execute(query)}


@dataclass(frozen=True)
class UtteranceRows:
    """Non-empty utterances by transcript id, then start: an (n, 4) array of
    transcript_id, seq, start, end, each one's speaker ("" for none) and the second it
    starts at in the recording (None where the transcript has no timestamps)."""

    numbers: Ints
    speakers: list[str]
    start_seconds: list[float | None]


def read_utterances(
    connection: Connection, transcript_ids: Collection[int] | None = None
) -> UtteranceRows:
    """The non-empty utterances (of the given transcripts, or of all), in text order."""
    utterance = tables.utterance.c
    query = (
        select(
            utterance.transcript_id,
            utterance.seq,
            utterance.start,
            utterance.end,
            utterance.speaker,
            utterance.start_seconds,
        )
        .where(utterance.end > utterance.start)
        .order_by(utterance.transcript_id, utterance.start)
    )
    if transcript_ids is not None:
        query = query.where(utterance.transcript_id.in_(list(transcript_ids)))
    rows = driver_rows(connection, query)
    return UtteranceRows(
        int_array((row[:4] for row in rows), 4),
        [row[4] or "" for row in rows],
        [row[5] for row in rows],
    )


def utterance_spans(connection: Connection) -> Ints:
    """(n, 3) transcript_id, start, end of every non-empty utterance, in no set order:
    the quick read for statistics, which order them in their own coordinates."""
    utterance = tables.utterance.c
    query = select(utterance.transcript_id, utterance.start, utterance.end).where(
        utterance.end > utterance.start
    )
    return int_array(driver_rows(connection, query), 3)


def utterance_marks(
    connection: Connection, transcript_ids: Collection[int]
) -> list[tuple[int, int, str | None, int, int]]:
    """(transcript_id, seq, speaker, start, end) of every utterance (empty ones too) of the
    transcripts, by transcript id and then seq: a transcript's turns as its document has them."""
    utterance = tables.utterance.c
    query = (
        select(
            utterance.transcript_id,
            utterance.seq,
            utterance.speaker,
            utterance.start,
            utterance.end,
        )
        .where(utterance.transcript_id.in_(list(transcript_ids)))
        .order_by(utterance.transcript_id, utterance.seq)
    )
    return driver_rows(connection, query)


def attribute_names_by_first_import(connection: Connection) -> list[str]:
    """Attribute names in the order they were first imported (as in the attributes CSV)."""
    attribute = tables.attribute.c
    query = (
        select(attribute.name)
        .group_by(attribute.name)
        .order_by(func.min(attribute.id), attribute.name)
    )
    return [str(name) for name in connection.scalars(query)]


def attribute_values(connection: Connection) -> list[tuple[int, str, str]]:
    """(transcript id, attribute name, value) of every attribute value."""
    attribute = tables.attribute.c
    query = select(attribute.transcript_id, attribute.name, attribute.value)
    return [(int(tid), str(name), str(value)) for tid, name, value in connection.execute(query)]
