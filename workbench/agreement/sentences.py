"""Sentence units: each utterance split after . ! ? and at line breaks, found with numpy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from workbench.agreement.sweep import Ints, distinct
from workbench.agreement.units import Corpus, TextUnits
from workbench.text.scan import CLOSER, END, NEWLINE, SPACE, character_kinds

# A sentence ends after . ! ? or an ellipsis (and up to three closing quotes or brackets)
# followed by whitespace, and at a line break. Simple on purpose: "Dr. Smith" splits too.
MAX_CLOSERS = 3


def sentence_units(corpus: Corpus) -> TextUnits:
    """Sentences inside each utterance (never across one), trimmed of surrounding spaces."""
    utterances = corpus.utterances
    if utterances is None or len(corpus.texts) != len(corpus.transcripts):
        raise ValueError("sentence units need the corpus loaded with text and utterances")
    if len(utterances) == 0:
        return utterances  # no utterance, no sentence
    # One array for all transcripts: joined coordinates index it directly.
    kinds = character_kinds("".join(corpus.texts))
    n = len(kinds)
    # From each final punctuation mark, step over up to three closers: a space there breaks.
    after = np.flatnonzero(kinds & END) + 1
    for _ in range(MAX_CLOSERS):
        after += (after < n) & (kinds[np.minimum(after, n - 1)] & CLOSER > 0)
    breaks = after[(after < n) & (kinds[np.minimum(after, n - 1)] & SPACE > 0)]
    newlines = np.flatnonzero(kinds & NEWLINE) + 1
    cuts = distinct(np.concatenate([breaks, newlines, utterances.start, utterances.end]))
    lo, hi = cuts[:-1], cuts[1:]
    # Keep the pieces inside an utterance: the one starting at or before them.
    parent = np.searchsorted(utterances.start, lo, side="right") - 1
    inside = (parent >= 0) & (hi <= utterances.end[np.maximum(parent, 0)])
    lo, hi, parent = lo[inside], hi[inside], parent[inside]
    lo, hi = _trimmed(kinds, lo, hi)
    keep = lo < hi
    lo, hi, parent = lo[keep], hi[keep], parent[keep]
    firsts = np.flatnonzero(np.r_[True, parent[1:] != parent[:-1]])
    number = np.arange(len(parent)) - np.repeat(firsts, np.diff(np.r_[firsts, len(parent)])) + 1
    return TextUnits(
        lo.astype(np.int64),
        hi.astype(np.int64),
        utterances.transcript[parent],
        utterances.utterance[parent],
        number.astype(np.int64),
        utterances.speaker[parent],
        utterances.speakers,
    )


def _trimmed(kinds: npt.NDArray[np.uint8], lo: Ints, hi: Ints) -> tuple[Ints, Ints]:
    """[lo, hi) without leading and trailing whitespace (lo == hi where all of it is)."""
    lo, hi = lo.copy(), hi.copy()
    # One step per whitespace character at the pieces' edges, over the pieces that have one.
    active = np.flatnonzero(lo < hi)
    while len(active):
        active = active[kinds[lo[active]] & SPACE > 0]
        lo[active] += 1
        active = active[lo[active] < hi[active]]
    active = np.flatnonzero(lo < hi)
    while len(active):
        active = active[kinds[hi[active] - 1] & SPACE > 0]
        hi[active] -= 1
        active = active[lo[active] < hi[active]]
    return lo, hi
