"""The core never imports a user interface: it must run in scripts, notebooks and servers."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "workbench.store.project",
    "workbench.importer",
    "workbench.ingest",
    "workbench.anonymise.check",
    "workbench.codebook.service",
    "workbench.exchange.codings_csv",
    "workbench.sample",
    "workbench.status",
)


def test_the_core_does_not_import_textual_click_or_rich() -> None:
    probe = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in CORE)
        + "print(sorted(m for m in ('textual', 'click', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
