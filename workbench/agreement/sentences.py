"""Sentence units: each utterance split after . ! ? and at line breaks, found with numpy."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from workbench.agreement.units import Corpus, TextUnits

# A sentence ends after . ! ? or an ellipsis (and up to three closing quotes or brackets)
# followed by whitespace, and at a line break. Simple on purpose: "Dr. Smith" splits too.
ENDS = np.array([ord(c) for c in ".!?\u2026"], dtype=np.uint32)
CLOSERS = np.array([ord(c) for c in "\"'\u201d\u2019)]"], dtype=np.uint32)
SPACES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
ASCII_SPACES = [int(c) for c in SPACES if c < 0x80]


def _spaces(points: npt.NDArray[np.uint32]) -> npt.NDArray[np.bool_]:
    """Where the text has whitespace (str.isspace), cheaply for mostly-ASCII text."""
    space = np.zeros(len(points), dtype=bool)
    for code in ASCII_SPACES:
        space |= points == code
    wide = np.flatnonzero(points >= 0x80)
    space[wide] = np.isin(points[wide], SPACES)
    return space


def sentence_units(corpus: Corpus) -> TextUnits:
    """Sentences inside each utterance (never across one), trimmed of surrounding spaces."""
    utterances = corpus.utterances
    if utterances is None or len(corpus.texts) != len(corpus.transcripts):
        raise ValueError("sentence units need the corpus loaded with text and utterances")
    # One array of code points for all transcripts: joined coordinates index it directly.
    points = np.frombuffer("".join(corpus.texts).encode("utf-32-le"), dtype=np.uint32)
    space = _spaces(points)
    # A break sits at a space preceded by sentence-final punctuation (closers skipped).
    candidates = np.flatnonzero(space)
    candidates = candidates[candidates > 0]
    breaks = np.zeros(len(candidates), dtype=bool)
    open_run = np.ones(len(candidates), dtype=bool)
    for back in range(1, 5):
        before = points[np.maximum(candidates - back, 0)]
        breaks |= open_run & np.isin(before, ENDS) & (candidates - back >= 0)
        open_run &= np.isin(before, CLOSERS)
    newlines = np.flatnonzero(points == ord("\n")) + 1
    cuts = np.unique(
        np.concatenate([candidates[breaks], newlines, utterances.start, utterances.end])
    )
    lo, hi = cuts[:-1], cuts[1:]
    # Keep the pieces inside an utterance: the one starting at or before them.
    parent = np.searchsorted(utterances.start, lo, side="right") - 1
    inside = (parent >= 0) & (hi <= utterances.end[np.maximum(parent, 0)])
    lo, hi, parent = lo[inside], hi[inside], parent[inside]
    solid = np.flatnonzero(~space)  # trim: first and last non-space of each piece
    first, last = np.searchsorted(solid, lo), np.searchsorted(solid, hi) - 1
    keep = first <= last
    lo, hi, parent = solid[first[keep]], solid[last[keep]] + 1, parent[keep]
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
