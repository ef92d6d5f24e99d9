"""Where coders differ: each disagreement with its passage, speaker, and who coded what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.agreement.decisions import Spans, coder_spans, decisions
from workbench.agreement.units import Corpus, load_corpus
from workbench.agreement.vocabulary import check_unit
from workbench.coding.visibility import TEAM, Visibility
from workbench.store.project import Project


@dataclass(frozen=True)
class Disagreement:
    """One code on one unit that some coders applied and others did not (or drew otherwise).

    Offsets are into the transcript's stored text. `codings` holds each coder's own spans of
    the code that touch the passage (for showing them side by side); `proposals` what
    accepting that coder's decision would add to a consensus coder (see `reconcile.accept`).
    """

    unit: str
    transcript: str
    start: int
    end: int
    where: str  # "utterance 12", "sentence 2 of utterance 12", "characters 120-180", ...
    speaker: str
    excerpt: str
    code: str
    coded_by: tuple[str, ...]
    not_coded_by: tuple[str, ...]
    codings: dict[str, Spans]
    proposals: dict[str, Spans]


def disagreements(
    project: Project,
    coders: Sequence[str],
    unit: str = "utterance",
    codes: Sequence[str] | None = None,
    transcripts: Sequence[str] | None = None,
    visibility: Visibility = TEAM,
) -> list[Disagreement]:
    """Every unit on which the coders differ, in transcript and text order (of the
    transcripts `visibility` shows: blind coding)."""
    check_unit(unit)
    corpus = load_corpus(
        project, coders, codes, transcripts, text=True, utterances=True, visibility=visibility
    )
    return describe(corpus, unit)


def describe(corpus: Corpus, unit: str) -> list[Disagreement]:
    """A Disagreement for every decision the coders did not agree on, in text order."""
    spans = coder_spans(corpus)
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    found: list[Disagreement] = []
    for decision in decisions(corpus, unit):
        if decision.agreed:
            continue
        t, local = corpus.locate(decision.start)
        # A coder missing from the transcript (neither coded it nor marked it done) neither
        # agrees nor disagrees there: only the coders present can differ.
        present = int(corpus.presence[t])
        coded = decision.pattern & present
        if bin(present).count("1") < 2 or coded in (0, present):
            continue
        base = int(corpus.offsets[t])

        def shifted(items: Spans, base: int = base) -> Spans:
            return tuple((s - base, e - base) for s, e in items)

        codings = {}
        for j, coder in enumerate(corpus.coders):
            starts, ends = spans.get((decision.code, j), empty)
            touching = (starts < decision.end) & (ends > decision.start)
            codings[coder] = tuple(
                (int(s) - base, int(e) - base)
                for s, e in zip(starts[touching], ends[touching], strict=True)
            )
        found.append(
            Disagreement(
                unit=unit,
                transcript=corpus.transcripts[t],
                start=local,
                end=local + decision.end - decision.start,
                where=decision.label,
                speaker=decision.speaker,
                excerpt=corpus.texts[t][local : local + decision.end - decision.start],
                code=corpus.codes[decision.code],
                coded_by=tuple(c for j, c in enumerate(corpus.coders) if decision.pattern >> j & 1),
                not_coded_by=tuple(
                    c for j, c in enumerate(corpus.coders) if (present & ~coded) >> j & 1
                ),
                codings=codings,
                proposals={
                    coder: shifted(decision.proposals[j]) for j, coder in enumerate(corpus.coders)
                },
            )
        )
    transcript_order = {name: i for i, name in enumerate(corpus.transcripts)}
    code_order = {name: i for i, name in enumerate(corpus.codes)}
    found.sort(key=lambda d: (transcript_order[d.transcript], d.start, code_order[d.code], d.end))
    return found
