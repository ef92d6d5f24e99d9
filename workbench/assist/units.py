"""The units suggestions learn from and are made for: utterances, with one coder's codes on them.

A unit is coded with X when a coding of X by the coder overlaps it. The units a coder has
seen are every unit of a transcript they marked done, and in the others those up to the
last one they coded: a unit the coder has not reached yet says nothing about its codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workbench.errors import WorkbenchError
from workbench.store.codeindex import CodeIndex
from workbench.store.corpus_rows import CODING_COLUMNS, coder_ids, coding_numbers, transcript_texts
from workbench.store.progress_rows import coder_statuses
from workbench.store.project import Project
from workbench.store.transcript_rows import read_utterances, transcript_ids
from workbench.text.order import natural_key

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
_SHIFT = np.int64(1) << np.int64(32)  # transcript id times this plus an offset: one line


@dataclass(frozen=True)
class Corpus:
    """Every non-empty utterance of the study in (transcript, start) order, with its text."""

    transcript: Ints  # transcript id of each unit
    start: Ints
    end: Ints
    texts: list[str]
    names: dict[int, str]  # transcript id -> name
    code_paths: dict[int, str]  # every code's path by id
    active: frozenset[int]  # ids of the codes that can be applied

    def __len__(self) -> int:
        return len(self.texts)

    def rows_of(self, transcript: str) -> Ints:
        """The units of one transcript (by name), as row numbers."""
        ids = [tid for tid, name in self.names.items() if name == transcript]
        if not ids:
            raise WorkbenchError(f"no transcript named '{transcript}'")
        return np.flatnonzero(self.transcript == ids[0])

    def unit_at(self, transcript: str, offset: int) -> int | None:
        """The row of the unit of `transcript` holding `offset`, if any."""
        rows = self.rows_of(transcript)
        hit = rows[(self.start[rows] <= offset) & (offset < self.end[rows])]
        return int(hit[0]) if len(hit) else None


@dataclass(frozen=True)
class CoderLabels:
    """One coder's codes on the corpus's units: `labels[:, j]` is code `code_ids[j]`."""

    coder: str
    coder_id: int | None  # None: the coder has never acted
    code_ids: tuple[int, ...]
    labels: Bools  # (units, codes)
    seen: Bools  # units the coder has reached (see the module's docstring)

    @property
    def coded(self) -> Bools:
        """Units with at least one of the coder's codes."""
        return np.asarray(self.labels.any(axis=1), dtype=bool)

    def counts(self) -> dict[int, int]:
        """Coded units per code id."""
        sums = self.labels.sum(axis=0)
        return {code: int(sums[j]) for j, code in enumerate(self.code_ids)}


def read_corpus(project: Project) -> Corpus:
    """Read every utterance's span and text, and the codebook's paths."""
    with project.session() as session:
        rows = read_utterances(session)
        texts = transcript_texts(session.connection())
        names = {tid: name for name, tid in transcript_ids(session).items()}
        index = CodeIndex(session)
        paths = {code.id: index.path(code) for code in index.codes}
        active = frozenset(code.id for code in index.codes if code.status == "active")
    numbers = rows.numbers
    # Transcripts in natural order of names, utterances in text order within each.
    rank = {tid: r for r, tid in enumerate(sorted(names, key=lambda t: natural_key(names[t])))}
    order = np.lexsort((numbers[:, 2], np.array([rank[t] for t in numbers[:, 0]], dtype=int)))
    numbers = numbers[order]
    unit_texts = [
        texts[int(tid)][int(start) : int(end)] for tid, _seq, start, end in numbers.tolist()
    ]
    return Corpus(
        transcript=numbers[:, 0].copy(),
        start=numbers[:, 2].copy(),
        end=numbers[:, 3].copy(),
        texts=unit_texts,
        names=names,
        code_paths=paths,
        active=active,
    )


def read_labels(project: Project, corpus: Corpus, coder: str) -> CoderLabels:
    """The codes `coder` put on each unit, and which units they have seen."""
    name = coder.strip()
    with project.session() as session:
        found = coder_ids(session.connection(), [name])
        coder_id = found.get(name)
        codings = (
            coding_numbers(session.connection(), [coder_id])
            if coder_id is not None
            else np.zeros((0, len(CODING_COLUMNS)), dtype=np.int64)
        )
        statuses = coder_statuses(session.connection(), name)
        done = {t for t, status in statuses.items() if status == "done"}
    column = {c: CODING_COLUMNS.index(c) for c in CODING_COLUMNS}
    code_ids = tuple(sorted(set(codings[:, column["code_id"]].tolist())))
    labels = np.zeros((len(corpus), len(code_ids)), dtype=bool)
    rows, which = overlaps(
        (corpus.transcript, corpus.start, corpus.end),
        (
            codings[:, column["transcript_id"]],
            codings[:, column["start"]],
            codings[:, column["end"]],
        ),
    )
    position = {code: j for j, code in enumerate(code_ids)}
    cols = np.array([position[c] for c in codings[:, column["code_id"]].tolist()], dtype=int)
    labels[rows, cols[which]] = True
    return CoderLabels(name, coder_id, code_ids, labels, _seen(corpus, labels, done))


def overlaps(units: tuple[Ints, Ints, Ints], spans: tuple[Ints, Ints, Ints]) -> tuple[Ints, Ints]:
    """Every (unit, span) pair that overlaps, as two arrays of positions: each given as
    (transcript id, start, end) columns. Units of a transcript must not overlap each other;
    spans may. Half-open: [0, 5) and [5, 9) do not overlap."""
    unit_transcript, unit_start, unit_end = units
    span_transcript, span_start, span_end = spans
    # Units sorted by (transcript, start) in one line of numbers: a span overlaps the units
    # from the first ending after its start to the last starting before its end.
    line = np.lexsort((unit_start, unit_transcript)).astype(np.int64)
    starts = (unit_transcript * _SHIFT + unit_start)[line]
    ends = (unit_transcript * _SHIFT + unit_end)[line]
    first = np.searchsorted(ends, span_transcript * _SHIFT + span_start, side="right")
    last = np.searchsorted(starts, span_transcript * _SHIFT + span_end, side="left")
    count = np.maximum(last - first, 0)
    within = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    rows = line[np.repeat(first, count) + within]
    return rows.astype(np.int64), np.repeat(np.arange(len(count)), count).astype(np.int64)


def _seen(corpus: Corpus, labels: Bools, done: set[str]) -> Bools:
    """Units of done transcripts, and elsewhere those up to the last coded one."""
    done_ids = [tid for tid, name in corpus.names.items() if name in done]
    seen = np.isin(corpus.transcript, done_ids)
    coded = np.flatnonzero(labels.any(axis=1))
    last: dict[int, int] = {}
    for row in coded.tolist():
        last[int(corpus.transcript[row])] = row  # rows run in text order within a transcript
    for tid, row in last.items():
        rows = np.flatnonzero(corpus.transcript == tid)
        seen[rows[rows <= row]] = True
    return np.asarray(seen, dtype=bool)
