"""Every coded unit with the coders who coded it: what disagreements and reconciliation read.

A decision is one code on one unit, in joined coordinates (see `units`):

* utterance and sentence units: the unit itself; accepting a coder who coded it adds a
  coding of the whole unit;
* character units: a maximal stretch where the same coders have the code; accepting a
  coder who coded it adds that stretch;
* span units: a cluster of overlapping units (after merging each coder's overlapping spans
  of the code); accepting a coder adds that coder's units in the cluster.

A decision is *agreed* when every coder coded the unit (utterance, sentence), covers the
stretch (character), or drew exactly one unit in the cluster with the same boundaries as
everyone else (span).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from workbench.agreement.sentences import sentence_units
from workbench.agreement.sweep import Ints, coder_stretches, merge_overlapping
from workbench.agreement.units import Corpus, TextUnits, unit_patterns

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Decision:
    code: int  # index into corpus.codes
    start: int  # joined coordinates of the unit, stretch or cluster
    end: int
    pattern: int  # bit j set when coder j coded it
    label: str  # "utterance 12", "characters 120-180", ...
    speaker: str
    proposals: tuple[Spans, ...]  # per coder: joined spans accepting that coder would add
    agreed: bool


def text_units(corpus: Corpus, unit: str) -> TextUnits | None:
    if unit == "utterance":
        return corpus.utterances
    if unit == "sentence":
        return sentence_units(corpus)
    return None


def decisions(corpus: Corpus, unit: str) -> list[Decision]:
    """Every (code, unit) that at least one coder coded, in text order within each code."""
    units = text_units(corpus, unit)
    if units is not None:
        return _unit_decisions(corpus, units)
    if unit == "character":
        return _stretch_decisions(corpus)
    return _cluster_decisions(corpus)


def _speaker_at(corpus: Corpus, joined: int) -> str:
    utterances = corpus.utterances
    if utterances is None or len(utterances) == 0:
        return ""
    k = int(np.searchsorted(utterances.start, joined, side="right")) - 1
    if k >= 0 and joined < utterances.end[k]:
        return utterances.speaker_of(k)
    return ""


def _local(corpus: Corpus, start: int, end: int) -> str:
    _t, local = corpus.locate(start)
    return f"{local}-{local + end - start}"


def _unit_decisions(corpus: Corpus, units: TextUnits) -> list[Decision]:
    patterns = unit_patterns(corpus, units)
    m = len(corpus.coders)
    full = 2**m - 1
    found = []
    for c, u in zip(*np.nonzero(patterns), strict=True):
        pattern = int(patterns[c, u])
        extent = ((int(units.start[u]), int(units.end[u])),)
        found.append(
            Decision(
                int(c),
                extent[0][0],
                extent[0][1],
                pattern,
                units.label(int(u)),
                units.speaker_of(int(u)),
                tuple(extent if pattern >> j & 1 else () for j in range(m)),
                pattern == full,
            )
        )
    return found


def _stretch_decisions(corpus: Corpus) -> list[Decision]:
    m, n_t = len(corpus.coders), len(corpus.transcripts)
    full = 2**m - 1
    # One group per code and transcript: a stretch that ends one transcript must not be
    # joined to one that starts the next (they touch in joined coordinates).
    stretches = coder_stretches(
        corpus.coding_code * n_t + corpus.coding_transcript,
        corpus.coding_coder,
        corpus.coding_start,
        corpus.coding_end,
        m,
    )
    keep = stretches.pattern != 0
    group, start, end, pattern = (
        stretches.group[keep],
        stretches.start[keep],
        stretches.end[keep],
        stretches.pattern[keep],
    )
    found: list[Decision] = []
    if len(start) == 0:
        return found
    # Join touching stretches with the same coders (a coder's touching spans split them).
    new = np.ones(len(start), dtype=bool)
    new[1:] = (group[1:] != group[:-1]) | (pattern[1:] != pattern[:-1]) | (start[1:] != end[:-1])
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:], len(start)) - 1
    for first, last in zip(firsts, lasts, strict=True):
        s, e, p = int(start[first]), int(end[last]), int(pattern[first])
        extent = ((s, e),)
        found.append(
            Decision(
                int(group[first]) // n_t,
                s,
                e,
                p,
                f"characters {_local(corpus, s, e)}",
                _speaker_at(corpus, s),
                tuple(extent if p >> j & 1 else () for j in range(m)),
                p == full,
            )
        )
    return found


def _cluster_decisions(corpus: Corpus) -> list[Decision]:
    m = len(corpus.coders)
    units = merge_overlapping(
        corpus.coding_code * m + corpus.coding_coder, corpus.coding_start, corpus.coding_end
    )
    code, coder = units.key // m, units.key % m
    order = np.lexsort((units.start, code))
    code, coder, start, end = code[order], coder[order], units.start[order], units.end[order]
    found: list[Decision] = []
    if len(start) == 0:
        return found
    block = int(end.max()) + 1  # each code in a block of its own, as in the sweep
    reach = np.maximum.accumulate(code * block + end)
    new = np.ones(len(start), dtype=bool)
    new[1:] = code[1:] * block + start[1:] >= reach[:-1]
    bounds = [*np.flatnonzero(new), len(start)]
    for a, b in pairwise(bounds):
        members: list[list[tuple[int, int]]] = [[] for _ in range(m)]
        for k in range(a, b):
            members[int(coder[k])].append((int(start[k]), int(end[k])))
        s, e = int(start[a:b].min()), int(end[a:b].max())
        shapes = {tuple(spans) for spans in members}
        pattern = sum(1 << j for j in range(m) if members[j])
        agreed = len(shapes) == 1 and all(len(spans) == 1 for spans in members)
        found.append(
            Decision(
                int(code[a]),
                s,
                e,
                pattern,
                f"span {_local(corpus, s, e)}",
                _speaker_at(corpus, s),
                tuple(tuple(spans) for spans in members),
                agreed,
            )
        )
    return found


def coder_spans(corpus: Corpus) -> dict[tuple[int, int], tuple[Ints, Ints]]:
    """(code, coder) -> that coder's original spans of the code (joined), sorted by start."""
    found: dict[tuple[int, int], tuple[Ints, Ints]] = {}
    order = np.lexsort((corpus.coding_start, corpus.coding_coder, corpus.coding_code))
    code, coder = corpus.coding_code[order], corpus.coding_coder[order]
    start, end = corpus.coding_start[order], corpus.coding_end[order]
    for key in sorted({(int(c), int(j)) for c, j in zip(code, coder, strict=True)}):
        mine = (code == key[0]) & (coder == key[1])
        found[key] = (start[mine], end[mine])
    return found
