"""Codings out as CSV: code paths, the coded text, and the speaker and turn it starts in."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from workbench.errors import ProjectError
from workbench.store.corpus_rows import (
    CodingArrays,
    coding_arrays,
    transcript_texts,
    utterance_marks,
)
from workbench.store.corpus_rows import (
    coder_ids as coder_ids_named,
)
from workbench.store.project import Project
from workbench.text.csvwrite import cell, csv_text

EXPORT_COLUMNS = (
    "transcript",
    "coder",
    "code",
    "start",
    "end",
    "memo",
    "text",
    "speaker",
    "utterance",
)

Ints = npt.NDArray[np.int64]
_SPAN = 1 << 32  # above any offset: (transcript id, offset) as one sortable number


def export_codings(project: Project, coder: str | None = None) -> str:
    """Every coding (or one coder's) as CSV, code as full path, with text and speaker; by
    transcript, coder, start, end and code path (names in Python's order, not the
    server's collation), and in the order they were made where all of these are equal.

    Read through Core rows (no ORM) and written a column at a time (`csv_text`): each
    name, path and speaker is quoted once, and only the coded texts and memos cell by cell."""
    with project.reading() as connection:
        wanted = None
        if coder is not None:
            wanted = list(coder_ids_named(connection, [coder]).values())
            if not wanted:  # an unknown coder is an error, not an empty file
                raise ProjectError(f"no coder named '{coder.strip()}'")
        codings = coding_arrays(connection, coder_ids=wanted, memos=True)
        used = np.unique(codings.transcript_id).tolist()
        texts = transcript_texts(connection, used)
        turns = utterance_marks(connection, used)
    order = _export_order(codings)
    numbers = codings.numbers[order]
    transcript_ids, code_ids, coder_ids, starts, ends = (
        numbers[:, column].tolist() for column in range(5)
    )
    turn = _turn_at(turns, numbers[:, 0], numbers[:, 3]).tolist()
    # The turn columns of each turn index, and of -1 (the last item): no turn.
    speakers = [*(cell(row[2] or "") for row in turns), ""]
    seqs: list[object] = [*(row[1] for row in turns), ""]
    memos = codings.memos or ("",) * len(codings)
    names = {key: cell(name) for key, name in codings.transcripts.items()}
    coders = {key: cell(name) for key, name in codings.coders.items()}
    paths = {key: cell(path) for key, path in codings.codes.items()}
    return csv_text(
        EXPORT_COLUMNS,
        (
            [names[t] for t in transcript_ids],
            [coders[k] for k in coder_ids],
            [paths[c] for c in code_ids],
            starts,
            ends,
            [cell(memo) if memo else memo for memo in (memos[i] for i in order.tolist())],
            [cell(texts[t][s:e]) for t, s, e in zip(transcript_ids, starts, ends, strict=True)],
            [speakers[i] for i in turn],
            [seqs[i] for i in turn],
        ),
    )


def _export_order(codings: CodingArrays) -> Ints:
    """The rows' order: each name replaced by its rank among the names, then one stable
    sort on all the keys (rows come in id order, which breaks the remaining ties)."""
    transcript = _ranks(codings.transcripts, codings.transcript_id)
    coder = _ranks(codings.coders, codings.coder_id)
    code = _ranks(codings.codes, codings.code_id)
    # lexsort's last key is the first one sorted by.
    return np.lexsort((code, codings.end, codings.start, coder, transcript))


def _ranks(names: dict[int, str], ids: Ints) -> Ints:
    """Each id's rank in the sorted names (equal names share one)."""
    if len(ids) == 0:
        return ids
    ranked = {name: rank for rank, name in enumerate(sorted(set(names.values())))}
    table = np.zeros(max(names) + 1, dtype=np.int64)
    for key, name in names.items():
        table[key] = ranked[name]
    return table[ids]


def _turn_at(
    turns: Iterable[tuple[int, int, str | None, int, int]], transcript_ids: Ints, offsets: Ints
) -> Ints:
    """For each (transcript, offset), the index in `turns` (sorted by transcript, then seq)
    of the utterance holding the offset, or -1: as `TranscriptDoc.utterance_at`, the
    last turn of the transcript starting at or before it, if it ends after it."""
    marks = np.array([(t, s, e) for t, _seq, _speaker, s, e in turns], dtype=np.int64)
    marks = marks.reshape(-1, 3)
    keys = transcript_ids * _SPAN + offsets
    found = np.searchsorted(marks[:, 0] * _SPAN + marks[:, 1], keys, side="right") - 1
    safe = np.maximum(found, 0)
    holds = (
        (found >= 0) & (marks[safe, 0] == transcript_ids) & (offsets < marks[safe, 2])
        if len(marks)
        else np.zeros(len(keys), dtype=bool)
    )
    return np.where(holds, found, -1)
