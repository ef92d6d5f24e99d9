"""Crash injection: real processes killed with SIGKILL at a random moment while importing and
while coding; afterwards the project opens, SQLite finds nothing corrupt, an import batch is
all there or not at all, and every coding the process acknowledged is stored.

`WORKBENCH_CRASH_RUNS` sets how many processes are killed (half importing, half coding;
default 20, `make crash` sets 200); `WORKBENCH_CRASH_SEED` picks other kill moments."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

REPO = Path(__file__).parent.parent
STATS = Path(__file__).parent / "fixtures" / "stats"
RUNS = int(os.environ.get("WORKBENCH_CRASH_RUNS", "20"))
SEED = os.environ.get("WORKBENCH_CRASH_SEED", "11")
FILES_PER_BATCH = 20
# The kill comes this long (at most) after the child says it is ready; it imports a batch in
# about 0.1 s and applies a coding in a few ms, so every kill lands in the middle of work.
KILL_WINDOW_S = 0.6
CODER = "kim"
CODED = ("intro", "middle", "close")  # the coding child's transcripts

# A child that imports batch after batch of FILES_PER_BATCH new transcripts (written just
# before), one import_transcripts call (one transaction) per batch, until it is killed.
IMPORTING = """
import sys
from pathlib import Path
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

project = Project.open(sys.argv[1], actor="crash")
folder = Path(sys.argv[2])
print("ready", flush=True)
batch = 0
while True:
    batch_folder = folder / f"{batch:04d}"
    batch_folder.mkdir()
    files = []
    for number in range(FILES_PER_BATCH):
        path = batch_folder / f"b{batch:04d}_{number:02d}.txt"
        path.write_text(
            f"Interviewer: what happened in round {batch} part {number}?\\n\\n"
            "Respondent: the office moved twice and the budget stayed flat.\\n"
            * (1 + number % 3),
            encoding="utf-8",
        )
        files.append(path)
    import_transcripts(project, files)
    print(f"imported {batch}", flush=True)
    batch += 1
""".replace("FILES_PER_BATCH", str(FILES_PER_BATCH))

# A child that applies coding after coding (each committed when `apply` returns) and prints a
# line for each one only after it returned, until it is killed.
CODING = """
import sys
from workbench.coding.actions import CoderActions
from workbench.store.project import Project

project = Project.open(sys.argv[1], actor="crash")
actions = CoderActions(project, sys.argv[2])
transcripts = sys.argv[3].split(",")
codes = sys.argv[4].split(",")
print("ready", flush=True)
index = 0
while True:
    transcript = transcripts[index % len(transcripts)]
    code = codes[index % len(codes)]
    start = index // len(transcripts)
    end = start + 1 + index % 7
    actions.apply(transcript, code, start, end)
    print(f"applied\\t{transcript}\\t{code}\\t{start}\\t{end}", flush=True)
    index += 1
"""


def _child_env() -> dict[str, str]:
    """The child imports this checkout's workbench, as the test process does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _kill_at_random(program: str, args: list[str], moment: random.Random) -> list[str]:
    """Start the child, wait for its "ready", kill it with SIGKILL a random moment later and
    return the complete lines it printed after "ready" (its acknowledgements)."""
    child = subprocess.Popen(
        [sys.executable, "-c", program, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
        text=True,
    )
    try:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        if first != "ready\n":
            child.kill()
            child.wait()
            pytest.fail(f"the child did not start: {first!r} {child.stderr.read()[-2000:]}")
        try:
            # The deadline is the injected crash, not a wait for something to happen: the
            # child never ends by itself.
            child.wait(timeout=moment.uniform(0.0, KILL_WINDOW_S))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait()
        # Read through the same buffered pipe as "ready" was: nothing it holds is skipped.
        output = child.stdout.read()
        errors = child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL, f"the child ended by itself: {errors[-2000:]}"
    # The last piece has no newline: cut off by the kill, so not acknowledged.
    return output.split("\n")[:-1]


def _check_sound(path: Path) -> None:
    """SQLite (after recovering the write-ahead log) finds no damage and no broken reference."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _run_ids(kind: str) -> list[int]:
    share = RUNS // 2 if kind == "import" else RUNS - RUNS // 2
    return list(range(share))


@pytest.fixture(scope="module")
def empty_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new project with the statistics codebook, copied for every run."""
    path = tmp_path_factory.mktemp("crash") / "empty.db"
    with Project.init(str(path), actor="tester") as project:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
    return path


@pytest.fixture(scope="module")
def coding_project(tmp_path_factory: pytest.TempPathFactory, empty_project: Path) -> Path:
    """The codebook and three long transcripts to code, copied for every run."""
    folder = tmp_path_factory.mktemp("coding")
    path = folder / "coding.db"
    shutil.copy(empty_project, path)
    files = []
    for name in CODED:
        file = folder / f"{name}.txt"
        turns = "Interviewer: and then?\n\nRespondent: the budget stayed flat all year.\n\n"
        file.write_text(turns * 120, encoding="utf-8")
        files.append(file)
    with Project.open(str(path), actor="tester") as project:
        import_transcripts(project, files)
    return path


def _codes(project: Project) -> list[str]:
    return [code.path for code in service.codes(project) if code.status == "active"]


@pytest.mark.parametrize("run", _run_ids("import"))
def test_an_import_killed_at_any_moment_is_all_or_nothing(
    run: int, empty_project: Path, tmp_path: Path
) -> None:
    path = tmp_path / "project.db"
    shutil.copy(empty_project, path)
    (tmp_path / "files").mkdir()
    moment = random.Random(f"{SEED}-import-{run}")

    lines = _kill_at_random(IMPORTING, [str(path), str(tmp_path / "files")], moment)

    acknowledged = {int(line.split()[1]) for line in lines}
    _check_sound(path)
    with Project.open(str(path), actor="tester") as project:
        batches: dict[int, int] = {}
        for transcript in project.transcripts():
            batch = int(transcript.name[1:5])
            batches[batch] = batches.get(batch, 0) + 1
        counts = project.row_counts()
    assert all(count == FILES_PER_BATCH for count in batches.values()), batches
    assert acknowledged <= batches.keys()
    # At most the batch being committed when the kill came is there unacknowledged.
    assert len(batches.keys() - acknowledged) <= 1
    assert set(batches) == set(range(len(batches)))
    assert counts["transcript"] == FILES_PER_BATCH * len(batches)


@pytest.mark.parametrize("run", _run_ids("coding"))
def test_a_coder_killed_at_any_moment_keeps_every_acknowledged_coding(
    run: int, coding_project: Path, tmp_path: Path
) -> None:
    path = tmp_path / "project.db"
    shutil.copy(coding_project, path)
    with Project.open(str(path)) as project:
        codes = _codes(project)
    moment = random.Random(f"{SEED}-coding-{run}")

    lines = _kill_at_random(CODING, [str(path), CODER, ",".join(CODED), ",".join(codes)], moment)

    acknowledged = {tuple(line.split("\t")[1:]) for line in lines}
    assert len(acknowledged) == len(lines)
    _check_sound(path)
    with Project.open(str(path), actor="tester") as project:
        stored = {
            (coding.transcript, coding.code, str(coding.start), str(coding.end))
            for coding in project.codings(coders=[CODER])
        }
        counts = project.row_counts()
    missing = acknowledged - stored
    assert not missing, f"acknowledged but lost: {sorted(missing)[:5]}"
    # At most the coding being committed when the kill came is there unacknowledged.
    assert len(stored - acknowledged) <= 1
    # Each coding and its undo record are written in one transaction.
    assert counts["coding_action"] == counts["coding"] == len(stored)
