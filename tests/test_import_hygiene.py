"""The core never imports a user interface: it must run in scripts, notebooks and servers."""

from __future__ import annotations

import json
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


def loaded_after(script: str, location: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter has imported after running `script` (which may
    use `location`, a project)."""
    probe = (
        f"import json, sys\nlocation = {location!r}\n{script}\n"
        f"print(json.dumps(sorted(m for m in {watched!r} if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


HEAVY = ("sqlalchemy.orm", "workbench.store.models", "numpy", "alembic", "textual", "docx")


def test_transcripts_list_opens_and_reads_without_the_orm_numpy_or_alembic(
    sample_db: str,
) -> None:
    # What start-up time a short command pays (issue 15): the CLI, the Core tables, no more.
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        "result = CliRunner().invoke(main, ['transcripts', 'list', '-p', location])\n"
        "assert result.exit_code == 0 and 'iom_03' in result.output, result.output\n"
    )
    assert loaded_after(script, sample_db, HEAVY) == []


def test_the_tui_app_module_leaves_the_orm_numpy_and_the_parsers_for_later() -> None:
    # The home screen lists the transcripts first; its worker imports the rest.
    watched = tuple(m for m in HEAVY if m != "textual")
    assert loaded_after("import workbench.tui.app", "", watched) == []


def test_the_home_screen_reads_without_the_orm_or_numpy(sample_db: str) -> None:
    # `workbench demo` opens the TUI as a coder the project does not know yet: the gate
    # screens the name before the home screen is drawn, with the study's settings only;
    # then its worker reads my progress, the codebook and the counts while keys are typed.
    script = (
        "from workbench.coding.desk import CoderDesk\n"
        "from workbench.store.project import Project\n"
        "with Project.open(location) as project:\n"
        "    assert 'newcomer' not in project.coders()\n"
        "    desk = CoderDesk(project, 'newcomer')\n"
        "    desk.transcripts(), desk.progress(), desk.codes(), desk.tallies()\n"
    )
    watched = (*(m for m in HEAVY if m != "textual"), "workbench.anonymise.gate")
    assert loaded_after(script, sample_db, watched) == ["workbench.anonymise.gate"]


# What the plain agreement table needs: numpy for the figures, the Core tables for the reads.
AGREEMENT_HEAVY = (
    *(m for m in HEAVY if m != "numpy"),
    "workbench.anonymise.gate",
    "sklearn",
    "scipy",
    "pandas",
    "krippendorff",
    "matplotlib",
)


def test_agreement_reads_through_core_rows_without_the_orm_or_the_statistics_libraries(
    sample_db: str,
) -> None:
    # `workbench agreement` on a project is a short command too (issue 15); its coefficients
    # are numpy's work, and scikit-learn and krippendorff are the reference in the tests.
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        "args = ['agreement', '-p', location, '--coders', 'anna,ben']\n"
        "for unit in ('utterance', 'sentence', 'character', 'span'):\n"
        "    result = CliRunner().invoke(main, [*args, '--unit', unit])\n"
        "    assert result.exit_code == 0 and '(pooled)' in result.output, result.output\n"
    )
    assert loaded_after(script, sample_db, AGREEMENT_HEAVY) == []
