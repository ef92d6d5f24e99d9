"""`workbench codings ...`: codings to and from CSV."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import force_option, main, open_project, project_option, write_output
from workbench.text.words import counted


@main.group()
def codings() -> None:
    """Codings as CSV: import and export."""


@codings.command("import")
@project_option
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--pseudonyms",
    type=click.Path(path_type=Path),
    help="CSV `original,replacement` kept outside the project; replaces names as [replacement].",
)
@click.option(
    "--allow-identifiers",
    is_flag=True,
    help="Import even though detectors found identifiers in memos or coder names.",
)
def codings_import(
    project: str, file: Path, pseudonyms: Path | None, allow_identifiers: bool
) -> None:
    """Import codings (transcript,coder,code,start,end[,memo,text]), all or nothing; memos
    and new coder names pass the anonymisation gate."""
    from workbench.exchange.codings_csv import import_codings

    with open_project(project) as store:
        result = import_codings(
            store, file, pseudonyms=pseudonyms, allow_identifiers=allow_identifiers
        )
    created = f" (new coders: {', '.join(result.coders_created)})" if result.coders_created else ""
    click.echo(f"imported {counted(result.codings, 'coding')}{created}")


@codings.command("export")
@project_option
@click.option("--coder", help="Only this coder's codings.")
@click.option("--csv", "out", type=click.Path(path_type=Path), help="File (default: stdout).")
@force_option
def codings_export(project: str, coder: str | None, out: Path | None) -> None:
    """Export codings as CSV with code paths, text, speaker and utterance."""
    from workbench.exchange.codings_csv import export_codings

    with open_project(project) as store:
        text = export_codings(store, coder)
    write_output(text, out)
