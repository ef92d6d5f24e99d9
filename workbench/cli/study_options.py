"""What the study commands share: their options (--level, --coder, --by, --csv, the citation
attributes), reading the study once, and showing a table or writing its CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workbench.cli.base import open_project, print_table, write_output

if TYPE_CHECKING:
    import pandas as pd

    from workbench.stats.data import StudyData

F = TypeVar("F", bound=Callable[..., Any])


def level_option(default: str = "code") -> Callable[[F], F]:
    return click.option(
        "--level",
        type=click.Choice(["code", "theme"]),
        default=default,
        show_default=True,
        help="`theme` rolls child codes up into their top-level code.",
    )


def measure_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--measure",
        type=click.Choice(["segments", "transcripts", "words"]),
        default="segments",
        show_default=True,
        help=what,
    )


CITATION_ATTRIBUTES = {
    "group": "the group",
    "number": "the interview number",
    "year": "the year of the interview",
}


def citation_options(command: F) -> F:
    """--group-attr, --number-attr, --year-attr: the attributes a citation is made of."""
    for name, what in reversed(CITATION_ATTRIBUTES.items()):
        option = click.option(
            f"--{name}-attr", default=name, show_default=True, help=f"Attribute: {what}."
        )
        command = option(command)
    return command


LEVEL = level_option()
CODERS = click.option(
    "--coder",
    "coders",
    multiple=True,
    metavar="NAME",
    help="Only this coder's codings (repeat for several). Default: the consensus coder "
    "when it has codings, else every coder pooled; the output says which.",
)
BY = click.option(
    "--by",
    "by",
    multiple=True,
    metavar="ATTR",
    help="Break down by this transcript attribute, e.g. group or year (repeatable).",
)
CSV_OUT = click.option(
    "--csv",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write CSV to this file ('-' for stdout) instead of showing a table.",
)


@contextmanager
def study(project: str, coders: tuple[str, ...]) -> Iterator[StudyData]:
    """The project's numbers, read once; the store stays open for texts read on demand."""
    from workbench.stats.data import load_study

    with open_project(project) as store:
        yield load_study(store, list(coders) or None, prefer_consensus=True)


def show(frame: pd.DataFrame, csv_out: Path | None, data: StudyData) -> None:
    """CSV when asked for, else an aligned table with the numbers right-aligned; both say
    whose coding they count (the CSV in a `coders` column when no `coder` column does)."""
    from workbench.stats.export import cell, csv_text, with_coders

    if csv_out is not None:
        write_output(csv_text(with_coders(frame, data.coder_names())), csv_out)
        return
    click.echo(f"coding counted: {data.counted}")
    if frame.empty:
        click.echo("(nothing to show)")
        return
    kinds = [frame[column].dtype.kind for column in frame.columns]
    first_number = next((i for i, kind in enumerate(kinds) if kind in "iuf"), len(kinds))
    rows = [[str(column) for column in frame.columns]]
    rows += [[cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    print_table(rows, right_from=first_number)


def require_attributes(attrs: dict[str, str], have: Sequence[str]) -> None:
    """Each attribute named by an option (`group_attr` -> --group-attr) must exist."""
    from workbench.errors import WorkbenchError

    for key, name in attrs.items():
        if name not in have:
            known = ", ".join(dict.fromkeys(have)) or "none"
            option = "--" + key.replace("_", "-")
            raise WorkbenchError(
                f"no attribute '{name}' in this project (have: {known}); "
                f"name the one to use with {option}"
            )
