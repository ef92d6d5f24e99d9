"""The core never imports a user interface: it must run in scripts, notebooks and servers."""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import workbench
from workbench.cli.base import COMMAND_MODULES

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
# A command loads its own module of the CLI, not the others' (nor what they import).
CLI_MODULES = tuple(sorted({f"workbench.cli.{module}" for module in COMMAND_MODULES.values()}))


def other_commands(own: str) -> tuple[str, ...]:
    return tuple(m for m in CLI_MODULES if m != f"workbench.cli.{own}")


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
    watched = (*HEAVY, *other_commands("transcripts"), "workbench.agreement", "psycopg")
    assert loaded_after(script, sample_db, watched) == []


# Everyday reads on Core rows: none needs the ORM, numpy, or the checks and the gate that
# changing a codebook needs (nor YAML, which loading one needs).
READS_WITHOUT = (*HEAVY, "workbench.anonymise", "workbench.codebook.service", "ruamel.yaml")


@pytest.mark.parametrize(
    ("command", "own"),
    [
        (["codebook", "show"], "codebook"),
        (["search", "mandate"], "assist"),
        (["transcripts", "show", "iom_03"], "transcripts"),
        (["memos", "export"], "memos"),
    ],
    ids=" ".join,
)
def test_everyday_reads_load_neither_the_orm_nor_numpy(
    sample_db: str, command: list[str], own: str
) -> None:
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        f"result = CliRunner().invoke(main, [*{command!r}, '-p', location])\n"
        "assert result.exit_code == 0 and result.output, result.output\n"
    )
    assert loaded_after(script, sample_db, (*READS_WITHOUT, *other_commands(own))) == []


# The study's numbers read Core rows as well: pandas and numpy compute them, and no command
# of them needs the ORM, nor the checks that changing a codebook or a transcript needs.
STUDY_READS_WITHOUT = (
    *(m for m in HEAVY if m != "numpy"),
    "workbench.anonymise",
    "workbench.codebook.service",
    "workbench.store.snapshot",
)


@pytest.mark.parametrize(
    ("command", "own"),
    [
        (["counts"], "reports"),
        (
            ["counts", "--level", "theme", "--by", "group", "--wide", "--measure", "words"],
            "reports",
        ),
        (["matrix", "--presence"], "reports"),
        (["cooccurrence", "--within", "overlap"], "reports"),
        (["segments", "--code", "Accountability"], "reports"),
        (["words", "--by", "group"], "methods"),
    ],
    ids=" ".join,
)
def test_the_study_commands_read_without_the_orm(
    sample_db: str, command: list[str], own: str
) -> None:
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        f"result = CliRunner().invoke(main, [*{command!r}, '-p', location])\n"
        "assert result.exit_code == 0 and result.output, result.output\n"
    )
    watched = (*STUDY_READS_WITHOUT, *other_commands(own))
    assert loaded_after(script, sample_db, watched) == []


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_the_codebook_export_reads_without_the_orm_or_the_service(sample_db: str, fmt: str) -> None:
    # Writing the codebook out changes nothing: the YAML writer, Core rows, no more.
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        f"result = CliRunner().invoke(main, ['codebook', 'export', '--format', {fmt!r}, "
        "'-p', location])\n"
        "assert result.exit_code == 0 and 'guid' in result.output, result.output\n"
    )
    watched = (*(m for m in READS_WITHOUT if m != "ruamel.yaml"), *other_commands("codebook"))
    assert loaded_after(script, sample_db, watched) == []


@pytest.mark.parametrize(
    ("command", "own", "without"),
    [
        pytest.param(
            ["report", "--out", "report.html"], "html_report", STUDY_READS_WITHOUT, id="report"
        ),
        # The codebook's evolution is read with the ORM still; the codebook is not.
        pytest.param(
            ["appendix", "--out", "appendix.md"],
            "methods",
            ("workbench.anonymise", "workbench.codebook.service"),
            id="appendix",
        ),
    ],
)
def test_the_report_and_the_appendix_read_the_codebook_without_the_service(
    sample_db: str, tmp_path: Path, command: list[str], own: str, without: tuple[str, ...]
) -> None:
    script = (
        "import os\n"
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        f"os.chdir({str(tmp_path)!r})\n"
        f"result = CliRunner().invoke(main, [*{command!r}, '-p', location])\n"
        "assert result.exit_code == 0, result.output\n"
    )
    assert loaded_after(script, sample_db, (*without, *other_commands(own))) == []
    assert (tmp_path / command[-1]).stat().st_size > 0


def test_each_backend_loads_its_own_driver_and_dialect_only(location: str) -> None:
    from workbench.store.project import Project

    Project.init(location).close()
    script = (
        "from click.testing import CliRunner\n"
        "from workbench.cli import main\n"
        "result = CliRunner().invoke(main, ['transcripts', 'list', '-p', location])\n"
        "assert result.exit_code == 0, result.output\n"
    )
    sqlite = ("sqlite3", "sqlalchemy.dialects.sqlite")
    postgresql = ("psycopg", "sqlalchemy.dialects.postgresql")
    expected = sorted(sqlite if "://" not in location else postgresql)
    assert loaded_after(script, location, (*sqlite, *postgresql)) == expected


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
    watched = (*AGREEMENT_HEAVY, *other_commands("agreement"))
    assert loaded_after(script, sample_db, watched) == []


def blas_threads_after(script: str, location: str, env: dict[str, str]) -> int:
    """How many threads numpy's OpenBLAS has after `script` ran in a fresh interpreter."""
    probe = (
        f"location = {location!r}\n{script}\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sum(pool['num_threads'] for pool in threadpool_info() "
        "if pool['internal_api'] == 'openblas'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env
    )
    return int(out.stdout.strip().splitlines()[-1])


AGREEMENT = (
    "from click.testing import CliRunner\n"
    "from workbench.cli import main\n"
    "result = CliRunner().invoke(main, ['agreement', '-p', location, '--coders', 'anna,ben'])\n"
    "assert result.exit_code == 0, result.output\n"
)


def test_a_command_starts_no_blas_thread_pool_unless_the_user_asks(sample_db: str) -> None:
    # OpenBLAS starts a spinning thread per core as numpy loads: CPU that a short command
    # pays for nothing. A user's own setting stands.
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: OpenBLAS starts one thread whatever the setting")
    settings = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
    env = {k: v for k, v in os.environ.items() if k not in settings}
    assert blas_threads_after(AGREEMENT, sample_db, env) == 1
    assert blas_threads_after(AGREEMENT, sample_db, {**env, "OPENBLAS_NUM_THREADS": "2"}) == 2


# What the collector looks like at exit: paused or not, and how many objects it leaves out.
COLLECTOR_AT_EXIT = (
    "import atexit, gc, sys\n"
    "atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr))\n"
    "import workbench.cli\n"
    "sys.argv = ['workbench', *sys.argv[1:]]\n"
    "workbench.cli.run()\n"
)


def collector_at_exit(*args: str) -> tuple[bool, int]:
    out = subprocess.run(
        [sys.executable, "-c", COLLECTOR_AT_EXIT, *args], capture_output=True, text=True
    )
    enabled, frozen = out.stderr.strip().splitlines()[-1].split()
    return enabled == "True", int(frozen)


def test_the_command_pauses_the_collector_while_it_loads_and_then_resumes_it(
    sample_db: str,
) -> None:
    # Collecting while click, SQLAlchemy and numpy load walks their objects again and again,
    # for no garbage: a third of a short command. Once the project is open the collector is
    # back, with what was loaded left out of its rounds.
    enabled, frozen = collector_at_exit("transcripts", "list", "-p", sample_db)
    assert enabled
    assert frozen > 50_000


def test_a_command_run_in_process_leaves_the_collector_alone(sample_db: str) -> None:
    import gc

    from click.testing import CliRunner

    from workbench.cli import main

    frozen = gc.get_freeze_count()
    result = CliRunner().invoke(main, ["transcripts", "list", "-p", sample_db])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
