"""`workbench status` and `workbench log`: coders' progress and everything the log recorded."""

from __future__ import annotations

from datetime import datetime

import click

from workbench.cli.base import main, open_project, print_table, project_option
from workbench.domain import EventInfo
from workbench.errors import one_line


def echo_events(events: list[EventInfo]) -> None:
    """One line per entry: when (UTC), who, what, on what, its detail and why."""
    if not events:
        click.echo("nothing logged")
    for event in events:
        parts = [f"{event.at:%Y-%m-%d %H:%M:%S}", event.actor, event.action, event.target]
        if event.detail:
            parts.append(event.detail)
        if event.why:
            parts.append(f"why: {event.why}")
        click.echo(one_line("  ".join(parts)))


@main.command()
@project_option
@click.option("--coder", help="One coder's transcripts, each with its status and codings.")
def status(project: str, coder: str | None) -> None:
    """Each coder's progress: transcripts not started, in progress and done, and codings."""
    from workbench.coding.progress import codings_per_transcript, statuses
    from workbench.coding.status import progress_by_coder

    with open_project(project) as store:
        if coder is not None:
            if coder not in store.coders():
                from workbench.errors import ProjectError

                raise ProjectError(f"--coder: no coder named '{coder}' in the project")
            found, made = statuses(store, coder), codings_per_transcript(store, coder)
            table = [["transcript", "status", "codings"]]
            table += [[t, s.replace("_", " "), str(made.get(t, 0))] for t, s in found.items()]
            print_table(table, right_from=2)
            return
        progress = progress_by_coder(store)
    if not progress:
        click.echo("no coders yet")
        return
    table = [["coder", "not started", "in progress", "done", "codings"]]
    for row in progress:
        counts = (row.not_started, row.in_progress, row.done, row.codings)
        table.append([row.coder, *(str(n) for n in counts)])
    print_table(table, right_from=1)


@main.command()
@project_option
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]),
    help="From this date (or UTC time) on.",
)
@click.option("--coder", help="What this person did, or what was done to their work.")
def log(project: str, since: datetime | None, coder: str | None) -> None:
    """Every logged action (imports, codebook changes, statuses, removals, coding actions):
    when (UTC), who, what, on what, detail and why."""
    from workbench.coding.history import project_log

    with open_project(project) as store:
        events = project_log(store, since, coder)
    echo_events(events)
