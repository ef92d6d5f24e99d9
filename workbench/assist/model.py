"""The learned model: one calibrated linear classifier per code (one-vs-rest) over TF-IDF features.

scikit-learn is imported inside the functions: the CLI starts without it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from workbench.assist.features import FeatureCounts, Weighting

MIN_EXAMPLES = 8  # coded units a code needs before it gets a classifier
CALIBRATION_FOLDS = 2  # Platt scaling on held-out decision values: two halves, each's model
EPOCHS = 5  # passes of stochastic gradient descent over the units at least
UPDATES = 30_000  # and at least this many steps, for small studies
Rows = npt.NDArray[np.int64]


@dataclass
class CodeModels:
    """Classifiers for `code_ids` (column order of `probabilities`), trained on some units;
    `too_few` holds the codes left out, with how many coded units they have."""

    code_ids: tuple[int, ...]
    weighting: Weighting | None
    classifiers: list[Any]
    too_few: dict[int, int] = field(default_factory=dict)

    def probabilities(self, counts: FeatureCounts, rows: Rows) -> npt.NDArray[np.float64]:
        """(len(rows), codes): each code's calibrated probability on each unit."""
        out = np.zeros((len(rows), len(self.code_ids)))
        if self.weighting is None or not len(rows):
            return out
        from threadpoolctl import threadpool_limits

        features = self.weighting.transform(counts, rows)
        with threadpool_limits(limits=1):
            for j, classifier in enumerate(self.classifiers):
                out[:, j] = classifier.predict_proba(features)[:, 1]
        return out


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
    # Calibration needs positives and negatives in each of its folds.
    negatives = len(rows) - positives
    enough = (positives >= max(min_examples, CALIBRATION_FOLDS)) & (negatives >= CALIBRATION_FOLDS)
    trained = tuple(code for j, code in enumerate(code_ids) if enough[j])
    too_few = {code: int(positives[j]) for j, code in enumerate(code_ids) if not enough[j]}
    if not trained:
        return CodeModels((), None, [], too_few)
    from threadpoolctl import threadpool_limits

    weighting = Weighting.fit(counts, rows)
    features = weighting.transform(counts, rows)
    # One thread for BLAS: its threads spin while waiting, and on a busy machine a thousand
    # tiny calibration fits then take seconds instead of milliseconds.
    with threadpool_limits(limits=1):
        classifiers = [
            _classifier(len(rows)).fit(features, labels[rows, j])
            for j in np.flatnonzero(enough).tolist()
        ]
    return CodeModels(trained, weighting, classifiers, too_few)


def _classifier(units: int) -> Any:
    """A linear SVM (hinge loss, fitted by stochastic gradient descent: a few passes, fast
    enough to retrain every code while the coder works) whose scores are mapped to
    probabilities by Platt scaling fitted on the half it was not trained on; the two
    halves' calibrated models are averaged."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import SGDClassifier
    from sklearn.model_selection import StratifiedKFold

    # Enough updates for a few hundred units to converge, a few passes for thousands.
    epochs = max(EPOCHS, -(-UPDATES // max(units, 1)))
    svm = SGDClassifier(loss="hinge", alpha=1e-4, max_iter=epochs, tol=None, random_state=0)
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    return CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=True)
