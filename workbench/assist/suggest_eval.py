"""How far suggestions can be trusted: per code, cross-validated by transcript, against baselines.

Folds are groups of transcripts (GroupKFold): a model is never tested on a transcript it
was trained on. Out-of-fold predictions of every fold are pooled, then each code's
precision, recall and F1 are counted. Two baselines are scored the same way: the coder's
most frequent code (in the training folds) on every unit, and a keyword rule (a unit has
the code when it holds one of the code's most distinctive words, chosen on the training
folds only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from workbench.assist import MIN_EXAMPLES
from workbench.assist.features import FeatureCounts
from workbench.assist.model import train
from workbench.assist.units import CoderLabels, Corpus
from workbench.errors import WorkbenchError
from workbench.text.words import counted

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

FOLDS = 5
THRESHOLD = 0.5  # a unit is predicted to have a code when its probability reaches this
KEYWORD_COUNTS = (1, 2, 3, 5, 8)  # how many keywords the rule may use: chosen per code
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class CodeEvaluation:
    """One code's figures: the model's, and the F1 of each baseline."""

    code: str
    units: int  # units the coder coded with it
    model: Scores
    most_frequent_f1: float
    keyword_f1: float
    keywords: tuple[str, ...]  # the rule's words, chosen on all the coder's units


@dataclass(frozen=True)
class Evaluation:
    coder: str
    folds: int
    transcripts: int
    units: int
    codes: list[CodeEvaluation]
    too_few: dict[str, int]  # codes with fewer than MIN_EXAMPLES coded units: not evaluated

    def of(self, code: str) -> CodeEvaluation | None:
        return next((c for c in self.codes if c.code == code), None)


def evaluate(
    corpus: Corpus, counts: FeatureCounts, labels: CoderLabels, folds: int = FOLDS
) -> Evaluation:
    """Cross-validate the coder's codes over the units they have seen."""
    from sklearn.model_selection import GroupKFold

    rows = np.flatnonzero(labels.seen)
    groups = corpus.transcript[rows]
    transcripts = len(set(groups.tolist()))
    if transcripts < 2:
        raise WorkbenchError(
            f"{labels.coder} has coded {counted(transcripts, 'transcript')}: evaluation trains "
            "on some transcripts and tests on others, so it needs at least two"
        )
    splits = min(folds, transcripts)
    totals = labels.labels[rows].sum(axis=0)
    wanted = [j for j in range(len(labels.code_ids)) if totals[j] >= MIN_EXAMPLES]
    truth = labels.labels[rows][:, wanted]
    code_ids = tuple(labels.code_ids[j] for j in wanted)
    predicted = np.zeros_like(truth)
    frequent = np.zeros_like(truth)
    keyword = np.zeros_like(truth)
    presence = word_presence(counts)
    for train_at, test_at in GroupKFold(n_splits=splits).split(rows, groups=groups):
        train_rows, test_rows = rows[train_at], rows[test_at]
        models = train(counts, train_rows, labels.labels[:, wanted], code_ids, min_examples=1)
        probabilities = models.probabilities(counts, test_rows)
        for k, code in enumerate(models.code_ids):
            predicted[test_at, code_ids.index(code)] = probabilities[:, k] >= THRESHOLD
        if len(wanted):
            top = int(np.argmax(truth[train_at].sum(axis=0)))
            frequent[test_at, top] = True
        for j in range(len(wanted)):
            words = distinctive_words(presence[train_rows], truth[train_at, j])
            keyword[test_at, j] = holds_any(presence[test_rows], words)
    paths = corpus.code_paths
    codes = [
        CodeEvaluation(
            code=paths[code],
            units=int(truth[:, j].sum()),
            model=_scores(truth[:, j], predicted[:, j]),
            most_frequent_f1=_scores(truth[:, j], frequent[:, j]).f1,
            keyword_f1=_scores(truth[:, j], keyword[:, j]).f1,
            keywords=tuple(
                counts.word_names[w]
                for w in distinctive_words(presence[rows], truth[:, j]).tolist()
            ),
        )
        for j, code in enumerate(code_ids)
    ]
    too_few = {
        paths[code]: int(totals[j])
        for j, code in enumerate(labels.code_ids)
        if totals[j] < MIN_EXAMPLES
    }
    codes.sort(key=lambda c: (-c.units, c.code))
    return Evaluation(labels.coder, splits, transcripts, len(rows), codes, too_few)


def _scores(truth: Bools, predicted: Bools) -> Scores:
    hits = int((truth & predicted).sum())
    said, real = int(predicted.sum()), int(truth.sum())
    precision = hits / said if said else 0.0
    recall = hits / real if real else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def word_presence(counts: FeatureCounts) -> csr_matrix:
    """Which single words (not bigrams) each unit holds, 1 or 0 (columns: word_names'
    positions, bigrams' columns empty): the keyword rule's input."""
    from scipy.sparse import diags

    single = np.array([" " not in name for name in counts.word_names], dtype=np.float64)
    present = counts.words.copy()
    present.data = np.ones_like(present.data)
    return (present @ diags(single)).tocsr()


def distinctive_words(presence: csr_matrix, truth: Bools) -> npt.NDArray[np.int64]:
    """The code's most distinctive words: those more common in its units than in others,
    ranked by chi-squared, as many of the first as give the best F1 on these units."""
    from sklearn.feature_selection import chi2

    positives = int(truth.sum())
    if not positives or positives == len(truth):
        return np.zeros(0, dtype=np.int64)
    inside = np.asarray(presence[np.flatnonzero(truth)].sum(axis=0)).ravel() / positives
    everywhere = np.asarray(presence.sum(axis=0)).ravel() / len(truth)
    scores, _p = chi2(presence, truth)
    scores = np.where((inside > everywhere) & np.isfinite(scores), scores, -1.0)
    ranked = np.argsort(-scores, kind="stable")[: max(KEYWORD_COUNTS)]
    ranked = ranked[scores[ranked] > 0]
    best, best_f1 = ranked[:0], -1.0
    for count in KEYWORD_COUNTS:
        words = ranked[:count]
        f1 = _scores(truth, holds_any(presence, words)).f1
        if f1 > best_f1:
            best, best_f1 = words, f1
    return np.asarray(best, dtype=np.int64)


def holds_any(presence: csr_matrix, words: npt.NDArray[np.int64]) -> Bools:
    """Units holding at least one of `words`."""
    if not len(words):
        return np.zeros(presence.shape[0], dtype=bool)
    return np.asarray(presence[:, words].sum(axis=1) > 0).ravel()


EVALUATION_COLUMNS = (
    "code",
    "units",
    "precision",
    "recall",
    "f1",
    "f1_most_frequent",
    "f1_keywords",
    "keywords",
)


def evaluation_rows(result: Evaluation) -> list[list[str]]:
    """The table the CLI prints and writes as CSV: a row per code, figures to two places,
    then a row per code with too few examples (figures empty)."""
    rows = [
        [
            c.code,
            str(c.units),
            f"{c.model.precision:.2f}",
            f"{c.model.recall:.2f}",
            f"{c.model.f1:.2f}",
            f"{c.most_frequent_f1:.2f}",
            f"{c.keyword_f1:.2f}",
            " ".join(c.keywords),
        ]
        for c in result.codes
    ]
    rows += [
        [code, str(n), "", "", "", "", "", "not enough examples"]
        for code, n in sorted(result.too_few.items())
    ]
    return rows
