"""Study-wide search and auto-coding on 70 interviews x 8,000 words with 3,000 codings.

Reading the study once (what the search screen keeps), a phrase, a pattern with filters,
then an auto-coding by speaker (plan, apply as one run, undo the run). No target in the
issue for these: the figures say whether the search screen can search as the coder types.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from benchmarks.corpus import interview
from workbench.assist.autocode import apply_plan, plan_by_speaker
from workbench.assist.search import SearchQuery, load_corpus, search
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.desk import CoderDesk
from workbench.resources import data_dir
from workbench.store import models as m
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 70
WORDS = 8_000
CODINGS = 3_000


def build(folder: Path, rng: random.Random) -> Project:
    files = []
    for number in range(INTERVIEWS):
        path = folder / f"int_{number:03d}.txt"
        path.write_text(interview(rng, WORDS), encoding="utf-8")
        files.append(path)
    attributes = folder / "attributes.csv"
    attributes.write_text(
        "transcript,group\n"
        + "".join(f"int_{n:03d},{('NGO', 'IOM')[n % 2]}\n" for n in range(INTERVIEWS)),
        encoding="utf-8",
    )
    project = Project.init(str(folder / "bench.db"))
    service.load(project, load_codebook(data_dir("codebooks") / "iom_mandate.yaml"), "bench")
    import_transcripts(project, files, attributes=attributes)
    with project.session() as session:
        session.add(m.Coder(name="anna"))
        session.flush()
        coder = session.scalar(select(m.Coder.id))
        codes = list(session.scalars(select(m.Code.id)))
        texts = session.execute(select(m.Transcript.id, m.Transcript.text)).all()
        rows: dict[tuple[int, int, int, int], dict[str, int]] = {}
        while len(rows) < CODINGS:
            transcript, content = rng.choice(texts)
            start = rng.randrange(0, len(content) - 400)
            end = start + rng.randrange(20, 400)
            code = rng.choice(codes)
            rows[(transcript, code, start, end)] = {
                "transcript_id": transcript, "code_id": code, "coder_id": coder,
                "start": start, "end": end,
            }  # fmt: skip
        session.execute(insert(m.Coding), list(rows.values()))
    return project


def timed(label: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = action()
    print(f"  {label:<58} {(time.perf_counter() - started) * 1000:7.0f} ms")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        print(f"building {INTERVIEWS} interviews x {WORDS:,} words, {CODINGS:,} codings ...")
        project = build(Path(folder_name), random.Random(16))
        corpus = timed(
            "read the study for searching (load_corpus, as anna)",
            lambda: load_corpus(project, "anna"),
        )
        hits = timed(
            "search 'protection' (a common word)", lambda: search(corpus, SearchQuery("protection"))
        )
        print(f"    {len(hits):,} hits")
        query = SearchQuery(r"\bmandate\s+states\b", regex=True, speaker="Respondent",
                            where=(("group", "NGO"),))  # fmt: skip
        hits = timed("search a regex, Respondent, group=NGO", lambda: search(corpus, query))
        print(f"    {len(hits):,} hits")
        query = SearchQuery("deliver camp", code="Legitimation")
        hits = timed(
            "search a phrase inside Legitimation's passages", lambda: search(corpus, query)
        )
        print(f"    {len(hits):,} hits")
        plan = timed(
            "auto-code plan: every Interviewer utterance",
            lambda: plan_by_speaker(corpus, "Accountability", "Interviewer"),
        )
        desk = CoderDesk(project, "anna")
        done = timed(
            f"apply it as one run ({len(plan.units):,} codings)", lambda: apply_plan(desk, plan)
        )
        print(f"    coded {done.coded:,} in {done.transcripts} transcripts")
        timed("undo the run", desk.undo_latest)
        project.close()
