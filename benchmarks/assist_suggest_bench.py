"""Learned suggestions on 70 generated interviews x 8,000 words with about 3,000 codings:
training (target <= 2 s), the suggestions for one utterance (<= 50 ms), evaluate (<= 20 s).

The study is the planted one (`workbench.assist.planted`): 6 codes with phrases, 24 of
noise. Reading the units and counting their features happens once per session (the TUI
keeps them while the coder works, and retrains on them), so it is timed on its own line;
so is importing scikit-learn, which the first training in a process pays.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

INTERVIEWS = 70
WORDS = 8_000
TARGETS = {"training": 2.0, "one utterance": 0.05, "evaluate": 20.0}


def main() -> None:
    from workbench.assist.planted import build_planted_project

    with tempfile.TemporaryDirectory() as folder:
        project, study = build_planted_project(
            str(Path(folder) / "bench.db"),
            interviews=INTERVIEWS,
            words=WORDS,
            planted=6,
            noise=24,
            plant_rate=0.06,
            noise_rate=0.011,
        )
        with project:
            measure(project, study.coder, study.transcripts[0])


def measure(project: object, coder: str, transcript: str) -> None:
    from workbench.store.project import Project

    assert isinstance(project, Project)
    started = time.perf_counter()
    import sklearn.calibration
    import sklearn.feature_extraction.text
    import sklearn.linear_model
    import sklearn.model_selection  # noqa: F401

    from workbench.assist.suggest import Suggester
    from workbench.assist.suggest_eval import evaluate

    report("importing scikit-learn", time.perf_counter() - started)
    started = time.perf_counter()
    suggester = Suggester(project, coder)
    units = len(suggester.corpus)
    report(f"reading {units} units, counting features", time.perf_counter() - started)
    codings = project.row_counts()["coding"]
    started = time.perf_counter()
    trained = suggester.train()
    report(
        f"training ({len(trained.codes)} codes, {codings} codings)",
        time.perf_counter() - started,
        TARGETS["training"],
    )
    document = project.transcript(transcript)
    times = []
    for utterance in document.utterances[:25]:
        started = time.perf_counter()
        suggester.for_unit(transcript, utterance.start)
        times.append(time.perf_counter() - started)
    report("one utterance (median of 25)", statistics.median(times), TARGETS["one utterance"])
    started = time.perf_counter()
    result = evaluate(suggester.corpus, suggester.counts, suggester.labels())
    report(f"evaluate ({result.folds} folds)", time.perf_counter() - started, TARGETS["evaluate"])
    print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def report(what: str, seconds: float, target: float | None = None) -> None:
    goal = f"  (target <= {target:g} s{'' if seconds <= target else ': MISSED'})" if target else ""
    print(f"  {what}: {seconds:.3f} s{goal}")


if __name__ == "__main__":
    main()
