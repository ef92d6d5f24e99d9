"""The real `workbench code` in a real terminal (tmux): select, apply, quit, coding stored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent.parent / "scripts" / "tui-smoke"


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_tui_smoke_in_tmux() -> None:
    workbench = Path(sys.executable).parent / "workbench"
    result = subprocess.run(
        [str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WORKBENCH": str(workbench)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tui-smoke: ok" in result.stdout
