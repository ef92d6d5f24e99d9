"""`workbench merge`: bring a coder's copy of the project back into the lead's."""

from __future__ import annotations

import click

from workbench.cli.base import main, open_project, project_option


@main.command()
@project_option
@click.argument("other", metavar="OTHER")
def merge(project: str, other: str) -> None:
    """Merge OTHER (another copy: a project file or database URL) into the project.

    Transcripts are matched by text, then name; codes by guid, then path; coders by name.
    Codings, memos, statuses, new codes and codebook changes that the project lacks are
    added; differences are listed and this project's version kept. All or nothing; merging
    the same copy again adds nothing.
    """
    from workbench.errors import WorkbenchError
    from workbench.exchange.merge import merge_project
    from workbench.store.engine import project_url
    from workbench.store.snapshot import read_snapshot

    if project_url(other) == project_url(project):
        raise WorkbenchError(f"{other} is the project itself; name another copy to merge")
    with open_project(other) as source:
        snapshot = read_snapshot(source)
        origin = source.location
    with open_project(project) as store:
        report = merge_project(store, snapshot, origin)
    for line in report.lines():
        click.echo(line)
