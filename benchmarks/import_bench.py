"""Import throughput: a generated 70-interview study, then 20,000 codings from CSV, on SQLite."""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import interview
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.exchange.codings_csv import export_codings, import_codings
from workbench.resources import data_dir
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 70
CODINGS = 20_000


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        files = []
        for number in range(INTERVIEWS):
            path = folder / f"int_{number:02d}.txt"
            path.write_text(interview(rng), encoding="utf-8")
            files.append(path)
        project = Project.init(str(folder / "bench.db"))
        codebook = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
        service.load(project, codebook, "iom_mandate.yaml")
        started = time.perf_counter()
        summary = import_transcripts(project, files)
        imported = time.perf_counter() - started
        print(
            f"import: {summary.transcripts} transcripts, {summary.words:,} words "
            f"in {imported:.2f} s ({summary.words / imported:,.0f} words/s)"
        )
        paths = [path for path, _ in codebook.walk()]
        docs = {t.name: t.characters for t in project.transcripts()}
        unique: dict[tuple[str, str, str, int], list[object]] = {}
        while len(unique) < CODINGS:
            name, code = rng.choice(sorted(docs)), rng.choice(paths)
            start, coder = rng.randrange(0, docs[name] - 200), f"coder{len(unique) % 3}"
            unique[(name, coder, code, start)] = [name, coder, code, start, start + 150]
        rows = list(unique.values())
        with (folder / "codings.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["transcript", "coder", "code", "start", "end"])
            writer.writerows(rows)
        started = time.perf_counter()
        count = import_codings(project, folder / "codings.csv").codings
        took = time.perf_counter() - started
        print(f"codings import: {count:,} codings in {took:.2f} s ({count / took:,.0f}/s)")
        started = time.perf_counter()
        exported = export_codings(project)
        took = time.perf_counter() - started
        rows_out = len(list(csv.reader(io.StringIO(exported)))) - 1
        print(f"codings export: {rows_out:,} rows in {took:.2f} s")
        project.close()
