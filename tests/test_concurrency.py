"""Concurrency: four real processes apply codings to one project at the same moment (SQLite
file, PostgreSQL schema); every coding arrives and no process sees an error, because the store's
busy handling absorbs the contention.

`WORKBENCH_CONCURRENCY_CODINGS` sets how many each process applies (default 100, `make crash`
sets 250)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

REPO = Path(__file__).parent.parent
STATS = Path(__file__).parent / "fixtures" / "stats"
CODINGS_EACH = int(os.environ.get("WORKBENCH_CONCURRENCY_CODINGS", "100"))
TRANSCRIPTS = ("north", "south")
# One process per entry, two per coder: one coder in two terminals, and two coders side by
# side. Each coder is new, so their first applies also race to add the same coder.
CODERS = ("kim", "kim", "lee", "lee")
PROCESSES = len(CODERS)

# Opens the project, says "ready", waits for "go" (so that all start together), then applies
# its codings one by one, each committed before `apply` returns, printing one line for each.
# Process `slot` codes the spans numbered slot*count .. slot*count+count-1: no two processes
# (and no two codings) share a span, so even one coder in four processes never repeats one.
CODING = """
import sys
from workbench.coding.actions import CoderActions
from workbench.store.project import Project

location, coder, slot, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
transcripts = sys.argv[5].split(",")
codes = sys.argv[6].split(",")
project = Project.open(location, actor=coder)
actions = CoderActions(project, coder)
print("ready", flush=True)
assert sys.stdin.readline() == "go\\n"
for number in range(slot * count, slot * count + count):
    transcript = transcripts[number % len(transcripts)]
    start = number // len(transcripts)
    end = start + 1 + number % 5
    code = codes[number % len(codes)]
    actions.apply(transcript, code, start, end)
    print(f"applied\\t{transcript}\\t{code}\\t{start}\\t{end}", flush=True)
project.close()
"""


def _child_env() -> dict[str, str]:
    """The children import this checkout's workbench, as the test process does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _project_to_code(location: str, folder: Path) -> list[str]:
    """The statistics codebook and two long transcripts; the active codes' paths."""
    files = []
    for name in TRANSCRIPTS:
        file = folder / f"{name}.txt"
        turn = "Interviewer: and after that?\n\nRespondent: the budget stayed flat all year.\n\n"
        file.write_text(turn * 60, encoding="utf-8")
        files.append(file)
    with Project.init(location, actor="tester") as project:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
        import_transcripts(project, files)
        return [code.path for code in service.codes(project) if code.status == "active"]


def _code_at_once(location: str, coders: list[str], codes: list[str]) -> list[list[str]]:
    """Start one child per coder, let them all go at once; each one's acknowledged lines."""
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                CODING,
                location,
                coder,
                str(slot),
                str(CODINGS_EACH),
                ",".join(TRANSCRIPTS),
                ",".join(codes),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(),
            text=True,
        )
        for slot, coder in enumerate(coders)
    ]
    try:
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n", child.communicate()[1][-2000:]
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        # communicate() reads the pipes past the buffer readline() used; that buffer holds
        # only "ready", since a child prints nothing more before "go".
        outcomes = [child.communicate(timeout=120) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.communicate()
    for child, (_, errors) in zip(children, outcomes, strict=True):
        assert child.returncode == 0, errors[-3000:]
        assert errors == "", errors[-3000:]
    return [output.splitlines() for output, _ in outcomes]


def test_four_processes_coding_at_once_lose_nothing(location: str, tmp_path: Path) -> None:
    codes = _project_to_code(location, tmp_path)

    acknowledged = _code_at_once(location, list(CODERS), codes)

    assert [len(lines) for lines in acknowledged] == [CODINGS_EACH] * PROCESSES
    expected = {
        (coder, *line.split("\t")[1:])
        for coder, lines in zip(CODERS, acknowledged, strict=True)
        for line in lines
    }
    assert len(expected) == PROCESSES * CODINGS_EACH
    with Project.open(location, actor="tester") as project:
        stored = {
            (coding.coder, coding.transcript, coding.code, str(coding.start), str(coding.end))
            for coding in project.codings()
        }
        counts = project.row_counts()
    assert stored == expected
    assert counts["coding_action"] == PROCESSES * CODINGS_EACH
    assert counts["coder"] == len(set(CODERS))
