"""Agreement between a project's coders, per code and pooled, at one kind of unit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from workbench.agreement.binary import BinaryFigures, binary_figures, kappa_from_pair_table
from workbench.agreement.coefficients import Coefficient, undefined
from workbench.agreement.missing import (
    MISSING,
    MISSING_RULES,
    complete_only,
    missing_by_coder,
    presence_groups,
)
from workbench.agreement.sentences import sentence_units
from workbench.agreement.sweep import Ints, coder_stretches, merge_overlapping, pattern_lengths
from workbench.agreement.unitized import (
    SpanData,
    binary_alpha_from_lengths,
    cu_alpha_of,
    find_overlap,
    u_alpha_of,
)
from workbench.agreement.units import Corpus, load_corpus, unit_patterns
from workbench.agreement.unseen import UnseenCoding, outside_note, unseen_codings
from workbench.agreement.vocabulary import check_unit
from workbench.coding.visibility import TEAM, Visibility
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.text.speakers import left_out_note

POOLED = "(pooled)"
LOW_PREVALENCE = 0.05

UNIT_RULES = {
    "utterance": "a coder codes an utterance with a code when any of their spans of that code "
    "overlaps the utterance's text",
    "sentence": "a coder codes a sentence (split after . ! ? and at line breaks, inside each "
    "utterance) with a code when any of their spans of that code overlaps it",
    "character": "every character of each transcript's text is a unit, coded when it lies in "
    "one of the coder's spans of that code (NVivo's way)",
    "span": "Krippendorff's unitizing alpha (2016) on each code's spans, transcripts end to end; "
    "a coder's overlapping spans of a code are merged, touching spans stay separate units",
}
POOLING = {
    "utterance": "(pooled) stacks every code's utterance decisions into one coded/not-coded table",
    "sentence": "(pooled) stacks every code's sentence decisions into one coded/not-coded table",
    "character": "(pooled) stacks every code's character decisions into one coded/not-coded table",
    "span": "(pooled) is |u-alpha with every code's continuum laid end to end "
    "(the codes' unitizations stacked)",
}
SPAN_ONLY = "not computed at span unit: see Krippendorff's unitizing alpha"


@dataclass(frozen=True)
class PairKappa:
    coder_a: str
    coder_b: str
    kappa: Coefficient


@dataclass(frozen=True)
class CodeAgreement:
    """One row of the report: a code, or the pooled row."""

    code: str
    units: int
    prevalence: dict[str, float]  # coder -> share of units coded (span: of characters)
    percent_agreement: Coefficient  # 0-100
    cohen_kappa: Coefficient
    krippendorff_alpha: Coefficient  # span unit: uα of this code (|uα when pooled)
    fleiss_kappa: Coefficient
    gwet_ac1: Coefficient
    pairwise_kappa: tuple[PairKappa, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class TranscriptAgreement:
    """NVivo's figure: one code in one transcript, two coders, over characters."""

    code: str
    transcript: str
    coder_a: str
    coder_b: str
    characters: int
    percent_agreement: Coefficient
    cohen_kappa: Coefficient


@dataclass(frozen=True)
class AgreementReport:
    unit: str
    unit_rule: str
    pooling: str
    coders: tuple[str, ...]
    transcripts: tuple[str, ...]
    transcript_rule: str
    rows: tuple[CodeAgreement, ...]
    pooled: CodeAgreement
    by_transcript: tuple[TranscriptAgreement, ...] = ()
    across_codes: dict[str, Coefficient] = field(default_factory=dict)
    speakers: tuple[str, ...] = ()  # only these speakers' units (utterance, sentence)
    speakers_note: str = ""  # the transcripts in which none of them speaks: left out
    outside: tuple[UnseenCoding, ...] = ()  # codings no unit of this kind overlaps
    # coder -> transcripts they neither coded nor marked done: missing data, not "nothing".
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_rule: str = ""

    @property
    def outside_note(self) -> str:
        """What the figures leave out, in a sentence; "" when nothing is."""
        return outside_note(len(self.outside), self.unit)


def agreement_report(
    project: Project,
    coders: Sequence[str],
    unit: str = "utterance",
    codes: Sequence[str] | None = None,
    transcripts: Sequence[str] | None = None,
    by_transcript: bool = False,
    speakers: Sequence[str] | None = None,
    visibility: Visibility = TEAM,
) -> AgreementReport:
    """Agreement of `coders` on each code (all they used, or `codes`) and pooled over codes.

    `by_transcript` adds NVivo's per code, transcript and coder pair figures (character unit).
    `speakers` keeps only their utterances (or sentences) as units, e.g. the respondents'.
    """
    check_unit(unit)
    if speakers and unit not in ("utterance", "sentence"):
        raise WorkbenchError("choosing speakers needs utterance or sentence units")
    corpus = load_corpus(
        project,
        coders,
        codes,
        transcripts,
        text=unit == "sentence",
        utterances=unit in ("utterance", "sentence"),
        visibility=visibility,
    )
    per_transcript: tuple[TranscriptAgreement, ...] = ()
    across: dict[str, Coefficient] = {}
    outside: tuple[UnseenCoding, ...] = ()
    speakers_note = ""
    masks, group = presence_groups(corpus)
    missing = missing_by_coder(corpus)
    if unit == "span":
        rows, pooled, across = _span_rows(complete_only(corpus))
    else:
        if unit == "character":
            hist, per_transcript = _character_histograms(corpus, by_transcript, group, len(masks))
        else:
            units = corpus.utterances if unit == "utterance" else sentence_units(corpus)
            assert units is not None
            outside = unseen_codings(corpus, units)
            if speakers:
                spoken = units.of_speakers(speakers)
                silent = sorted(set(units.transcript.tolist()) - set(spoken.transcript.tolist()))
                speakers_note = left_out_note(speakers, [corpus.transcripts[t] for t in silent])
                units = spoken
            patterns = unit_patterns(corpus, units)
            hist = _unit_histograms(corpus, patterns, group[units.transcript], len(masks))
        rows = [_row(corpus, code, hist[c], masks) for c, code in enumerate(corpus.codes)]
        pooled = _row(corpus, POOLED, hist.sum(axis=0), masks)
    return AgreementReport(
        unit=unit,
        unit_rule=UNIT_RULES[unit],
        pooling=POOLING[unit],
        coders=corpus.coders,
        transcripts=corpus.transcripts,
        transcript_rule=corpus.transcript_rule,
        rows=tuple(rows),
        pooled=pooled,
        by_transcript=per_transcript,
        across_codes=across,
        speakers=tuple(speakers or ()),
        speakers_note=speakers_note,
        outside=outside,
        missing=missing,
        missing_rule=MISSING_RULES[unit == "span"] if missing else "",
    )


def _unit_histograms(corpus: Corpus, patterns: Ints, group: Ints, groups: int) -> Ints:
    """(codes, presence groups, 2**m) number of units per coder pattern; `group` is each
    unit's presence group."""
    size = 2 ** len(corpus.coders)
    n_codes, n_units = patterns.shape
    coded = np.flatnonzero(patterns)  # few of the (code, unit) cells: count those
    cell = (coded // n_units) * groups + group[coded % n_units]
    flat = cell * size + patterns.reshape(-1)[coded]
    hist = np.bincount(flat, minlength=n_codes * groups * size).reshape(n_codes, groups, size)
    units_per_group = np.bincount(group, minlength=groups)
    hist[:, :, 0] = units_per_group[None, :] - hist[:, :, 1:].sum(axis=2)
    return hist


def _character_histograms(
    corpus: Corpus, by_transcript: bool, presence_group: Ints, groups: int
) -> tuple[Ints, tuple[TranscriptAgreement, ...]]:
    """(codes, presence groups, 2**m) characters per coder pattern, and NVivo's
    per-transcript figures (undefined where one of the pair is missing)."""
    m, n_t, n_codes = len(corpus.coders), len(corpus.transcripts), len(corpus.codes)
    group = corpus.coding_code * n_t + corpus.coding_transcript
    stretches = coder_stretches(
        group, corpus.coding_coder, corpus.coding_start, corpus.coding_end, m
    )
    table = pattern_lengths(stretches, n_codes * n_t, m).reshape(n_codes, n_t, 2**m)
    table[:, :, 0] = corpus.lengths[None, :] - table.sum(axis=2)
    rows = []
    if by_transcript:
        patterns = np.arange(2**m)
        for a, b in combinations(range(m), 2):
            has_a, has_b = (patterns >> a) & 1 == 1, (patterns >> b) & 1 == 1
            cells = [
                table[:, :, mask].sum(axis=2)
                for mask in (has_a & has_b, has_a & ~has_b, ~has_a & has_b, ~has_a & ~has_b)
            ]
            for c, code in enumerate(corpus.codes):
                for t, name in enumerate(corpus.transcripts):
                    both, only_a, only_b, neither = (int(cell[c, t]) for cell in cells)
                    size = int(corpus.lengths[t])
                    absent = [
                        corpus.coders[j] for j in (a, b) if not (int(corpus.presence[t]) >> j) & 1
                    ]
                    if absent:
                        agree = kappa = undefined(f"{' and '.join(absent)} missing: {MISSING}")
                    elif size:
                        agree = Coefficient(100.0 * (both + neither) / size)
                        kappa = kappa_from_pair_table(both, only_a, only_b, neither)
                    else:
                        agree = kappa = undefined("empty transcript")
                    rows.append(
                        TranscriptAgreement(
                            code, name, corpus.coders[a], corpus.coders[b], size, agree, kappa
                        )
                    )
        rows.sort(key=lambda r: (corpus.codes.index(r.code), r.transcript))
    grouped = np.zeros((groups, n_codes, 2**m), dtype=np.int64)
    np.add.at(grouped, presence_group, table.transpose(1, 0, 2))
    return grouped.transpose(1, 0, 2), tuple(rows)


def _warnings(prevalence: dict[str, float]) -> tuple[str, ...]:
    mean = sum(prevalence.values()) / len(prevalence) if prevalence else 0.0
    if 0 < mean < LOW_PREVALENCE or 1 - LOW_PREVALENCE < mean < 1:
        return (
            f"prevalence {100 * mean:.1f}%: with a code this rare (or this common) kappa and "
            f"alpha can be low despite high agreement (the kappa paradox); AC1 is less affected",
        )
    return ()


def _row(corpus: Corpus, code: str, hist: Ints, masks: Ints) -> CodeAgreement:
    figures: BinaryFigures = binary_figures(hist, len(corpus.coders), masks)
    prevalence = dict(zip(corpus.coders, figures.prevalence, strict=True))
    pairs = combinations(corpus.coders, 2) if len(corpus.coders) > 2 else ()
    return CodeAgreement(
        code=code,
        units=figures.units,
        prevalence=prevalence,
        percent_agreement=figures.percent_agreement,
        cohen_kappa=figures.cohen_kappa,
        krippendorff_alpha=figures.krippendorff_alpha,
        fleiss_kappa=figures.fleiss_kappa,
        gwet_ac1=figures.gwet_ac1,
        pairwise_kappa=tuple(
            PairKappa(a, b, k) for (a, b), k in zip(pairs, figures.pairwise_kappa, strict=False)
        ),
        warnings=_warnings(prevalence),
    )


def _span_rows(
    corpus: Corpus,
) -> tuple[list[CodeAgreement], CodeAgreement, dict[str, Coefficient]]:
    m, n_codes, total = len(corpus.coders), len(corpus.codes), corpus.total_length
    units = merge_overlapping(
        corpus.coding_code * m + corpus.coding_coder, corpus.coding_start, corpus.coding_end
    )
    code, coder = units.key // m, units.key % m
    lengths = units.end - units.start
    stretches = coder_stretches(code, coder, units.start, units.end, m)
    table = pattern_lengths(stretches, n_codes, m)
    squares = np.bincount(code, weights=lengths.astype(float) ** 2, minlength=n_codes)
    counts = np.bincount(code, minlength=n_codes)
    covered = np.zeros((n_codes, m))
    np.add.at(covered, (code, coder), lengths)

    def row(
        name: str, lengths_by_pattern: Ints, square_sum: int, size: int, n: int, cover: list[float]
    ) -> CodeAgreement:
        alpha = binary_alpha_from_lengths(lengths_by_pattern, square_sum, size, m)
        prevalence = {
            who: (float(c) / size if size else 0.0)
            for who, c in zip(corpus.coders, cover, strict=True)
        }
        other = undefined(SPAN_ONLY)
        return CodeAgreement(
            code=name,
            units=n,
            prevalence=prevalence,
            percent_agreement=other,
            cohen_kappa=other,
            krippendorff_alpha=alpha,
            fleiss_kappa=other,
            gwet_ac1=other,
            warnings=_warnings(prevalence),
        )

    rows = [
        row(name, table[c], round(float(squares[c])), total, int(counts[c]), list(covered[c]))
        for c, name in enumerate(corpus.codes)
    ]
    pooled = row(
        POOLED,
        table.sum(axis=0),
        round(float(squares.sum())),
        total * n_codes,
        int(counts.sum()),
        list(covered.sum(axis=0)),
    )
    return rows, pooled, _across_codes(corpus, units.key, units.start, units.end)


def _across_codes(corpus: Corpus, key: Ints, start: Ints, end: Ints) -> dict[str, Coefficient]:
    """uα and cuα with the codes as values of one variable, when no coder's units overlap."""
    m = len(corpus.coders)
    clash = find_overlap(key % m, start, end)
    if clash is not None:
        first, second, who = clash
        t, local = corpus.locate(int(max(start[first], start[second])))
        a, b = corpus.codes[int(key[first] // m)], corpus.codes[int(key[second] // m)]
        note = undefined(
            f"{corpus.coders[who]}'s units of '{a}' and '{b}' overlap in "
            f"{corpus.transcripts[t]} at {local}; u-alpha and cu-alpha across codes need each "
            f"coder's units not to overlap (the per-code u-alpha does not)"
        )
        return {"u_alpha": note, "cu_alpha": note}
    data = SpanData(corpus.coders, corpus.codes, corpus.total_length, key % m, key // m, start, end)
    return {"u_alpha": u_alpha_of(data), "cu_alpha": cu_alpha_of(data)}
