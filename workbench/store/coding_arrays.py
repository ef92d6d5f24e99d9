"""Codings in bulk on a Core connection: integer arrays and the names their ids refer to."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select

from workbench.errors import ProjectError
from workbench.store import tables
from workbench.store.bulk import driver_rows, int_array
from workbench.store.codeindex import code_tree
from workbench.store.corpus_rows import CODING_COLUMNS as CODING_COLUMNS

Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class CodingArrays:
    """Codings as rows of `CODING_COLUMNS` in one (n, 5) array, in the order they were made,
    with the names of every transcript, coder and code (by path) that ids may refer to."""

    numbers: Ints
    transcripts: dict[int, str]
    coders: dict[int, str]
    codes: dict[int, str]
    memos: tuple[str, ...] | None = None  # only when asked for: strings cost time

    def __len__(self) -> int:
        return len(self.numbers)

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


def read_codings(
    connection: Connection,
    *,
    coder_ids: Collection[int] | None = None,
    transcript_ids: Collection[int] | None = None,
    code_ids: Collection[int] | None = None,
    memos: bool = False,
) -> CodingArrays:
    """The codings (of the given coders, transcripts and codes, where given) by id order.
    A session's reads pass `session.connection()`: Core rows need none of the ORM."""
    coding = tables.coding.c
    columns = [coding[name] for name in CODING_COLUMNS]
    if memos:
        columns.append(coding.memo)
    query = select(*columns).order_by(coding.id)
    if coder_ids is not None:
        query = query.where(coding.coder_id.in_(list(coder_ids)))
    if transcript_ids is not None:
        query = query.where(coding.transcript_id.in_(list(transcript_ids)))
    if code_ids is not None:
        query = query.where(coding.code_id.in_(list(code_ids)))
    rows = driver_rows(connection, query)
    if memos:
        numbers = int_array((row[:5] for row in rows), len(CODING_COLUMNS))
        memo_texts: tuple[str, ...] | None = tuple(row[5] or "" for row in rows)
    else:
        numbers = int_array(rows, len(CODING_COLUMNS))
        memo_texts = None
    # What the codings refer to, read after them: another coder may add a code, a coder or
    # a transcript meanwhile, and none of these is ever deleted, so this order sees them all.
    tree = code_tree(connection)
    transcript = tables.transcript.c
    return CodingArrays(
        numbers=numbers,
        transcripts={
            int(tid): str(name)
            for tid, name in connection.execute(select(transcript.id, transcript.name))
        },
        coders=coder_names(connection),
        codes={code.id: tree.path(code) for code in tree.codes},
        memos=memo_texts,
    )


def coder_names(connection: Connection) -> dict[int, str]:
    """Every coder's name by id."""
    coder = tables.coder.c
    return {int(cid): str(name) for cid, name in connection.execute(select(coder.id, coder.name))}


def coder_id_named(connection: Connection, name: str) -> int:
    """The id of the coder `coder_by_name` finds (without spaces around, or as written if an
    older version stored the name so); an error naming a coder that is none."""
    coder = tables.coder.c
    for candidate in dict.fromkeys((name, name.strip())):
        found = connection.scalar(select(coder.id).where(coder.name == candidate))
        if found is not None:
            return int(found)
    raise ProjectError(f"no coder named '{name.strip()}'")


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
