"""What an agreement computation reads from a project, and the units it compares.

Transcripts are laid end to end in one "joined" coordinate space (transcript t starts at
`offsets[t]`), so one sorted array holds every utterance, sentence or coding. No unit or
coding crosses a transcript boundary, so overlaps in joined coordinates are real overlaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from workbench.agreement.sweep import Ints, as_ints, distinct
from workbench.coding.visibility import TEAM, WHY_HIDDEN, Visibility
from workbench.errors import ProjectError, WorkbenchError
from workbench.store.codeindex import code_tree
from workbench.store.corpus_rows import coder_ids as coder_ids_named
from workbench.store.corpus_rows import (
    coding_numbers,
    done_pairs,
    read_utterances,
    transcript_ids,
    transcript_lengths,
    transcript_texts,
    transcripts_coded_by_all,
    transcripts_done_by_all,
)
from workbench.store.project import Project
from workbench.text.speakers import labels_named, unmatched

if TYPE_CHECKING:
    from sqlalchemy import Connection

MAX_CODERS = 16  # coder patterns are bit masks with 2**m counts per code

# Columns of the codings read (`corpus_rows.CODING_COLUMNS`).
TRANSCRIPT, CODE, CODER, START, END = range(5)

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
    # Per transcript, bit j set when coder j coded it (any code) or marked it done; a coder
    # without the bit is missing there: their silence is no data, not "coded nothing".
    present: Ints | None = None

    @property
    def total_length(self) -> int:
        return int(self.lengths.sum())

    @property
    def presence(self) -> Ints:
        """`present`, with every coder present everywhere when it was not read."""
        if self.present is not None:
            return self.present
        return np.full(len(self.transcripts), 2 ** len(self.coders) - 1, dtype=np.int64)

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

    def of_speakers(self, names: Sequence[str]) -> TextUnits:
        """Only the units these speakers speak (`text.speakers` matches names to labels);
        a name no unit has is a WorkbenchError."""
        unknown = unmatched(names, self.speakers)
        if unknown:
            have = ", ".join(name or "(no speaker)" for name in self.speakers) or "none"
            raise WorkbenchError(f"no speaker '{unknown[0]}' in these transcripts (have: {have})")
        labels = labels_named(names, self.speakers)
        wanted = [k for k, name in enumerate(self.speakers) if name in labels]
        keep = np.isin(self.speaker, wanted)
        return replace(
            self,
            start=self.start[keep],
            end=self.end[keep],
            transcript=self.transcript[keep],
            utterance=self.utterance[keep],
            sentence=self.sentence[keep],
            speaker=self.speaker[keep],
        )


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
    visibility: Visibility = TEAM,
) -> Corpus:
    """Read what a comparison needs; names that do not exist are a WorkbenchError.

    Transcripts `visibility` hides (blind coding) are left out, however they were chosen."""
    names = _checked_coder_names(coders)
    # Core rows through `reading()`: no ORM import or mapper set-up for a read-only command.
    with project.reading() as connection:
        coder_ids = _read_coder_ids(connection, names)
        chosen, rule = _choose_transcripts(connection, coder_ids, transcripts)
        chosen, rule = _without_hidden(connection, chosen, rule, visibility)
        layout = _Layout.of(transcript_lengths(connection, chosen))
        codings = _in_transcripts(coding_numbers(connection, coder_ids), layout)
        present = _presence(connection, coder_ids, layout, codings)
        code_paths, code_ids = _choose_codes(connection, codes, codings[:, CODE])
        texts = _read_texts(connection, layout.ids) if text else ()
        units = _read_utterance_units(connection, layout) if utterances else None
    codings = _of_codes(codings, code_ids)
    transcript, coder, code = codings[:, TRANSCRIPT], codings[:, CODER], codings[:, CODE]
    return Corpus(
        coders=names,
        coder_ids=coder_ids,
        transcripts=layout.names,
        transcript_ids=layout.ids,
        transcript_rule=rule,
        lengths=layout.lengths,
        offsets=layout.offsets,
        codes=code_paths,
        code_ids=code_ids,
        coding_transcript=layout.index_of(transcript),
        coding_coder=_lookup(coder_ids, coder)[coder],
        coding_code=_lookup(code_ids, code)[code],
        coding_start=codings[:, START] + layout.shift(transcript),
        coding_end=codings[:, END] + layout.shift(transcript),
        texts=texts,
        utterances=units,
        present=present,
    )


def _presence(
    connection: Connection, coder_ids: tuple[int, ...], layout: _Layout, codings: Ints
) -> Ints:
    """Per chosen transcript, a bit for each coder who coded it (any code) or marked it done."""
    present = np.zeros(len(layout.ids), dtype=np.int64)
    coder_index = _lookup(coder_ids, codings[:, CODER])
    np.bitwise_or.at(
        present,
        layout.index_of(codings[:, TRANSCRIPT]),
        np.int64(1) << coder_index[codings[:, CODER]],
    )
    done = done_pairs(connection, coder_ids, layout.ids)
    if done:
        transcripts = as_ints([t for t, _c in done])
        coders = as_ints([c for _t, c in done])
        bits = np.int64(1) << _lookup(coder_ids, coders)[coders]
        np.bitwise_or.at(present, layout.index_of(transcripts), bits)
    return present


def _checked_coder_names(coders: Sequence[str]) -> tuple[str, ...]:
    """The coders' names, each once, in order: two at least, `MAX_CODERS` at most."""
    names = tuple(dict.fromkeys(coders))
    if len(names) < 2:
        raise WorkbenchError("name two or more different coders (--coders A,B)")
    if len(names) > MAX_CODERS:
        raise WorkbenchError(f"at most {MAX_CODERS} coders at once")
    return names


def _read_coder_ids(connection: Connection, names: tuple[str, ...]) -> tuple[int, ...]:
    found = coder_ids_named(connection, names)
    for name in names:
        if name not in found:
            raise ProjectError(f"no coder named '{name}'")
    return tuple(found[name] for name in names)


@dataclass(frozen=True)
class _Layout:
    """The chosen transcripts in natural order of names, laid end to end."""

    ids: tuple[int, ...]
    names: tuple[str, ...]
    lengths: Ints
    offsets: Ints

    @classmethod
    def of(cls, rows: list[tuple[int, str, int]]) -> _Layout:
        lengths = as_ints([length for _tid, _name, length in rows])
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        return cls(
            tuple(tid for tid, _name, _length in rows),
            tuple(name for _tid, name, _length in rows),
            lengths,
            offsets,
        )

    def index_of(self, transcript_ids: Ints) -> Ints:
        """Each transcript id's index in `ids` (-1 for a transcript not chosen)."""
        return _lookup(self.ids, transcript_ids)[transcript_ids]

    def shift(self, transcript_ids: Ints) -> Ints:
        """Where each (chosen) transcript starts in joined coordinates."""
        return self.offsets[self.index_of(transcript_ids)]


def _in_transcripts(codings: Ints, layout: _Layout) -> Ints:
    return codings[layout.index_of(codings[:, TRANSCRIPT]) >= 0]


def _of_codes(codings: Ints, code_ids: tuple[int, ...]) -> Ints:
    return codings[_lookup(code_ids, codings[:, CODE])[codings[:, CODE]] >= 0]


def _read_texts(connection: Connection, tids: tuple[int, ...]) -> tuple[str, ...]:
    stored = transcript_texts(connection, tids)
    return tuple(stored[t] for t in tids)


def _lookup(ids: Sequence[int], present: Ints) -> Ints:
    """An array mapping a database id to its index in `ids` (-1 where absent)."""
    table = np.full(max(int(present.max(initial=0)), max(ids, default=0)) + 1, -1, dtype=np.int64)
    table[list(ids)] = np.arange(len(ids))
    return table


def _choose_transcripts(
    connection: Connection, coder_ids: tuple[int, ...], names: Sequence[str] | None
) -> tuple[list[int], str]:
    if names:
        wanted = list(dict.fromkeys(names))
        found = transcript_ids(connection, wanted)
        for name in wanted:
            if name not in found:
                raise ProjectError(f"no transcript named '{name}'")
        return [found[n] for n in wanted], RULE_CHOSEN
    done = transcripts_done_by_all(connection, coder_ids)
    if done:
        return done, RULE_DONE
    coded = transcripts_coded_by_all(connection, coder_ids)
    if not coded:
        raise WorkbenchError(
            "no transcript to compare: none is marked done by every one of these coders, "
            "and none has codings by all of them"
        )
    return coded, RULE_CODED


def _without_hidden(
    connection: Connection, chosen: list[int], rule: str, visibility: Visibility
) -> tuple[list[int], str]:
    """The chosen transcripts that the viewer may compare, and the rule saying so."""
    if not visibility.hidden:
        return chosen, rule
    hidden = set(transcript_ids(connection, sorted(visibility.hidden)).values())
    kept = [tid for tid in chosen if tid not in hidden]
    if not kept:
        raise WorkbenchError(WHY_HIDDEN)
    left_out = len(chosen) - len(kept)
    if not left_out:
        return kept, rule
    return kept, f"{rule}; {left_out} hidden: blind coding"


def _choose_codes(
    connection: Connection, references: Sequence[str] | None, used: Ints
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The codes named (in that order), or every code the coders used, in codebook order."""
    index = code_tree(connection)
    if references:
        # One row per code, however it was named ("Norms" and "Legitimation/Norms").
        resolved = [index.resolve(reference) for reference in references]
        chosen = list({code.id: code for code in resolved}.values())
    else:
        used_ids = set(distinct(used).tolist())
        chosen = [code for _depth, code in index.ordered() if code.id in used_ids]
    return tuple(index.path(code) for code in chosen), tuple(code.id for code in chosen)


def _read_utterance_units(connection: Connection, layout: _Layout) -> TextUnits:
    rows = read_utterances(connection, layout.ids)
    numbers = rows.numbers
    transcript = layout.index_of(numbers[:, 0])
    order = np.argsort(transcript, kind="stable")  # transcripts in the corpus's order
    numbers, transcript = numbers[order], transcript[order]
    names = [rows.speakers[k] for k in order]
    speakers = tuple(dict.fromkeys(names))
    index = {name: k for k, name in enumerate(speakers)}
    start = numbers[:, 2] + layout.offsets[transcript]
    end = numbers[:, 3] + layout.offsets[transcript]
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
