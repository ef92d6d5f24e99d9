"""Agreement at scale: 10 million characters, 3 coders, 40 codes, against krippendorff and NLTK.

Prints, per unit kind, the wall time of the whole `workbench agreement` process (the target is
1 s) and of the library call alone, then times the plain `krippendorff` package and NLTK's
`AnnotationTask` on the same unit data (given to them ready-made, their time is their call
alone) and prints the ratios to both of ours (target: 100x or more) and the
largest difference between their alphas and ours (target: 1e-9). The slow baselines run on a
few codes (and NLTK on a slice of the characters) and are scaled up linearly to the whole
corpus; AGREEMENT_BENCH_ALL=1 runs the krippendorff package on every code instead.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np
from sqlalchemy import insert

from workbench.agreement.binary import binary_figures
from workbench.agreement.report import agreement_report
from workbench.agreement.units import load_corpus, unit_patterns
from workbench.store import models as m
from workbench.store.project import Project

CHARACTERS = 10_000_000
TRANSCRIPTS = 500
CODERS = ("c1", "c2", "c3")
CODES = 40
PASSAGES = 20_000  # passages the coders were "meant" to code; each coder codes ~90% of them
SAMPLE_CODES = 3  # codes the slow baselines run on before scaling up
NLTK_SLICE = 200_000  # characters of one code NLTK runs on before scaling up
WORDS = ("the", "mandate", "states", "migrants", "protection", "we", "deliver", "camp", "donors")


def build(path: str, rng: random.Random) -> Project:
    """A generated study written straight to the tables (the import path has its own bench)."""
    per = CHARACTERS // TRANSCRIPTS
    project = Project.init(path, actor="bench")
    texts, utterances = [], []
    for t in range(TRANSCRIPTS):
        parts, position, seq = [], 0, 0
        while position < per - 400:
            label = "Interviewer: " if seq % 2 == 0 else "Respondent: "
            body = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(20, 70))) + "."
            parts.append(label + body + "\n\n")
            start = position + len(label)
            utterances.append((t + 1, seq, label[:-2], start, start + len(body)))
            position += len(label) + len(body) + 2
            seq += 1
        texts.append("".join(parts).ljust(per, " "))
    with project.session() as session:
        session.execute(
            insert(m.Code),
            [
                {"id": c + 1, "guid": str(uuid.uuid4()), "name": f"Code {c:02d}", "position": c}
                for c in range(CODES)
            ],
        )
        session.execute(insert(m.Coder), [{"id": k + 1, "name": n} for k, n in enumerate(CODERS)])
        session.execute(
            insert(m.Transcript),
            [
                {
                    "id": t + 1,
                    "name": f"int_{t:03d}",
                    "text": text,
                    "words": len(text.split()),
                    "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    "source_name": f"int_{t:03d}.txt",
                    "source_format": "txt",
                }
                for t, text in enumerate(texts)
            ],
        )
        session.execute(
            insert(m.Utterance),
            [
                {"transcript_id": t, "seq": q, "speaker": s, "start": a, "end": b}
                for t, q, s, a, b in utterances
            ],
        )
        codings: dict[tuple[int, int, int, int, int], None] = {}
        for _ in range(PASSAGES):
            t, code = rng.randrange(TRANSCRIPTS), rng.randrange(CODES)
            start = rng.randrange(0, per - 900)
            end = start + rng.randrange(50, 800)
            for k in range(len(CODERS)):
                if rng.random() < 0.9:
                    a = max(0, start + rng.randrange(-30, 31))
                    codings[
                        (t + 1, code + 1, k + 1, a, max(a + 1, end + rng.randrange(-30, 31)))
                    ] = None
        for k in range(len(CODERS)):  # codings only one coder saw
            for _ in range(PASSAGES // 10):
                t, code, a = (
                    rng.randrange(TRANSCRIPTS),
                    rng.randrange(CODES),
                    rng.randrange(per - 900),
                )
                codings[(t + 1, code + 1, k + 1, a, a + rng.randrange(50, 800))] = None
        session.execute(
            insert(m.Coding),
            [
                {"transcript_id": t, "code_id": c, "coder_id": k, "start": a, "end": b}
                for t, c, k, a, b in codings
            ],
        )
        session.execute(
            insert(m.CoderStatus),
            [
                {"transcript_id": t + 1, "coder_id": k + 1, "status": "done"}
                for t in range(TRANSCRIPTS)
                for k in range(len(CODERS))
            ],
        )
    print(
        f"corpus: {CHARACTERS:,} characters, {TRANSCRIPTS} transcripts, "
        f"{len(utterances):,} utterances, {len(CODERS)} coders, {CODES} codes, "
        f"{len(codings):,} codings"
    )
    return project


def process_seconds(path: str, unit: str, *extra: str, runs: int = 5) -> float:
    """Best wall time of the whole `workbench agreement` command (other load only adds)."""
    command = [str(Path(sys.executable).parent / "workbench"), "agreement", "-p", path]
    command += ["--coders", ",".join(CODERS), "--unit", unit, *extra]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return min(times)


def library_seconds(project: Project, unit: str) -> float:
    """`agreement_report` on the open project: reading the store included, start-up not."""
    started = time.perf_counter()
    agreement_report(project, CODERS, unit)
    return time.perf_counter() - started


def character_data(
    corpus_codes: np.ndarray,
    coders: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    code: int,
    length: int,
) -> np.ndarray:
    """(coders, characters) 0/1 matrix of one code: the unit data a package would be given."""
    data = np.zeros((len(CODERS), length + 1), dtype=np.int8)
    mine = corpus_codes == code
    for k in range(len(CODERS)):
        sel = mine & (coders == k)
        steps = np.zeros(length + 1, dtype=np.int32)
        np.add.at(steps, starts[sel], 1)
        np.add.at(steps, ends[sel], -1)
        data[k] = np.cumsum(steps) > 0
    return data[:, :length]


def time_krippendorff(matrices: list[np.ndarray]) -> tuple[float, list[float]]:
    import krippendorff

    started = time.perf_counter()
    alphas = [
        float(
            krippendorff.alpha(
                reliability_data=x, value_domain=[0, 1], level_of_measurement="nominal"
            )
        )
        for x in matrices
    ]
    return time.perf_counter() - started, alphas


def time_nltk(matrix: np.ndarray) -> tuple[float, float]:
    from nltk.metrics.agreement import AnnotationTask

    triples = [
        (CODERS[k], u, int(matrix[k, u]))
        for k in range(len(CODERS))
        for u in range(matrix.shape[1])
    ]
    started = time.perf_counter()
    alpha = AnnotationTask(data=triples).alpha()
    return time.perf_counter() - started, float(alpha)


def ours(matrix: np.ndarray) -> float:
    patterns = (matrix.astype(np.int64) << np.arange(len(CODERS))[:, None]).sum(axis=0)
    value = binary_figures(np.bincount(patterns, minlength=2 ** len(CODERS)), len(CODERS))
    assert value.krippendorff_alpha.value is not None
    return value.krippendorff_alpha.value


def ratio(slow: float, fast: float) -> str:
    share = slow / fast
    return f"{share:.1f}x" if share < 10 else f"{share:.0f}x"


def ratios(slow: float, ours: tuple[float, float]) -> str:
    """Their time over our whole process, and over our library call (reading included)."""
    return f"{ratio(slow, ours[0])} our process, {ratio(slow, ours[1])} our library call"


def alphas(project: Project, unit: str) -> list[float]:
    """Our per-code alphas (every generated code is used, so every one is defined)."""
    found = [row.krippendorff_alpha.value for row in agreement_report(project, CODERS, unit).rows]
    assert all(value is not None for value in found)
    return [float(value or 0.0) for value in found]


def compare_utterances(project: Project, ours_seconds: tuple[float, float]) -> None:
    corpus = load_corpus(project, CODERS, utterances=True)
    assert corpus.utterances is not None
    patterns = unit_patterns(corpus, corpus.utterances)
    bits = np.arange(len(CODERS))[:, None]
    per_code = [((patterns[c] >> bits) & 1).astype(np.int8) for c in range(CODES)]
    mine = alphas(project, "utterance")
    k_time, k_alphas = time_krippendorff(per_code)
    diff = max(abs(a - b) for a, b in zip(k_alphas, mine, strict=True))
    n_time = 0.0
    for c in range(SAMPLE_CODES):
        seconds, alpha = time_nltk(per_code[c])
        n_time += seconds
        diff = max(diff, abs(alpha - mine[c]))
    n_time *= CODES / SAMPLE_CODES
    print(f"\nutterance units ({patterns.shape[1]:,} per code x {CODES} codes):")
    print(f"  krippendorff package {k_time:.2f} s (all codes): {ratios(k_time, ours_seconds)}")
    print(
        f"  NLTK AnnotationTask  {n_time:.1f} s (scaled from {SAMPLE_CODES} codes): "
        f"{ratios(n_time, ours_seconds)}"
    )
    print(f"  largest alpha difference from ours: {diff:.1e}")


def compare_characters(
    project: Project, ours_seconds: tuple[float, float], everything: bool
) -> None:
    corpus = load_corpus(project, CODERS)
    length = corpus.total_length
    mine = alphas(project, "character")

    def data(code: int) -> np.ndarray:
        return character_data(
            corpus.coding_code,
            corpus.coding_coder,
            corpus.coding_start,
            corpus.coding_end,
            code,
            length,
        )

    codes = range(CODES) if everything else range(SAMPLE_CODES)
    k_time, diff = 0.0, 0.0
    for c in codes:
        seconds, (alpha,) = time_krippendorff([data(c)])
        k_time += seconds
        diff = max(diff, abs(alpha - mine[c]))
    k_time *= CODES / len(codes)
    piece = data(0)[:, :NLTK_SLICE]
    n_seconds, n_alpha = time_nltk(piece)
    n_time = n_seconds * (length / NLTK_SLICE) * CODES
    scaled = "all codes" if everything else f"scaled from {SAMPLE_CODES} codes"
    print(f"\ncharacter units ({length:,} per code x {CODES} codes):")
    print(f"  krippendorff package {k_time:.0f} s ({scaled}): {ratios(k_time, ours_seconds)}")
    print(
        f"  NLTK AnnotationTask  {n_time:.0f} s (scaled from {NLTK_SLICE:,} characters "
        f"of one code): {ratios(n_time, ours_seconds)}"
    )
    print(f"  largest alpha difference from ours: {max(diff, abs(n_alpha - ours(piece))):.1e}")


def main() -> None:
    rng = random.Random(4)
    everything = os.environ.get("AGREEMENT_BENCH_ALL") == "1"
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "agreement.db")
        started = time.perf_counter()
        project = build(path, rng)
        print(f"built in {time.perf_counter() - started:.1f} s")
        process, library = {}, {}
        for unit in ("utterance", "character", "sentence", "span"):
            process[unit] = process_seconds(path, unit)
            library[unit] = min(library_seconds(project, unit) for _ in range(3))
            print(
                f"{unit:9}: whole process {process[unit]:.2f} s, library call "
                f"{library[unit]:.2f} s  (target: process <= 1 s)"
            )
        fixed = process_seconds(path, "character", "--transcripts", "int_000")
        print(f"(the same command on one transcript, i.e. start-up and opening: {fixed:.2f} s)")
        print("ratios below: their time / ours (target >= 100x)")
        compare_utterances(project, (process["utterance"], library["utterance"]))
        compare_characters(project, (process["character"], library["character"]), everything)
        project.close()
