"""What the codings export reads on a Core connection besides the codings themselves."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, select

from workbench.errors import ProjectError
from workbench.store import tables
from workbench.store.bulk import driver_rows


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
