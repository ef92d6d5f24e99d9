"""Start-up: whole `workbench` processes on a one-transcript project, and the TUI's home screen.

Targets (issue 15, median of 5 whole processes on the 2-core machine): `transcripts list` and
`agreement` (two coders, one transcript) <= 0.35 s; the TUI from the command to a home screen
that lists the transcripts and answers a key <= 0.6 s, on the sample study in a real terminal
(tmux, 120x40). The figures are taken from outside, through the `workbench` command only, so the
benchmark runs against any checkout: `WORKBENCH_CHECKOUT=/path/to/old/main python -m benchmarks
startup` measures that checkout's code (default: this one). CPU seconds are printed beside the
wall clock: on a shared machine the wall clock counts the others' work too.
"""

from __future__ import annotations

import csv
import os
import resource
import shlex
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

RUNS = 5
LIST_TARGET = 0.35
AGREEMENT_TARGET = 0.35
TUI_TARGET = 0.6
TRANSCRIPT = "ex_02"  # a sample transcript both sample coders coded
POLL = 0.01  # seconds between two looks at the terminal
TIMEOUT = 60.0


def checkout() -> Path:
    return Path(os.environ.get("WORKBENCH_CHECKOUT") or Path(__file__).parent.parent).resolve()


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(checkout()), TERM="xterm-256color")
    env.pop("WORKBENCH_PROJECT", None)
    return {**env, **(extra or {})}


def command() -> list[str]:
    """What the installed `workbench` script runs, with the checkout's code: its entry point
    (`run`, or `main` in a checkout from before `run` existed). -P: the code comes from the
    checkout on PYTHONPATH, never from the working directory."""
    entry = "import sys, workbench.cli as c; sys.exit(getattr(c, 'run', c.main)())"
    return [sys.executable, "-P", "-c", entry]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[float, float]:
    """One whole process: wall seconds and CPU seconds (user and system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*command(), *args], env=env or environment(), capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"workbench {' '.join(args)} failed: {done.stderr.strip()}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def one_transcript_project(folder: Path) -> str:
    """init, the sample codebook, one sample transcript and both sample coders' codings of it."""
    location = str(folder / "one.wbp")
    sample = checkout() / "sample_transcripts"
    codings = folder / "codings.csv"
    with codings.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for number, coder in enumerate(("anna", "ben")):
            with (sample / f"codings_{coder}.csv").open(newline="", encoding="utf-8") as read:
                rows = list(csv.reader(read))
            if number == 0:
                writer.writerow(rows[0])
            writer.writerows(row for row in rows[1:] if row[0] == TRANSCRIPT)
    transcript = next(sample.glob(f"{TRANSCRIPT}.*"))
    run("init", "-p", location)
    run("codebook", "load", "-p", location, str(checkout() / "codebooks" / "iom_mandate.yaml"))
    run("import", "-p", location, str(transcript))
    run("codings", "import", "-p", location, str(codings))
    return location


def median_of_runs(*args: str) -> tuple[float, float]:
    run(*args)  # writes the bytecode of what the command imports, as an installation has it
    runs = [run(*args) for _ in range(RUNS)]
    return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)


def verdict(seconds: float, target: float) -> str:
    return "ok" if seconds <= target else "OVER"


def tmux(socket: str, *args: str) -> str:
    done = subprocess.run(["tmux", "-S", socket, *args], capture_output=True, text=True)
    return done.stdout


def wait_for(check: Callable[[], bool], what: str, screen: Callable[[], str]) -> float:
    deadline = time.perf_counter() + TIMEOUT
    while not check():
        if time.perf_counter() > deadline:
            sys.exit(f"timed out waiting for {what}; the terminal showed:\n{screen()}")
        time.sleep(POLL)
    return time.perf_counter()


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user and system, every thread) the running process `pid` has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pane_process(socket: str) -> int:
    """The `workbench` process of the pane: the child of the shell tmux started."""
    shell = tmux(socket, "display-message", "-p", "-t", "bench", "#{pane_pid}").strip()
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    return int(children[0])


def terminal_once(
    folder: Path, line: list[str], first: str, last: str
) -> tuple[float, float, float]:
    """`line` in a 120x40 tmux terminal: seconds until it lists `first` and `last`, and until
    `last` typed then has acted (only `last` left), and the CPU seconds used by then."""
    # A server of its own each time (a killed one may still hold its socket for a moment),
    # its socket in the benchmark's folder, removed with it.
    socket = str(folder / f"tmux-{uuid.uuid4().hex[:12]}")
    # Through sh, so that a command that fails leaves its error on the screen to be shown.
    shell = shlex.join(line) + "; echo exited $?; sleep 60"
    screen = lambda: tmux(socket, "capture-pane", "-p", "-t", "bench")  # noqa: E731
    try:
        start = time.perf_counter()
        tmux(socket, "new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", shell)
        listed = wait_for(lambda: first in screen() and last in screen(), "the list", screen)
        tmux(socket, "send-keys", "-t", "bench", last)
        answered = wait_for(
            lambda: first not in screen() and last in screen(), "the filter", screen
        )
        return listed - start, answered - start, cpu_seconds(pane_process(socket))
    finally:
        tmux(socket, "kill-server")


def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    listed, answered, cpu = (statistics.median(r[i] for r in runs) for i in range(3))
    return listed, answered, cpu


def sample_names() -> list[str]:
    with (checkout() / "sample_transcripts" / "attributes.csv").open(encoding="utf-8") as read:
        return sorted(row["transcript"] for row in csv.DictReader(read))


def tui(folder: Path) -> tuple[float, float, float] | None:
    """`workbench demo`: the home screen of the sample study, a filter typed on it."""
    if shutil.which("tmux") is None:
        print("tui: tmux is not installed; skipped")
        return None
    data_home = folder / "data"
    built = subprocess.run(  # not a terminal: demo builds the study and prints a summary
        [*command(), "demo"],
        env=environment({"XDG_DATA_HOME": str(data_home)}),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if built.returncode != 0:
        sys.exit(f"workbench demo failed: {built.stderr.strip()}")
    env = environment({"XDG_DATA_HOME": str(data_home)})
    settings = [f"{key}={env[key]}" for key in ("PYTHONPATH", "XDG_DATA_HOME", "TERM")]
    names = sample_names()
    line = ["env", *settings, *command(), "demo"]
    return medians([terminal_once(folder, line, names[0], names[-1]) for _ in range(RUNS)])


# The floor under the TUI figure: SQLAlchemy's Core imported, and a bare Textual app whose
# filter and table do what the home screen's do, without the project.
FLOOR_APP = """
import sys
import sqlalchemy, sqlalchemy.dialects.sqlite
from textual.app import App
from textual.widgets import DataTable, Input

class Floor(App[None]):
    def compose(self):
        yield Input()
        yield DataTable()

    def on_mount(self):
        self.show("")

    def on_input_changed(self, event):
        self.show(event.value)

    def show(self, needle):
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("transcript")
        for name in sys.argv[1:]:
            if needle in name:
                table.add_row(name)

Floor().run()
"""


def tui_floor(folder: Path) -> tuple[float, float, float]:
    script = folder / "floor_app.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    names = sample_names()
    line = ["env", "TERM=xterm-256color", sys.executable, str(script), *names]
    return medians([terminal_once(folder, line, names[0], names[-1]) for _ in range(RUNS)])


@contextmanager
def compiled_once(bytecode: Path) -> Iterator[None]:
    """The processes started meanwhile keep their compiled modules in `bytecode`, as an
    installed package does: an environment with PYTHONDONTWRITEBYTECODE (or a checkout no
    one may write to) would count compiling the checkout's code in every run."""
    saved = {key: os.environ.get(key) for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(bytecode)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def import_floor() -> tuple[float, float]:
    """A process that only imports what `agreement` cannot do without: click, SQLAlchemy's
    Core with the SQLite dialect, numpy (with one OpenBLAS thread, and the garbage collector
    paused while they load and then told they stay: `workbench.cli.run`)."""
    code = (
        "import gc; gc.disable(); "
        "import click, numpy, sqlalchemy, sqlalchemy.dialects.sqlite; gc.freeze()"
    )
    script = [sys.executable, "-c", code]
    walls, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(script, env=environment({"OPENBLAS_NUM_THREADS": "1"}), check=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    print(f"checkout {checkout()}; load {os.getloadavg()[0]:.2f} (1-minute average)")
    with tempfile.TemporaryDirectory() as name, compiled_once(Path(name) / "bytecode"):
        folder = Path(name)
        location = one_transcript_project(folder)
        wall, cpu = median_of_runs("--help")
        print(f"workbench --help                 {wall:.3f} s (cpu {cpu:.3f} s)")
        wall, cpu = median_of_runs("transcripts", "list", "-p", location)
        print(
            f"transcripts list, 1 transcript   {wall:.3f} s (cpu {cpu:.3f} s)   "
            f"target <= {LIST_TARGET} s  {verdict(wall, LIST_TARGET)}"
        )
        wall, cpu = median_of_runs("agreement", "-p", location, "--coders", "anna,ben")
        print(
            f"agreement, 2 coders, 1 transcript {wall:.3f} s (cpu {cpu:.3f} s)  "
            f"target <= {AGREEMENT_TARGET} s  {verdict(wall, AGREEMENT_TARGET)}"
        )
        wall, cpu = import_floor()
        print(f"  imports alone: click, sqlalchemy, numpy {wall:.3f} s (cpu {cpu:.3f} s)")
        shown = tui(folder)
        if shown is not None:
            listed, answered, cpu = shown
            print(f"TUI home screen listed           {listed:.3f} s")
            print(
                f"TUI home screen answered a key   {answered:.3f} s (cpu {cpu:.3f} s)   "
                f"target <= {TUI_TARGET} s  {verdict(answered, TUI_TARGET)}"
            )
            listed, answered, cpu = tui_floor(folder)
            print(
                f"  floor: bare Textual app + sqlalchemy, listed {listed:.3f} s, "
                f"answered {answered:.3f} s (cpu {cpu:.3f} s)"
            )
    print(f"load {os.getloadavg()[0]:.2f} at the end")
