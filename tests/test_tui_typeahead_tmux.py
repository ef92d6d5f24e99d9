"""Bursts through a real terminal: tmux types a filter and a memo in one `send-keys` each."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from workbench.coding.desk import CoderDesk
from workbench.store.project import Project

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

REPO = Path(__file__).parent.parent
WORKBENCH = Path(sys.executable).parent / "workbench"
TIMEOUT = 60.0  # seconds for the app to show what a burst asked for (a loaded CI machine)


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def wait_until(what: str, check: Callable[[], bool], screen: Callable[[], str]) -> None:
    """Poll `check` until it holds; on timeout, fail showing the terminal."""
    deadline = time.monotonic() + TIMEOUT
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}; the terminal showed:\n{screen()}")
        time.sleep(0.1)  # polling a real terminal: a bound, not a guess at how long it takes


@pytest.fixture(params=[(80, 24), (120, 40)], ids=["80x24", "120x40"])
def terminal(
    sample_db: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    """`workbench code` on a copy of the sample study in a tmux session of 80x24 or 120x40,
    on a tmux server of its own: a shared one, exiting as the last test's session ended, made
    the next test's new-session fail ("server exited unexpectedly")."""
    sockets = tempfile.mkdtemp(prefix="wb-tmux-")  # short: a socket path has a length limit
    monkeypatch.setenv("TMUX_TMPDIR", sockets)
    width, height = request.param
    session = f"wb-typeahead-{os.getpid()}-{width}"
    # The checkout's code, whatever tmux server (and environment) runs the session.
    environment = ["env", f"PYTHONPATH={REPO}", "TERM=xterm-256color", str(WORKBENCH)]
    command = shlex.join([*environment, "code", "-p", sample_db, "--coder", "carol"])
    tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command)
    try:
        yield session, sample_db
    finally:
        subprocess.run(["tmux", "kill-server"], capture_output=True)
        shutil.rmtree(sockets, ignore_errors=True)


def test_a_filter_and_a_memo_typed_in_bursts_reach_the_transcript_and_the_store(
    terminal: tuple[str, str],
) -> None:
    session, location = terminal

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    def coding_hr_05() -> bool:
        shown = screen()
        return shown.lstrip().startswith("hr_05 ") and "[blind]" in shown

    def memo() -> str:
        with Project.open(location) as project:
            return CoderDesk(project, "carol").transcript_memo("hr_05")

    wait_until("the home screen", lambda: "hr_05" in screen() and "iom_03" in screen(), screen)
    tmux("send-keys", "-t", session, "hr_05", "Enter")
    wait_until("hr_05 open", coding_hr_05, screen)
    tmux("send-keys", "-t", session, "m", "Respondent is cautious", "C-s")
    wait_until("the memo stored", lambda: memo() == "Respondent is cautious", screen)
    wait_until("the editor closed", lambda: "Memo on" not in screen(), screen)
    assert coding_hr_05()


def test_a_search_typed_in_one_burst_lists_hits_and_q_comes_back_to_them(
    terminal: tuple[str, str],
) -> None:
    session, _location = terminal

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_until("the home screen", lambda: "hr_05" in screen() and "iom_03" in screen(), screen)
    tmux("send-keys", "-t", session, "hr_05", "Enter")
    wait_until("hr_05 open", lambda: screen().lstrip().startswith("hr_05 "), screen)
    # The command key, the pattern and Enter in one burst, as over SSH.
    tmux("send-keys", "-t", session, "t", "mandate", "Enter")
    wait_until("the hits", lambda: "Search: mandate  18 hits in 8 transcripts" in screen(), screen)
    tmux("send-keys", "-t", session, "Enter")  # the first hit: ex_02
    wait_until("the passage open", lambda: screen().lstrip().startswith("ex_02 "), screen)
    tmux("send-keys", "-t", session, "q")
    wait_until("back on the hits", lambda: "Search: mandate  18 hits" in screen(), screen)


def test_back_home_a_new_filter_typed_in_one_burst_opens_its_transcript(
    terminal: tuple[str, str],
) -> None:
    # Coming back home empties the filter: a fresh name typed with Enter opened nothing
    # when it was appended to the last one ("hr_05iom_13").
    session, _location = terminal

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_until("the home screen", lambda: "hr_05" in screen() and "iom_03" in screen(), screen)
    tmux("send-keys", "-t", session, "hr_05", "Enter")
    wait_until("hr_05 open", lambda: screen().lstrip().startswith("hr_05 "), screen)
    tmux("send-keys", "-t", session, "q", "iom_13", "Enter")
    wait_until("iom_13 open", lambda: screen().lstrip().startswith("iom_13 "), screen)
