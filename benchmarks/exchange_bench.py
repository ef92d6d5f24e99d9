"""Exchange: a 100-interview study (1,000,000 words, 20,000 codings) as .qdpx and back, and
merging coders' copies of it.

Each figure is a whole `workbench` process (start-up included), best of three, on SQLite.
"""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import interview
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.exchange.codings_csv import import_codings
from workbench.exchange.merge import merge_project
from workbench.resources import data_dir
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 100
WORDS = 10_000
CODINGS = 20_000
RUNS = 3
WORKBENCH = str(Path(sys.executable).parent / "workbench")  # the installed command


def build_lead(folder: Path, rng: random.Random) -> Path:
    """The lead's project: codebook and transcripts, no codings yet."""
    files = []
    for number in range(INTERVIEWS):
        path = folder / f"int_{number:03d}.txt"
        path.write_text(interview(rng, WORDS), encoding="utf-8")
        files.append(path)
    location = folder / "lead.db"
    with Project.init(str(location)) as project:
        codebook = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
        service.load(project, codebook, "iom_mandate.yaml")
        import_transcripts(project, files)
    return location


def code_a_copy(lead: Path, copy: Path, coder: str, count: int, rng: random.Random) -> None:
    """A coder's copy of the lead's project with `count` codings of their own."""
    with Project.open(str(lead)) as source, Project.init(str(copy)) as made:
        merge_project(made, read_snapshot(source), str(lead))
        paths = [code.path for code in service.codes(made)]
        sizes = {t.name: t.characters for t in made.transcripts()}
    rows: dict[tuple[str, str, int], list[object]] = {}
    while len(rows) < count:
        name, code = rng.choice(sorted(sizes)), rng.choice(paths)
        start = rng.randrange(0, sizes[name] - 200)
        rows[(name, code, start)] = [name, coder, code, start, start + 150]
    codings = copy.with_suffix(".csv")
    with codings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transcript", "coder", "code", "start", "end"])
        writer.writerows(rows.values())
    with Project.open(str(copy)) as made:
        import_codings(made, codings)


def best_process(args: list[str], before: list[tuple[Path, Path]]) -> float:
    """The fastest of RUNS whole processes, each after copying `before`'s files afresh."""
    times = []
    for _ in range(RUNS):
        for source, target in before:
            shutil.copy(source, target)
        started = time.perf_counter()
        subprocess.run([WORKBENCH, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        lead = build_lead(folder, rng)
        anna, ben = folder / "anna.db", folder / "ben.db"
        code_a_copy(lead, anna, "anna", CODINGS // 2, rng)
        code_a_copy(lead, ben, "ben", CODINGS // 2, rng)
        # The second copy merged into a lead that holds the first: 20,000 codings after it.
        with_anna = folder / "lead_with_anna.db"
        shutil.copy(lead, with_anna)
        with Project.open(str(with_anna)) as project, Project.open(str(anna)) as copy:
            merge_project(project, read_snapshot(copy), str(anna))
        target = folder / "target.db"
        took = best_process(["merge", "-p", str(target), str(ben)], [(with_anna, target)])
        print(
            f"merge: {INTERVIEWS} transcripts x {WORDS:,} words, {CODINGS // 2:,} codings into "
            f"a project holding {CODINGS // 2:,}: {took:.2f} s whole process (target <= 5 s)"
        )
        again = best_process(["merge", "-p", str(target), str(ben)], [])
        print(f"merge of the same copy again (adds nothing): {again:.2f} s whole process")
        # The project holding both coders' 20,000 codings, out to REFI-QDA and back.
        archive = folder / "study.qdpx"
        took = best_process(["export", "qdpx", "-p", str(target), str(archive)], [])
        size = archive.stat().st_size / 1e6
        print(f"export qdpx: 20,000 codings, {size:.1f} MB archive: {took:.2f} s (target <= 5 s)")
        empty, fresh = folder / "empty.db", folder / "fresh.db"
        Project.init(str(empty)).close()
        took = best_process(["import", "-p", str(fresh), str(archive)], [(empty, fresh)])
        print(f"import qdpx into an empty project: {took:.2f} s whole process (target <= 5 s)")
