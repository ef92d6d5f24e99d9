"""Codings in bulk: `workbench codings export` and `codings import` of 100,000 rows, as whole
processes, on SQLite and (when $WORKBENCH_TEST_POSTGRES_URL reaches a server) PostgreSQL.

The study: 70 interviews of 8,000 words and the IOM codebook; three coders' 100,000 codings,
one in ten with a memo. Export writes them from that project; import reads that export (with
its text, speaker and utterance columns: the round trip a team makes), and then the file
they were made from (transcript,coder,code,start,end,memo: no text to check), into a
project holding the same transcripts and no codings, made afresh before each run. Each figure
is the median of RUNS processes. Only the library's public functions are used to build the
study, so the benchmark runs against any checkout (the before-figures of a change).
"""

from __future__ import annotations

import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.corpus import interview
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.exchange.codings_csv import import_codings
from workbench.resources import data_dir
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

INTERVIEWS = 70
WORDS = 8_000
CODINGS = 100_000
CODERS = ("anna", "ben", "chloe")
RUNS = 5
IMPORT_TARGET = 2.0  # seconds, issue 15
EXPORT_TARGET = 1.0
WORKBENCH = str(Path(sys.executable).parent / "workbench")  # the installed command
POSTGRES_ENV = "WORKBENCH_TEST_POSTGRES_URL"


def write_interviews(folder: Path, rng: random.Random) -> list[Path]:
    files = []
    for number in range(INTERVIEWS):
        path = folder / f"int_{number:02d}.txt"
        path.write_text(interview(rng, WORDS), encoding="utf-8")
        files.append(path)
    return files


def build_uncoded(location: str, files: list[Path]) -> None:
    """A project with the codebook and the transcripts, no codings."""
    with Project.init(location) as project:
        codebook = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
        service.load(project, codebook, "iom_mandate.yaml")
        import_transcripts(project, files)


def write_codings_csv(location: str, path: Path, rng: random.Random) -> None:
    """CODINGS distinct codings of the project's transcripts by CODERS, one in ten with a memo."""
    with Project.open(location) as project:
        paths = [code.path for code in service.codes(project) if code.status == "active"]
        sizes = {t.name: t.characters for t in project.transcripts()}
    names = sorted(sizes)
    rows: dict[tuple[str, str, str, int], list[object]] = {}
    while len(rows) < CODINGS:
        name, code, coder = rng.choice(names), rng.choice(paths), rng.choice(CODERS)
        start = rng.randrange(0, sizes[name] - 400)
        memo = f"memo {len(rows)}: see the turn before" if len(rows) % 10 == 0 else ""
        rows[(name, coder, code, start)] = [
            name,
            coder,
            code,
            start,
            start + rng.randrange(20, 400),
            memo,
        ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transcript", "coder", "code", "start", "end", "memo"])
        writer.writerows(rows.values())


def median_process(arguments: Callable[[], list[str]]) -> tuple[float, float]:
    """The median wall time and CPU time (user + system) of RUNS whole `workbench`
    processes, each given what `arguments` returns (called untimed ahead of each: it may
    make a fresh project). The CPU time is the process's own: a server's is not in it."""
    times, cpus = [], []
    for _ in range(RUNS):
        args = arguments()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([WORKBENCH, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def report(what: str, took: tuple[float, float], target: float) -> None:
    wall, cpu = took
    verdict = "ok" if wall <= target else "OVER"
    print(
        f"{what}: {CODINGS:,} codings in {wall:.2f} s (cpu {cpu:.2f} s) median of {RUNS} "
        f"whole processes ({CODINGS / wall:,.0f}/s; target <= {target:g} s: {verdict}; "
        f"load {os.getloadavg()[0]:.2f})"
    )


def run_sqlite(folder: Path, files: list[Path], rng: random.Random) -> None:
    uncoded, coded = folder / "uncoded.db", folder / "coded.db"
    build_uncoded(str(uncoded), files)
    source = folder / "codings.csv"
    write_codings_csv(str(uncoded), source, rng)
    shutil.copy(uncoded, coded)
    with Project.open(str(coded)) as project:
        import_codings(project, source)
    exported = folder / "exported.csv"
    export = ["codings", "export", "-p", str(coded), "--csv", str(exported), "--force"]
    report("sqlite   codings export", median_process(lambda: export), EXPORT_TARGET)
    target = folder / "target.db"

    for what, csv_file in (("import", exported), ("import (no text)", source)):

        def into_fresh_target(csv_file: Path = csv_file) -> list[str]:
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copy(uncoded, target)
            return ["codings", "import", "-p", str(target), str(csv_file)]

        report(f"sqlite   codings {what}", median_process(into_fresh_target), IMPORT_TARGET)


@contextmanager
def postgres_databases(server: str) -> Iterator[Callable[[str], str]]:
    """A function making databases of this run's own names on `server` (from a template
    when given one), each dropped on exit."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    prefix = f"wb_codings_bench_{uuid.uuid4().hex[:8]}"
    made: list[str] = []

    def database(name: str, template: str | None = None) -> str:
        full = f"{prefix}_{name}"
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{full}"'))
            like = f' TEMPLATE "{prefix}_{template}"' if template else ""
            connection.execute(text(f'CREATE DATABASE "{full}"{like}'))
        if full not in made:
            made.append(full)
        return url.set(database=full).render_as_string(hide_password=False)

    try:
        yield database
    finally:
        with admin.connect() as connection:
            for full in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)'))
        admin.dispose()


def postgres_reachable(server: str) -> bool:
    from sqlalchemy import create_engine

    try:
        engine = create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # no server, no driver: the figure is left out, said why
        print(f"postgresql: left out ({str(error).splitlines()[0][:100]})")
        return False
    return True


def run_postgres(server: str, folder: Path, files: list[Path], rng: random.Random) -> None:
    with postgres_databases(server) as database:
        # A database made from a template must have no connections: each project is closed
        # before the next is copied from it.
        uncoded = database("uncoded")
        build_uncoded(uncoded, files)
        source = folder / "codings_pg.csv"
        write_codings_csv(uncoded, source, rng)
        coded = database("coded", template="uncoded")
        with Project.open(coded) as project:
            import_codings(project, source)
        exported = folder / "exported_pg.csv"
        export = ["codings", "export", "-p", coded, "--csv", str(exported), "--force"]
        report("postgres codings export", median_process(lambda: export), EXPORT_TARGET)

        for what, csv_file in (("import", exported), ("import (no text)", source)):

            def into_fresh_target(csv_file: Path = csv_file) -> list[str]:
                target = database("target", template="uncoded")
                return ["codings", "import", "-p", target, str(csv_file)]

            report(f"postgres codings {what}", median_process(into_fresh_target), IMPORT_TARGET)
        floor = statistics.median(
            server_floor(coded, database("floor", template="uncoded")) for _ in range(RUNS)
        )
        print(
            f"  floor: the server storing the same {CODINGS:,} codings, sent by the driver "
            f"alone in one COPY (no workbench, no process start): {floor:.2f} s"
        )


CODING_COLUMNS = 'transcript_id, code_id, coder_id, start, "end", memo, created_at'


def server_floor(coded: str, fresh: str) -> float:
    """Seconds for psycopg alone to COPY `coded`'s codings into the empty project `fresh`
    (made from the same template) and commit: the server's own work per row (the table,
    its indexes, the foreign-key checks), which no import can go below."""
    import psycopg

    def plain(url: str) -> str:
        return url.replace("postgresql+psycopg://", "postgresql://", 1)

    with psycopg.connect(plain(coded)) as source:
        coders = source.execute("SELECT id, name, created_at FROM coder").fetchall()
        rows = source.execute(f"SELECT {CODING_COLUMNS} FROM coding").fetchall()
    with psycopg.connect(plain(fresh)) as target:
        with target.cursor().copy("COPY coder (id, name, created_at) FROM STDIN") as copy:
            for row in coders:
                copy.write_row(row)
        target.commit()
        started = time.perf_counter()
        with target.cursor().copy(f"COPY coding ({CODING_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        target.commit()
        return time.perf_counter() - started


def main() -> None:
    print(f"load: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files = write_interviews(folder, random.Random(15))
        run_sqlite(folder, files, random.Random(16))
        server = os.environ.get(POSTGRES_ENV)
        if not server:
            print(f"postgresql: left out (set {POSTGRES_ENV} to a server URL)")
        elif postgres_reachable(server):
            run_postgres(server, folder, files, random.Random(16))
