"""The command group, its error handling and the options every command shares."""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

if TYPE_CHECKING:
    from workbench.store.project import Project

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2

# The module of workbench.cli that defines each command (with `@main.command()`). A command's
# module is imported when the command is asked for, so a short command loads its own module
# and not the other thirty commands' (and what they import); `--help` still lists them all.
COMMAND_MODULES = {
    "agreement": "agreement",
    "disagreements": "agreement",
    "reconcile": "agreement",
    "anonymise": "anonymise",
    "autocode": "assist",
    "search": "assist",
    "codebook": "codebook",
    "codings": "codings",
    "undo": "codings",
    "demo": "demo",
    "export": "exchange",
    "merge": "exchange",
    "log": "history",
    "status": "history",
    "chart": "html_report",
    "report": "html_report",
    "memos": "memos",
    "appendix": "methods",
    "words": "methods",
    "cite": "reports",
    "cooccurrence": "reports",
    "counts": "reports",
    "matrix": "reports",
    "segments": "reports",
    "saturation": "saturation",
    "suggest": "suggest",
    "attributes": "transcripts",
    "import": "transcripts",
    "init": "transcripts",
    "transcripts": "transcripts",
    "code": "tui",
    "tui": "tui",
}


class WorkbenchGroup(click.Group):
    """Turns every user error into one line on stderr and exit status 2, never a traceback;
    loads each command's module when the command is asked for (see COMMAND_MODULES)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # A name that is no command loads them all: click's "Did you mean" needs them.
            wanted = COMMAND_MODULES.get(cmd_name)
            for module in [wanted] if wanted else sorted(set(COMMAND_MODULES.values())):
                importlib.import_module(f"workbench.cli.{module}")
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        from workbench.errors import WorkbenchError

        try:
            return super().invoke(ctx)
        except WorkbenchError as error:
            if ctx.params.get("debug"):
                raise
            for line in str(error).splitlines():
                click.echo(f"error: {line}", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `workbench ... | head`: the reader has all it wanted
            sys.stderr.close()
            ctx.exit(0)
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            from workbench.store.engine import refuses_value

            first = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
            if refuses_value(error):  # the input, not us
                click.echo(
                    f"error: the database refuses a value: {first} (shorten it or remove "
                    "the character; --debug says where)",
                    err=True,
                )
                ctx.exit(EXIT_BAD_INPUT)
            # A bug of ours: say so in one line, without SQL or its parameters.
            click.echo(
                f"internal error: {type(error).__name__}: {first} (rerun with --debug)", err=True
            )
            ctx.exit(1)


def write_output(data: str | bytes, out: Path | None) -> None:
    """`write_outputs` of one output."""
    write_outputs((data, out))


def write_outputs(*outputs: tuple[str | bytes, Path | None]) -> None:
    """Each (data, file) of `outputs`: to stdout when the file is missing or '-', else to
    the file (saying so on stderr). The files are written all or nothing, before stdout:
    a failure on any leaves every file as it was. A file is never the command's project or
    any SQLite database, and an existing file is replaced only with the command's --force
    (see `force_option`)."""
    from workbench.text.outfile import write_files

    files = [(out, data) for data, out in outputs if out is not None and str(out) != "-"]
    if files:
        params = click.get_current_context().params
        write_files(files, protect=_protected(params), force=bool(params.get("force")))
        for written, _ in files:
            click.echo(f"wrote {written}", err=True)
    for data, out in outputs:
        if out is not None and str(out) != "-":
            continue
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            click.echo(data, nl=False)


def check_outputs(*outs: Path | None) -> None:
    """Refuse, before any work, every output file `write_outputs` would refuse, and one
    file named twice."""
    from workbench.text.outfile import check_targets

    params = click.get_current_context().params
    named = [out for out in outs if out is not None and str(out) != "-"]
    check_targets(named, protect=_protected(params), force=bool(params.get("force")))


def _protected(params: dict[str, Any]) -> list[Path]:
    """The files no output may replace: the command's project, when it is a SQLite file."""
    from workbench.text.outfile import project_file

    project = project_file(str(params.get("project") or ""))
    return [project] if project else []


def force_option(command: F) -> F:
    """--force: an output file that exists already may be replaced. `write_output` reads it
    from the command's context, so the command's own function does not take it."""

    @functools.wraps(command)
    def without_force(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("force", None)
        return command(*args, **kwargs)

    return click.option(
        "--force", is_flag=True, help="Replace the output file if it exists already."
    )(cast(F, without_force))


def gate_options(refused: str) -> Callable[[F], F]:
    """`--pseudonyms TABLE` and `--allow-identifiers` for a command whose input passes the
    anonymisation gate; `refused` says what the gate looked at."""

    def decorate(command: F) -> F:
        allowing = click.option(
            "--allow-identifiers",
            is_flag=True,
            help=f"Go on even though detectors found identifiers in {refused}.",
        )
        tabled = click.option(
            "--pseudonyms",
            type=click.Path(path_type=Path),
            help="CSV `original,replacement` kept outside the project; replaces names as "
            "[replacement].",
        )
        return tabled(allowing(command))

    return decorate


def project_option(command: F) -> F:
    return click.option(
        "-p",
        "--project",
        "project",
        envvar="WORKBENCH_PROJECT",
        default="workbench.db",
        show_default=True,
        metavar="PATH_OR_URL",
        help="Project: a SQLite file or a database URL (env WORKBENCH_PROJECT).",
    )(command)


def open_project(location: str) -> Project:
    """The project at `location`; the login its log names is screened at the first write."""
    from workbench.store.project import Project

    loaded()
    store = Project.open(location)
    store.screen_actor = functools.partial(_screened_login, store)
    return store


def _screened_login(store: Project, name: str) -> str:
    # Imported at the first write, not at opening: the gate costs a fifth of a second.
    from workbench.anonymise.gate import screened_actor
    from workbench.anonymise.settings import study_settings

    return screened_actor(name, study_settings(store).regions)


@click.group(cls=WorkbenchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="workbench")
def main(debug: bool) -> None:
    """Code interview transcripts, check agreement and count themes, in a terminal."""
    one_blas_thread()


def run() -> None:
    """The `workbench` command: `main`, with the garbage collector paused while it loads.

    Loading click, SQLAlchemy and numpy makes a few hundred thousand objects, and the collector
    walks through all of them several times on the way, and once more at exit: together a
    third of a short command (`python -m benchmarks startup`). None of them is garbage, so the
    collector waits until the command has loaded (`loaded`) and then leaves them out of its
    rounds for good.
    """
    global _collector_paused
    gc.disable()
    _collector_paused = True
    main()


_collector_paused = False


def loaded() -> None:
    """The command has imported what it works with: the collector resumes (see `run`).

    Called where a command opens its project, before its real work; a command that never
    gets there is a short one, over before the paused collector matters.
    """
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()  # what is loaded stays loaded: later rounds need not look at it again
        gc.enable()


# What sets OpenBLAS's thread count, in the order it reads them.
BLAS_THREADS_SETTINGS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> None:
    """Have numpy's OpenBLAS start no thread pool, unless the user set its size.

    Importing numpy loads OpenBLAS, which starts a thread per core that spins while it waits:
    about 40 ms of CPU per command on two cores, and wall time too when they are busy. No
    command multiplies matrices big enough to gain from threads (the models use sparse ones).
    """
    if "numpy" in sys.modules or any(os.environ.get(name) for name in BLAS_THREADS_SETTINGS):
        return  # too late to matter, or the user's choice
    os.environ["OPENBLAS_NUM_THREADS"] = "1"


def print_table(rows: list[list[str]], right_from: int = 99) -> None:
    """Columns padded to their widest cell; columns from `right_from` on are right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(width) if i >= right_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        click.echo("  ".join(cells).rstrip())
