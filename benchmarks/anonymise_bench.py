"""Anonymisation: loading the name list and the gazetteer, then the detectors and the name
finder over the seeded test corpus, repeated to the size of a study."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from workbench.anonymise.check import starts_sentence
from workbench.anonymise.detectors import KINDS, detect
from workbench.anonymise.people import find_people

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "anonymise" / "corpus"
REPEATS = 100
COLD_LOAD = (
    "import time; from workbench.anonymise.people import first_names, place_names; "
    "t = time.perf_counter(); first_names(); n = time.perf_counter(); place_names(); "
    "p = time.perf_counter(); print(f'{(n - t) * 1000:.0f} {(p - n) * 1000:.0f}')"
)


def main() -> None:
    # A fresh interpreter each time: the lists load once per process (cached after that).
    runs = [
        subprocess.run([sys.executable, "-c", COLD_LOAD], capture_output=True, text=True)
        for _ in range(3)
    ]
    names, places = min(tuple(map(int, run.stdout.split())) for run in runs)
    print(f"first-name list: {names} ms (target < 100 ms); places: {places} ms")
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.iterdir())] * REPEATS
    words = sum(len(text.split()) for text in texts)
    for label, kinds in (("gate kinds", None), ("every shape", KINDS)):
        started = time.perf_counter()
        for text in texts:
            detect(text) if kinds is None else detect(text, kinds)
        took = time.perf_counter() - started
        print(f"detect ({label}): {words:,} words in {took:.2f} s ({words / took:,.0f} words/s)")
    started = time.perf_counter()
    for text in texts:
        find_people(text, lambda at, t=text: starts_sentence(t, at))
    took = time.perf_counter() - started
    print(f"names and places: {words:,} words in {took:.2f} s ({words / took:,.0f} words/s)")
