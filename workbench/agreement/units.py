"""What an agreement computation reads from a project, and the units it compares.

Transcripts are laid end to end in one "joined" coordinate space (transcript t starts at
`offsets[t]`), so one sorted array holds every utterance, sentence or coding. No unit or
coding crosses a transcript boundary, so overlaps in joined coordinates are real overlaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.agreement.sweep import Ints, as_ints, distinct
from workbench.errors import ProjectError, WorkbenchError
from workbench.store import models as m
from workbench.store.bulk import int_array, int_rows, plain_rows
from workbench.store.codeindex import CodeIndex
from workbench.store.project import Project
from workbench.text.order import natural_key

MAX_CODERS = 16  # coder patterns are bit masks with 2**m counts per code

RULE_DONE = "marked done by every coder"
RULE_CODED = "coded by every coder (none is marked done by all of them)"
RULE_CHOSEN = "chosen by name"


@dataclass(frozen=True)
class Corpus:
    """The chosen coders, transcripts and codes, with the codings among them as arrays."""

    coders: tuple[str, ...]
    coder_ids: tuple[int, ...]
    transcripts: tuple[str, ...]
    transcript_ids: tuple[int, ...]
    transcript_rule: str
    lengths: Ints
    offsets: Ints
    codes: tuple[str, ...]
    code_ids: tuple[int, ...]
    coding_transcript: Ints  # index into transcripts
    coding_coder: Ints  # index into coders
    coding_code: Ints  # index into codes
    coding_start: Ints  # joined coordinates
    coding_end: Ints
    texts: tuple[str, ...] = ()
    utterances: TextUnits | None = None

    @property
    def total_length(self) -> int:
        return int(self.lengths.sum())

    def locate(self, joined: int) -> tuple[int, int]:
        """(transcript index, offset in that transcript) of a joined position."""
        t = int(np.searchsorted(self.offsets, joined, side="right")) - 1
        return t, joined - int(self.offsets[t])


@dataclass(frozen=True)
class TextUnits:
    """Non-empty units in joined coordinates, sorted, with where they are and who speaks."""

    start: Ints
    end: Ints
    transcript: Ints  # index into the corpus's transcripts
    utterance: Ints  # the utterance's number (seq) in its transcript
    sentence: Ints  # the sentence's number in its utterance (0 for utterance units)
    speaker: Ints  # index into `speakers`
    speakers: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.start)

    def label(self, i: int) -> str:
        """'utterance 12' or 'sentence 2 of utterance 12'."""
        where = f"utterance {int(self.utterance[i])}"
        return f"sentence {int(self.sentence[i])} of {where}" if self.sentence[i] else where

    def speaker_of(self, i: int) -> str:
        return self.speakers[int(self.speaker[i])]


def split_list(values: Sequence[str] | None) -> list[str] | None:
    """`a,b` and repeated options alike, blanks dropped; None stays None."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def load_corpus(
    project: Project,
    coders: Sequence[str],
    codes: Sequence[str] | None = None,
    transcripts: Sequence[str] | None = None,
    *,
    text: bool = False,
    utterances: bool = False,
) -> Corpus:
    """Read what a comparison needs; names that do not exist are a WorkbenchError."""
    names = tuple(dict.fromkeys(coders))
    if len(names) < 2:
        raise WorkbenchError("name two or more different coders (--coders A,B)")
    if len(names) > MAX_CODERS:
        raise WorkbenchError(f"at most {MAX_CODERS} coders at once")
    with project.session() as session:
        found = dict(
            session.execute(select(m.Coder.name, m.Coder.id).where(m.Coder.name.in_(names))).all()
        )
        for name in names:
            if name not in found:
                raise ProjectError(f"no coder named '{name}'")
        coder_ids = tuple(found[name] for name in names)
        chosen, rule = _choose_transcripts(session, coder_ids, transcripts)
        rows = session.execute(
            select(m.Transcript.id, m.Transcript.name, func.length(m.Transcript.text)).where(
                m.Transcript.id.in_(chosen)
            )
        ).all()
        rows = sorted(rows, key=lambda row: natural_key(row[1]))  # not the server's collation
        tids = tuple(int(r[0]) for r in rows)
        lengths = as_ints([r[2] or 0 for r in rows])
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        raw = int_rows(
            session,
            select(
                m.Coding.transcript_id,
                m.Coding.code_id,
                m.Coding.coder_id,
                m.Coding.start,
                m.Coding.end,
            ).where(m.Coding.coder_id.in_(coder_ids)),
            5,
        )
        t_index = _lookup(tids, raw[:, 0])
        raw = raw[t_index[raw[:, 0]] >= 0]
        code_paths, code_ids = _choose_codes(session, codes, raw[:, 1])
        c_index = _lookup(code_ids, raw[:, 1])
        raw = raw[c_index[raw[:, 1]] >= 0]
        k_index = _lookup(coder_ids, raw[:, 2])
        shift = offsets[t_index[raw[:, 0]]]
        texts: tuple[str, ...] = ()
        if text:
            stored = dict(
                session.execute(
                    select(m.Transcript.id, m.Transcript.text).where(m.Transcript.id.in_(tids))
                ).all()
            )
            texts = tuple(stored[t] for t in tids)
        units = _utterance_units(session, tids, offsets) if utterances else None
    return Corpus(
        coders=names,
        coder_ids=coder_ids,
        transcripts=tuple(str(r[1]) for r in rows),
        transcript_ids=tids,
        transcript_rule=rule,
        lengths=lengths,
        offsets=offsets,
        codes=code_paths,
        code_ids=code_ids,
        coding_transcript=t_index[raw[:, 0]],
        coding_coder=k_index[raw[:, 2]],
        coding_code=c_index[raw[:, 1]],
        coding_start=raw[:, 3] + shift,
        coding_end=raw[:, 4] + shift,
        texts=texts,
        utterances=units,
    )


def _lookup(ids: Sequence[int], present: Ints) -> Ints:
    """An array mapping a database id to its index in `ids` (-1 where absent)."""
    table = np.full(max(int(present.max(initial=0)), max(ids, default=0)) + 1, -1, dtype=np.int64)
    table[list(ids)] = np.arange(len(ids))
    return table


def _choose_transcripts(
    session: Session, coder_ids: tuple[int, ...], names: Sequence[str] | None
) -> tuple[list[int], str]:
    if names:
        wanted = list(dict.fromkeys(names))
        found = dict(
            session.execute(
                select(m.Transcript.name, m.Transcript.id).where(m.Transcript.name.in_(wanted))
            ).all()
        )
        for name in wanted:
            if name not in found:
                raise ProjectError(f"no transcript named '{name}'")
        return [found[n] for n in wanted], RULE_CHOSEN
    everyone = len(coder_ids)
    done = list(
        session.scalars(
            select(m.CoderStatus.transcript_id)
            .where(m.CoderStatus.coder_id.in_(coder_ids), m.CoderStatus.status == "done")
            .group_by(m.CoderStatus.transcript_id)
            .having(func.count(func.distinct(m.CoderStatus.coder_id)) == everyone)
        )
    )
    if done:
        return done, RULE_DONE
    coded = list(
        session.scalars(
            select(m.Coding.transcript_id)
            .where(m.Coding.coder_id.in_(coder_ids))
            .group_by(m.Coding.transcript_id)
            .having(func.count(func.distinct(m.Coding.coder_id)) == everyone)
        )
    )
    if not coded:
        raise WorkbenchError(
            "no transcript to compare: none is marked done by every one of these coders, "
            "and none has codings by all of them"
        )
    return coded, RULE_CODED


def _choose_codes(
    session: Session, references: Sequence[str] | None, used: Ints
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The codes named (in that order), or every code the coders used, in codebook order."""
    index = CodeIndex(session)
    if references:
        # One row per code, however it was named ("Norms" and "Legitimation/Norms").
        resolved = [index.resolve(reference) for reference in references]
        chosen = list({code.id: code for code in resolved}.values())
    else:
        used_ids = set(distinct(used).tolist())
        chosen = [code for _depth, code in index.ordered() if code.id in used_ids]
    return tuple(index.path(code) for code in chosen), tuple(code.id for code in chosen)


def _utterance_units(session: Session, tids: tuple[int, ...], offsets: Ints) -> TextUnits:
    rows = plain_rows(
        session,
        select(
            m.Utterance.transcript_id,
            m.Utterance.seq,
            m.Utterance.start,
            m.Utterance.end,
            m.Utterance.speaker,
        )
        .where(m.Utterance.transcript_id.in_(tids), m.Utterance.end > m.Utterance.start)
        .order_by(m.Utterance.transcript_id, m.Utterance.start),
    )
    numbers = int_array((r[:4] for r in rows), 4)
    transcript = _lookup(tids, numbers[:, 0])[numbers[:, 0]]
    order = np.argsort(transcript, kind="stable")  # transcripts in the corpus's order
    numbers, transcript = numbers[order], transcript[order]
    names = [rows[k][4] or "" for k in order]
    speakers = tuple(dict.fromkeys(names))
    index = {name: k for k, name in enumerate(speakers)}
    start, end = numbers[:, 2] + offsets[transcript], numbers[:, 3] + offsets[transcript]
    if len(start) > 1 and np.any(start[1:] < end[:-1]):
        raise ProjectError("overlapping utterances in the store: cannot use utterance units")
    return TextUnits(
        start,
        end,
        transcript,
        numbers[:, 1],
        np.zeros(len(start), dtype=np.int64),
        as_ints([index[name] for name in names]),
        speakers,
    )


def unit_patterns(corpus: Corpus, units: TextUnits) -> Ints:
    """(codes, units): bit j set where coder j has a span of that code overlapping the unit."""
    patterns = np.zeros(len(corpus.codes) * len(units), dtype=np.int64)
    if len(patterns):
        cell, bit = _overlaps(corpus, units)
        np.bitwise_or.at(patterns, cell, bit)
    return patterns.reshape(len(corpus.codes), len(units))


def _overlaps(corpus: Corpus, units: TextUnits) -> tuple[Ints, Ints]:
    """(code * units + unit, coder's bit) for each unit each coding overlaps: O(overlaps)."""
    # Units are sorted and disjoint, so their ends are sorted too: the units a span overlaps
    # run from the first that ends after its start to the last that starts before its end.
    first = np.searchsorted(units.end, corpus.coding_start, side="right")
    stop = np.searchsorted(units.start, corpus.coding_end, side="left")
    counts = np.maximum(stop - first, 0)
    owner = np.repeat(np.arange(len(counts)), counts)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    cell = corpus.coding_code[owner] * len(units) + first[owner] + step
    return cell, np.int64(1) << corpus.coding_coder[owner]
