"""Frequencies on 100,000 generated codings: counts + crosstab + matrix (target <= 1 s).

Runs on SQLite; with WORKBENCH_TEST_POSTGRES_URL set, on PostgreSQL too (in a schema of its
own, dropped afterwards).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from benchmarks.corpus import interview
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.resources import data_dir
from workbench.stats import frequencies
from workbench.stats.data import load_study
from workbench.store import models as m
from workbench.store.engine import scratch_schema
from workbench.store.project import Project
from workbench.transcripts.attributes import import_attributes
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 100
CODINGS = 100_000
CODERS = ("anna", "ben", "carla")
GROUPS = ("IOM official", "member state official", "UN agency staff", "NGO aid worker")
TARGET_SECONDS = 1.0


def build(folder: Path, location: str, rng: random.Random) -> Project:
    """A study of INTERVIEWS transcripts with attributes and CODINGS codings (bulk insert)."""
    files = []
    for number in range(INTERVIEWS):
        path = folder / f"int_{number:03d}.txt"
        path.write_text(interview(rng), encoding="utf-8")
        files.append(path)
    attributes = folder / "attributes.csv"
    attributes.write_text(
        "transcript,group,number,year\n"
        + "".join(
            f"int_{n:03d},{GROUPS[n % len(GROUPS)]},{n},{2015 + n % 7}\n" for n in range(INTERVIEWS)
        ),
        encoding="utf-8",
    )
    project = Project.init(location)
    service.load(project, load_codebook(data_dir("codebooks") / "iom_mandate.yaml"), "bench")
    import_transcripts(project, files)
    import_attributes(project, attributes)
    with project.session() as session:
        for name in CODERS:
            session.add(m.Coder(name=name))
        session.flush()
        coders = list(session.scalars(select(m.Coder.id)))
        codes = list(session.scalars(select(m.Code.id)))
        texts = session.execute(select(m.Transcript.id, m.Transcript.text)).all()
        rows: dict[tuple[int, int, int, int, int], dict[str, int]] = {}
        while len(rows) < CODINGS:
            transcript, content = rng.choice(texts)
            start = rng.randrange(0, len(content) - 400)
            end = start + rng.randrange(20, 400)
            key = (transcript, rng.choice(codes), rng.choice(coders), start, end)
            rows[key] = dict(
                zip(("transcript_id", "code_id", "coder_id", "start", "end"), key, strict=True)
            )
        session.execute(insert(m.Coding), list(rows.values()))
    return project


def timed(label: str, action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    took = time.perf_counter() - started
    print(f"  {label:<50} {took * 1000:7.0f} ms")
    return result, took


def measure(backend: str, folder: Path, location: str) -> None:
    print(f"building {INTERVIEWS} interviews, {CODINGS:,} codings on {backend} ...")
    project = build(folder, location, random.Random(5))
    print("counts + crosstab + matrix, cold (reading the store included):")
    data, load = timed("read the store (load_study)", lambda: load_study(project))
    _, code = timed("counts --level code", lambda: frequencies.counts(data, "code"))
    _, cross = timed(
        "crosstab: counts --level theme --by group --wide",
        lambda: frequencies.wide(frequencies.counts(data, "theme", ["group"]), ["group"]),
    )
    _, case = timed("matrix --counts", lambda: frequencies.matrix(data))
    total = load + code + cross + case
    verdict = "within" if total <= TARGET_SECONDS else "OVER"
    print(f"  {'total':<50} {total * 1000:7.0f} ms ({verdict} the {TARGET_SECONDS:.0f} s target)")
    print("not in the target:")
    timed("cooccurrence --within utterance", lambda: frequencies.cooccurrence(data))
    timed(
        "cooccurrence --within overlap", lambda: frequencies.cooccurrence(data, "code", "overlap")
    )
    project.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        measure("SQLite", folder, str(folder / "bench.db"))
        postgres = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
        if postgres:
            with scratch_schema(postgres, "bench") as location:
                measure("PostgreSQL", folder, location)
