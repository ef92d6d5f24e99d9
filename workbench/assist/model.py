"""The learned model: one calibrated linear classifier per code (one-vs-rest) over TF-IDF features.

This is what scikit-learn's CalibratedClassifierCV(SGDClassifier, method="sigmoid", cv=2)
does for each code, with the two halves of the units drawn once for all codes: sliced once
rather than once per code, which was a third of the training time. scikit-learn is imported
inside the functions: the CLI starts without it.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from workbench.assist import MIN_EXAMPLES
from workbench.assist.features import FeatureCounts, Weighting

EPOCHS = 5  # passes of stochastic gradient descent over the units at least
FIT_THREADS = 2  # the coding screen's worker too: typing needs little of the second core
UPDATES = 15_000  # and at least this many steps, for small studies
Rows = npt.NDArray[np.int64]


@dataclass
class CodeModels:
    """Classifiers for `code_ids` (column order of `probabilities`), trained on some units;
    `too_few` holds the codes left out, with how many coded units they have.

    Each code has two linear SVMs (one per half of the units) with a Platt sigmoid fitted on
    the other half's scores: its probability is the mean of the two calibrated ones. They
    are kept as matrices so that every code is scored in one product.
    """

    code_ids: tuple[int, ...]
    weighting: Weighting | None
    weights: npt.NDArray[np.float64]  # (features, 2 * codes): half 0's codes, then half 1's
    intercepts: npt.NDArray[np.float64]  # (2 * codes,)
    slopes: npt.NDArray[np.float64]  # the sigmoids: p = 1 / (1 + exp(-(slope * s + offset)))
    offsets: npt.NDArray[np.float64]
    too_few: dict[int, int] = field(default_factory=dict)

    def probabilities(self, counts: FeatureCounts, rows: Rows) -> npt.NDArray[np.float64]:
        """(len(rows), codes): each code's calibrated probability on each unit."""
        if self.weighting is None or not len(rows):
            return np.zeros((len(rows), len(self.code_ids)))
        scores = self.weighting.transform(counts, rows) @ self.weights + self.intercepts
        calibrated = 1 / (1 + np.exp(-(self.slopes * scores + self.offsets)))
        halves = np.asarray(calibrated).reshape(len(rows), 2, len(self.code_ids))
        return np.asarray(halves.mean(axis=1))


def train(
    counts: FeatureCounts,
    rows: Rows,
    labels: npt.NDArray[np.bool_],
    code_ids: tuple[int, ...],
    min_examples: int = MIN_EXAMPLES,
) -> CodeModels:
    """Train on the units `rows` whose codes are `labels` (rows x codes, columns `code_ids`):
    a classifier for each code with at least `min_examples` coded units among them."""
    positives = labels[rows].sum(axis=0)
    halves = _halves(len(rows))
    # Each half needs a positive and a negative unit of the code to learn and calibrate on.
    ok = np.ones(len(code_ids), dtype=bool)
    for half in halves:
        inside = labels[rows[half]].sum(axis=0)
        ok &= (inside >= 1) & (inside < len(half))
    enough = (positives >= min_examples) & ok
    trained = tuple(code for j, code in enumerate(code_ids) if enough[j])
    too_few = {code: int(positives[j]) for j, code in enumerate(code_ids) if not enough[j]}
    if not trained:
        empty = np.zeros(0)
        return CodeModels((), None, np.zeros((0, 0)), empty, empty, empty, too_few)
    from threadpoolctl import threadpool_limits

    weighting = Weighting.fit(counts, rows)
    features = weighting.transform(counts, rows)
    parts = [features[half] for half in halves]  # sliced once for every code
    columns = np.flatnonzero(enough)

    def fit(h: int, j: int) -> tuple[npt.NDArray[np.float64], float, float, float]:
        """Code column j's SVM on half h, calibrated on the other half."""
        half, other = halves[h], halves[1 - h]
        svm = _svm(len(half)).fit(parts[h], labels[rows[half], j])
        scores = svm.decision_function(parts[1 - h])
        slope, offset = _platt(scores, labels[rows[other], j])
        return svm.coef_.ravel(), float(svm.intercept_[0]), slope, offset

    jobs = [(h, j) for h in (0, 1) for j in columns.tolist()]
    # Two threads: the SVMs' passes over the units run without the GIL. One thread for
    # BLAS: its threads spin while waiting, and on a busy machine a thousand tiny fits then
    # take seconds instead of milliseconds.
    with threadpool_limits(limits=1), ThreadPoolExecutor(FIT_THREADS) as pool:
        models = list(pool.map(lambda job: fit(*job), jobs))
    return CodeModels(
        trained,
        weighting,
        np.column_stack([m[0] for m in models]),
        np.array([m[1] for m in models]),
        np.array([m[2] for m in models]),
        np.array([m[3] for m in models]),
        too_few,
    )


def _halves(units: int) -> list[Rows]:
    """The units (positions in the training rows) split in two at random, the same for
    every code and every training on as many units."""
    order = np.random.default_rng(0).permutation(units)
    return [np.sort(order[: units // 2]), np.sort(order[units // 2 :])]


def _svm(units: int) -> Any:
    """A linear SVM (hinge loss, fitted by stochastic gradient descent: a few passes, fast
    enough to retrain every code while the coder works)."""
    from sklearn.linear_model import SGDClassifier

    # Enough updates for a few hundred units to converge, a few passes for thousands.
    epochs = max(EPOCHS, -(-UPDATES // max(units, 1)))
    # Balanced: a code is on a few units in a hundred, and an SVM that weighs every unit
    # alike learns to say no; Platt scaling then puts the probabilities right again.
    return SGDClassifier(
        loss="hinge",
        alpha=1e-4,
        class_weight="balanced",
        max_iter=epochs,
        tol=None,
        random_state=0,
    )


def _platt(scores: npt.NDArray[np.float64], truth: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """Platt scaling: the sigmoid of the score that best predicts the truth (a logistic
    regression on that one feature)."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=100.0).fit(scores.reshape(-1, 1), truth)
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])
