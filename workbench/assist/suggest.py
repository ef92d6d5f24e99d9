"""Code suggestions learned from a coder's own coding: train, suggest, accept, dismiss.

A `Suggester` reads the study's units and their features once; `train()` learns the codes of
one coder (the coder themself, or with `source` another coder: refused where blind coding
hides that coder's work). Suggestions are for units the coder has not coded, never a code
the coder dismissed on that unit, and never an inactive code. Accepting one is an ordinary
coding by the coder (undoable), logged as suggested.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from workbench.assist import MIN_CONFIDENCE, MIN_EXAMPLES
from workbench.assist.features import FeatureCounts, count_features
from workbench.assist.model import CodeModels, train
from workbench.assist.units import CoderLabels, Corpus, read_corpus, read_labels
from workbench.coding.actions import AuditNote, CoderActions
from workbench.coding.visibility import visibility
from workbench.domain import CodingInfo
from workbench.errors import WorkbenchError
from workbench.store.corpus_rows import coder_ids
from workbench.store.dismissals import add_dismissal, dismissed
from workbench.store.project import Project

SUGGESTED = "coding.suggested"  # the audit log's action for an accepted suggestion
EXCERPT = 70  # characters of a unit's text shown with its suggestions


@dataclass(frozen=True)
class Suggestion:
    """Code `code` (a path; `code_id`) on the unit [start, end) of `transcript`."""

    transcript: str
    start: int
    end: int
    code: str
    code_id: int
    confidence: float
    excerpt: str


@dataclass(frozen=True)
class Trained:
    """What `Suggester.train` learned: whose coding, the codes with a classifier (paths,
    with coded units) and those with too few examples."""

    source: str
    codes: dict[str, int]
    too_few: dict[str, int]


class Suggester:
    """Suggestions for `coder`, learned from `source`'s coding (the coder's own by default)."""

    def __init__(self, project: Project, coder: str, source: str | None = None):
        self.project = project
        self.coder = coder.strip()
        self.source = (source or coder).strip()
        if not self.coder:
            raise WorkbenchError("--coder needs a name")
        self._shown: frozenset[str] | None = None  # transcripts --from may show
        if self.source != self.coder:
            self._shown = self._check_source()
        self.corpus: Corpus = read_corpus(project)
        self.counts: FeatureCounts = count_features(self.corpus.texts)
        self.models: CodeModels | None = None

    def _check_source(self) -> frozenset[str]:
        """The transcripts where blind coding lets the coder see the source's coding."""
        with self.project.session() as session:
            if self.source not in coder_ids(session.connection(), [self.source]):
                raise WorkbenchError(f"no coder named '{self.source}' (--from)")
        hidden = visibility(self.project, self.coder).hidden
        shown = frozenset(t.name for t in self.project.transcripts()) - hidden
        if not shown:
            raise WorkbenchError(
                f"--from {self.source}: blind coding hides {self.source}'s coding until you "
                "mark a transcript done, and you have marked none"
            )
        return shown

    # -- learning ------------------------------------------------------------------------------

    def labels(self, coder: str | None = None) -> CoderLabels:
        return read_labels(self.project, self.corpus, coder or self.source)

    def train(self) -> Trained:
        """(Re)learn the source's codes from what they coded so far."""
        labels = self.labels()
        rows = np.flatnonzero(labels.seen)
        self.models = train(self.counts, rows, labels.labels, labels.code_ids, MIN_EXAMPLES)
        counts = labels.counts()
        paths = self.corpus.code_paths
        return Trained(
            self.source,
            {paths[c]: counts[c] for c in self.models.code_ids},
            {
                paths[c]: n
                for c, n in sorted(self.models.too_few.items(), key=lambda i: paths[i[0]])
            },
        )

    # -- suggesting ----------------------------------------------------------------------------

    def suggest(
        self,
        transcript: str | None = None,
        top: int = 3,
        min_confidence: float = MIN_CONFIDENCE,
        rows: np.ndarray | None = None,
    ) -> list[Suggestion]:
        """Up to `top` codes per unit the coder has not coded (of `transcript`, or `rows`, or
        every one), each at least `min_confidence` likely, best first within a unit."""
        check_limits(top, min_confidence)
        if self.models is None:
            self.train()
        assert self.models is not None
        own = read_labels(self.project, self.corpus, self.coder)
        if rows is None:
            rows = self.corpus.rows_of(transcript) if transcript else np.arange(len(self.corpus))
        rows = rows[~own.coded[rows]]
        if self._shown is not None:
            names = self.corpus.names
            shown = [t for t in names if names[t] in self._shown]
            if transcript and transcript not in self._shown:
                raise WorkbenchError(
                    f"--from {self.source}: blind coding hides their coding of '{transcript}' "
                    "until you mark it done"
                )
            rows = rows[np.isin(self.corpus.transcript[rows], shown)]
        return self._ranked(rows, top, min_confidence, own)

    def for_unit(
        self, transcript: str, offset: int, top: int = 3, min_confidence: float = MIN_CONFIDENCE
    ) -> list[Suggestion]:
        """The codes suggested (best first) for the unit holding `offset`, whether or not the
        coder coded it, less codes it already has or they dismissed."""
        if self.models is None:
            self.train()
        assert self.models is not None
        row = self.corpus.unit_at(transcript, offset)
        if row is None:
            return []
        own = read_labels(self.project, self.corpus, self.coder)
        return self._ranked(np.array([row]), top, min_confidence, own)

    def why_none(self, transcript: str, offset: int, min_confidence: float = MIN_CONFIDENCE) -> str:
        """Why `for_unit` found nothing at `offset`, most basic cause first."""
        if self.models is None:
            self.train()
        assert self.models is not None
        if not self.models.code_ids:
            most = max(self.models.too_few.values(), default=0)
            return (
                f"not enough examples yet: a code needs {MIN_EXAMPLES} coded utterances "
                f"to learn from (yours have at most {most})"
            )
        if self.corpus.unit_at(transcript, offset) is None:
            return "not an utterance: move onto a speaker's turn"
        return (
            f"no code reaches confidence {min_confidence:.2f} here (codes the utterance has, "
            "or you dismissed, are left out)"
        )

    def _ranked(
        self, rows: np.ndarray, top: int, floor: float, own: CoderLabels
    ) -> list[Suggestion]:
        assert self.models is not None
        if not len(rows) or not self.models.code_ids:
            return []
        corpus = self.corpus
        probabilities = self.models.probabilities(self.counts, rows)
        gone = self._dismissed(own)
        # (position in rows, code id) of the codes the units have from the coder already
        has = {
            (int(i), own.code_ids[j]) for i, j in zip(*np.nonzero(own.labels[rows]), strict=True)
        }
        out: list[Suggestion] = []
        for i, row in enumerate(rows.tolist()):
            tid, start, end = (
                int(corpus.transcript[row]),
                int(corpus.start[row]),
                int(corpus.end[row]),
            )
            picked = 0
            for j in np.argsort(-probabilities[i], kind="stable").tolist():
                code = self.models.code_ids[j]
                p = float(probabilities[i, j])
                if picked >= top or p < floor:
                    break
                if code not in corpus.active or (tid, code, start, end) in gone:
                    continue
                if (i, code) in has:
                    continue
                out.append(
                    Suggestion(
                        corpus.names[tid],
                        start,
                        end,
                        corpus.code_paths[code],
                        code,
                        p,
                        _excerpt(corpus.texts[row]),
                    )
                )
                picked += 1
        return out

    def _dismissed(self, own: CoderLabels) -> set[tuple[int, int, int, int]]:
        if own.coder_id is None:
            return set()
        with self.project.session() as session:
            return dismissed(session, own.coder_id)

    # -- acting --------------------------------------------------------------------------------

    def accept(self, suggestion: Suggestion, actions: CoderActions | None = None) -> CodingInfo:
        """Code the unit as suggested: an ordinary coding of the coder's, logged as suggested."""
        actions = actions or CoderActions(self.project, self.coder)
        return actions.apply(
            suggestion.transcript,
            suggestion.code_id,
            suggestion.start,
            suggestion.end,
            audit=self.audit_note(suggestion),
        )

    def audit_note(self, suggestion: Suggestion) -> AuditNote:
        """What the audit log records with an accepted suggestion's coding."""
        detail = {
            "code": suggestion.code,
            "confidence": round(suggestion.confidence, 3),
            "learned_from": self.source,
        }
        return AuditNote(SUGGESTED, json.dumps(detail, ensure_ascii=False))

    def dismiss(self, suggestion: Suggestion) -> bool:
        """Never suggest this code on this unit to the coder again; False if dismissed already."""
        from workbench.store.project import coder_by_name
        from workbench.store.transcript_rows import transcript_id_named

        with self.project.writing(changes_codebook=False) as session:
            coder = coder_by_name(session, self.coder, create=True)
            tid = transcript_id_named(session, suggestion.transcript)
            key = (tid, suggestion.code_id, suggestion.start, suggestion.end)
            return add_dismissal(session, coder.id, key)


def dismiss_at(project: Project, coder: str, transcript: str, offset: int, code: str) -> str:
    """Dismiss `code` (a name or path) for `coder` on the utterance of `transcript` holding
    `offset`, without learning anything; says what was dismissed."""
    from workbench.store.codeindex import CodeIndex
    from workbench.store.project import coder_by_name
    from workbench.store.transcript_rows import transcript_id_named

    unit = project.transcript(transcript).utterance_at(offset)
    if unit is None or unit.start == unit.end:
        raise WorkbenchError(f"--at {offset}: no utterance of '{transcript}' holds it")
    with project.writing(changes_codebook=False) as session:
        index = CodeIndex(session)
        found = index.resolve(code)
        tid = transcript_id_named(session, transcript)
        who = coder_by_name(session, coder.strip(), create=True)
        fresh = add_dismissal(session, who.id, (tid, found.id, unit.start, unit.end))
        place = f"{index.path(found)} on {transcript} [{unit.start}, {unit.end})"
    return f"dismissed {place}" if fresh else f"{place} was dismissed already"


def check_limits(top: int, min_confidence: float) -> None:
    """Refuse a --top or --min-confidence that can select nothing sensible."""
    if not 0 <= min_confidence <= 1:
        raise WorkbenchError(f"--min-confidence is a probability, not {min_confidence}")
    if top < 1:
        raise WorkbenchError(f"--top must be at least 1, not {top}")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…"
