"""Missing data: a transcript a coder neither coded nor marked done holds no data of theirs.

Their silence there is not "coded nothing": `Corpus.present` has a bit per coder and
transcript, and the report groups units by which coders are present.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from workbench.agreement.sweep import Ints
from workbench.agreement.units import Corpus

MISSING = "neither coded nor marked done"
MISSING_RULES = (
    "their units there are missing, not 'coded nothing' (alpha, Fleiss and AC1 use the coders "
    "present; kappa and percent agreement the units both coders coded)",
    "u-alpha compares whole continua, so transcripts a coder is missing from are left out",
)


def missing_by_coder(corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """coder -> the transcripts they are missing from (only coders missing somewhere)."""
    found = {}
    for j, coder in enumerate(corpus.coders):
        absent = np.flatnonzero((corpus.presence >> j) & 1 == 0)
        if len(absent):
            found[coder] = tuple(corpus.transcripts[t] for t in absent)
    return found


def presence_groups(corpus: Corpus) -> tuple[Ints, Ints]:
    """(the distinct presence masks, each transcript's index into them)."""
    masks, group = np.unique(corpus.presence, return_inverse=True)
    return masks.astype(np.int64), group.astype(np.int64).reshape(-1)


def complete_only(corpus: Corpus) -> Corpus:
    """The corpus without the transcripts some coder is missing from (laid end to end anew)."""
    full = 2 ** len(corpus.coders) - 1
    keep = np.flatnonzero(corpus.presence == full)
    if len(keep) == len(corpus.transcripts):
        return corpus
    lengths = corpus.lengths[keep]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    new_index = np.full(len(corpus.transcripts), -1, dtype=np.int64)
    new_index[keep] = np.arange(len(keep))
    moved = new_index[corpus.coding_transcript]
    kept = moved >= 0
    shift = offsets[moved[kept]] - corpus.offsets[corpus.coding_transcript[kept]]
    return replace(
        corpus,
        transcripts=tuple(corpus.transcripts[t] for t in keep),
        transcript_ids=tuple(corpus.transcript_ids[t] for t in keep),
        lengths=lengths,
        offsets=offsets,
        coding_transcript=moved[kept],
        coding_coder=corpus.coding_coder[kept],
        coding_code=corpus.coding_code[kept],
        coding_start=corpus.coding_start[kept] + shift,
        coding_end=corpus.coding_end[kept] + shift,
        texts=tuple(corpus.texts[t] for t in keep) if corpus.texts else (),
        utterances=None,
        present=corpus.presence[keep],
    )
