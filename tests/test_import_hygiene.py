"""The core never imports a user interface: it must run in scripts, notebooks and servers."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import workbench

FRONT_ENDS = ("workbench.cli", "workbench.tui")


def core_modules() -> list[str]:
    """Every module of the package but the two front ends, found by walking the folders."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(workbench.__path__, "workbench.")
        if not info.name.startswith(FRONT_ENDS)
    )


def test_the_walk_finds_the_whole_core() -> None:
    modules = core_modules()
    assert "workbench.store.project" in modules
    assert "workbench.coding.actions" in modules
    assert len(modules) > 50


def test_no_core_module_imports_textual_click_or_rich() -> None:
    probe = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in core_modules())
        + "print(sorted(m for m in ('textual', 'click', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
