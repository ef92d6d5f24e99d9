"""A consensus coder: every agreed coding at once, and a person's choice per disagreement.

What counts as agreed depends on the unit (see `decisions`): at utterance or sentence unit a
code every coder applied to a unit gives the consensus coder the coders' own spans of that
code inside the unit (their union, or their intersection), never the whole unit, so word
counts of the consensus stay those of the coders; at character unit the consensus gets the
stretches every coder coded; at span unit the spans every coder drew with the same
boundaries. Disagreements are left for a person (`accept`). Both write in one transaction,
skip codings the consensus coder already has (so running them again adds nothing), and are
recorded in the audit log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.agreement.decisions import Decision, coder_spans, decisions
from workbench.agreement.disagreements import Disagreement
from workbench.agreement.sweep import Ints
from workbench.agreement.units import load_corpus
from workbench.agreement.vocabulary import DEFAULT_CONSENSUS, check_unit
from workbench.anonymise.gate import project_fields, typed_entry
from workbench.errors import WorkbenchError
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import NewCoding, add_codings, coding_keys
from workbench.store.project import Project, coder_by_name, transcript_by_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


SPAN_RULES = ("union", "intersect")  # what an agreed utterance or sentence gives the consensus
Span = tuple[int, int]


@dataclass(frozen=True)
class Reconciliation:
    into: str
    unit: str
    coders: tuple[str, ...]
    transcripts: tuple[str, ...]
    agreed: int  # agreed decisions found
    added: int  # codings written
    already: int  # agreed codings the consensus coder had already
    disagreements: int  # decisions left for a person


def _check_target(project: Project, into: str, coders: Sequence[str]) -> None:
    if not into.strip():
        raise WorkbenchError("name the consensus coder (--into)")
    typed_entry(project_fields(project), into, "the coder name", "--into", label=True)
    if into in coders:
        raise WorkbenchError(f"'{into}' is one of the coders being compared; choose another name")


def _write(
    session: Session, coder_id: int, rows: Iterable[tuple[int, int, int, int]]
) -> tuple[int, int]:
    """Insert (transcript_id, code_id, start, end) codings the coder lacks: (added, already)."""
    have = coding_keys(session, coder_id)
    new = []
    already = 0
    for transcript_id, code_id, start, end in rows:
        key = (transcript_id, code_id, coder_id, start, end)
        if key in have:
            already += 1
            continue
        have.add(key)
        new.append(NewCoding(transcript_id, code_id, coder_id, start, end))
    return add_codings(session, new), already


def reconcile(
    project: Project,
    coders: Sequence[str],
    into: str = DEFAULT_CONSENSUS,
    unit: str = "utterance",
    codes: Sequence[str] | None = None,
    transcripts: Sequence[str] | None = None,
    spans: str = "union",
) -> Reconciliation:
    """Give coder `into` (created if needed) every coding the `coders` agree on.

    `spans`, at utterance and sentence unit: the agreeing coders' spans in the unit are
    merged ("union") or only the characters every one of them coded are kept ("intersect").
    """
    check_unit(unit)
    _check_target(project, into, coders)
    if spans not in SPAN_RULES:
        raise WorkbenchError(f"spans must be one of {', '.join(SPAN_RULES)}, not '{spans}'")
    corpus = load_corpus(
        project, coders, codes, transcripts, text=unit == "sentence", utterances=True
    )
    found = decisions(corpus, unit)
    own = coder_spans(corpus) if unit in ("utterance", "sentence") else None
    rows = []
    for decision in found:
        if not decision.agreed:
            continue
        t, _local = corpus.locate(decision.start)
        base = int(corpus.offsets[t])
        written: Sequence[Span] = decision.proposals[0]
        if own is not None:
            mine = [own[decision.code, j] for j in range(len(corpus.coders))]
            written = _within(decision, mine, spans)
        for start, end in written:
            rows.append(
                (corpus.transcript_ids[t], corpus.code_ids[decision.code], start - base, end - base)
            )
    agreed = sum(d.agreed for d in found)
    with project.session() as session:
        target = coder_by_name(session, into, create=True)
        added, already = _write(session, target.id, rows)
        project.log(
            session,
            "agreement.reconcile",
            into,
            json.dumps(
                {
                    "coders": list(corpus.coders),
                    "unit": unit,
                    "transcripts": list(corpus.transcripts),
                    "agreed": agreed,
                    "added": added,
                    "already": already,
                }
            ),
        )
    return Reconciliation(
        into,
        unit,
        corpus.coders,
        corpus.transcripts,
        agreed,
        added,
        already,
        len(found) - agreed,
    )


def _within(decision: Decision, spans: list[tuple[Ints, Ints]], rule: str) -> list[Span]:
    """Each coder's spans of the decision's code cut to its unit, then merged across coders
    (union) or kept where every coder has one (intersect)."""
    per_coder = []
    for starts, ends in spans:
        inside = (starts < decision.end) & (ends > decision.start)
        cut = zip(
            starts[inside].clip(decision.start).tolist(),
            ends[inside].clip(max=decision.end).tolist(),
            strict=True,
        )
        per_coder.append(_merged(sorted(cut)))
    if rule == "union":
        return _merged(sorted(span for mine in per_coder for span in mine))
    common = per_coder[0]
    for mine in per_coder[1:]:
        common = [
            (max(a, c), min(b, d)) for a, b in common for c, d in mine if max(a, c) < min(b, d)
        ]
    return common


def _merged(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined: the characters they cover."""
    out: list[Span] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def accept(
    project: Project,
    disagreement: Disagreement,
    take: Sequence[str],
    into: str = DEFAULT_CONSENSUS,
) -> int:
    """Settle a disagreement: the consensus gets the decisions of the coders in `take`.

    `take` may name one coder ("accept A"), several ("both"), or none ("neither", which
    adds nothing but is still recorded). Returns the number of codings added.
    """
    unknown = [coder for coder in take if coder not in disagreement.proposals]
    if unknown:
        raise WorkbenchError(f"'{unknown[0]}' is not one of this disagreement's coders")
    _check_target(project, into, list(disagreement.proposals))
    spans = sorted({span for coder in take for span in disagreement.proposals[coder]})
    with project.session() as session:
        transcript_id = transcript_by_name(session, disagreement.transcript).id
        code_id = CodeIndex(session).resolve(disagreement.code).id
        target = coder_by_name(session, into, create=True)
        added, _already = _write(
            session, target.id, ((transcript_id, code_id, s, e) for s, e in spans)
        )
        project.log(
            session,
            "agreement.accept",
            into,
            json.dumps(
                {
                    "transcript": disagreement.transcript,
                    "code": disagreement.code,
                    "unit": disagreement.unit,
                    "where": disagreement.where,
                    "take": list(take),
                    "added": added,
                }
            ),
        )
    return added


def settled(project: Project, code: str, unit: str, into: str = DEFAULT_CONSENSUS) -> set[str]:
    """'transcript@where' of the disagreements of `code` at `unit` already settled into
    `into` (from the audit log, so that 'neither', which writes no coding, counts too)."""
    found = set()
    for event in project.events("agreement.accept"):
        detail = json.loads(event.detail or "{}")
        if event.target == into and detail.get("code") == code and detail.get("unit") == unit:
            found.add(f"{detail.get('transcript')}@{detail.get('where')}")
    return found
