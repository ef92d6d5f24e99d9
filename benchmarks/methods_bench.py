"""Word frequencies, keyness and the methods appendix on a study the size of the issue's
(70 interviews, 2 coders, 10,000 codings): figures only, no target yet."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from sqlalchemy import insert, select

from benchmarks.corpus import interview
from benchmarks.stats_bench import GROUPS, timed
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.resources import data_dir
from workbench.stats import words
from workbench.stats.appendix import build_appendix, render
from workbench.stats.data import load_study
from workbench.store import models as m
from workbench.store.project import Project
from workbench.transcripts.attributes import import_attributes
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 70
CODINGS = 10_000
CODERS = ("anna", "ben")


def build(folder: Path, rng: random.Random) -> Project:
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
    project = Project.init(str(folder / "bench.db"))
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
        rows = {}
        while len(rows) < CODINGS:
            transcript, content = rng.choice(texts)
            start = rng.randrange(0, len(content) - 400)
            key = (transcript, rng.choice(codes), rng.choice(coders), start, start + 200)
            rows[key] = dict(
                zip(("transcript_id", "code_id", "coder_id", "start", "end"), key, strict=True)
            )
        session.execute(insert(m.Coding), list(rows.values()))
    return project


def main() -> None:
    with tempfile.TemporaryDirectory() as folder_name:
        print(f"building {INTERVIEWS} interviews, {CODINGS:,} codings on SQLite ...")
        project = build(Path(folder_name), random.Random(7))
        data = load_study(project, prefer_consensus=True)
        timed("words (all text)", lambda: words.word_frequencies(data))
        timed(
            "words --by group --stem",
            lambda: words.word_frequencies(data, by=["group"], stem=True),
        )
        timed("words --code Legitimation --keyness", lambda: words.keyness(data, "Legitimation"))
        document, _ = timed("appendix: build (agreement included)", lambda: build_appendix(project))
        for suffix in (".md", ".html", ".docx"):
            timed(f"appendix: render {suffix}", lambda suffix=suffix: render(document, suffix))
        project.close()
