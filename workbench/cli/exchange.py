"""`workbench merge` and `workbench export qdpx | qdc`: exchange with copies and other tools."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import main, open_project, project_option


@main.command()
@project_option
@click.argument("other", metavar="OTHER")
def merge(project: str, other: str) -> None:
    """Merge OTHER (another copy: a project file, a database URL or a .qdpx) into the project.

    Transcripts are matched by text, then name; codes by guid, then path; coders by name.
    Codings, memos, statuses, new codes and codebook changes that the project lacks are
    added; differences are listed and this project's version kept. All or nothing; merging
    the same copy again adds nothing.
    """
    from workbench.errors import WorkbenchError
    from workbench.exchange.copy_gate import refuse_identifiers_in_copy
    from workbench.exchange.merge import merge_project
    from workbench.store.engine import project_url
    from workbench.store.snapshot import read_snapshot

    if Path(other).suffix.lower() in (".qdpx", ".qde"):
        from workbench.exchange.qdpx_files import import_qdpx

        # An archive is an import: through the anonymisation gate, like `workbench import`.
        with open_project(project) as store:
            lines = import_qdpx(store, Path(other)).lines()
    else:
        if project_url(other) == project_url(project):
            raise WorkbenchError(f"{other} is the project itself; name another copy to merge")
        if "://" not in other and not Path(other).exists():
            raise WorkbenchError(f"{other}: no such file (the copy to merge)")
        if "://" not in other:
            from workbench.text.infile import check_regular_file

            check_regular_file(Path(other), WorkbenchError, "cannot read the copy to merge")
        with open_project(other) as source:
            snapshot = read_snapshot(source)
            origin = source.location
        with open_project(project) as store:
            logged = refuse_identifiers_in_copy(store, snapshot, origin, other)
            lines = merge_project(store, snapshot, origin, logged).lines()
    for line in lines:
        click.echo(line)


@main.group()
def export() -> None:
    """Export the project for other QDA tools (REFI-QDA: NVivo, ATLAS.ti, MAXQDA...)."""


FORCE = click.option("--force", is_flag=True, help="Replace OUT if it exists already.")


@export.command("qdpx")
@project_option
@click.argument("out", type=click.Path(path_type=Path))
@FORCE
def export_qdpx(project: str, out: Path, force: bool) -> None:
    """The whole project as a REFI-QDA archive: codebook, transcripts, coders, codings,
    memos and attributes."""
    from workbench.exchange import qdpx_files

    with open_project(project) as store:
        qdpx_files.export_qdpx(store, out, force=force)
    click.echo(f"wrote {out}", err=True)


@export.command("qdc")
@project_option
@click.argument("out", type=click.Path(path_type=Path))
@FORCE
def export_qdc(project: str, out: Path, force: bool) -> None:
    """The codebook as a REFI-QDA codebook (.qdc)."""
    from workbench.exchange import qdpx_files

    with open_project(project) as store:
        qdpx_files.export_qdc(store, out, force=force)
    click.echo(f"wrote {out}", err=True)
