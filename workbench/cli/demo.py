"""`workbench demo`: build the sample study in the user data folder and open it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from workbench.cli.base import loaded, main
from workbench.text.words import counted

if TYPE_CHECKING:
    from workbench.store.project import Project


@main.command()
@click.option("--rebuild", is_flag=True, help="Build the sample project afresh.")
@click.option("--coder", default="demo", show_default=True, help="Code as this coder.")
def demo(rebuild: bool, coder: str) -> None:
    """Build the bundled sample study (once) and open it in the coding TUI."""
    import sys
    from pathlib import Path

    from platformdirs import user_data_dir

    from workbench.sample.study import build_sample_project
    from workbench.store.project import Project

    loaded()
    folder = Path(user_data_dir("workbench", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    location = folder / "sample.db"
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{location}{suffix}").unlink(missing_ok=True)
    if not location.exists():
        click.echo(f"building the sample project in {location} ...", err=True)
        build_sample_project(str(location)).close()
    if sys.stdin.isatty() and sys.stdout.isatty():
        from workbench.cli.tui import run_tui

        # Said before the TUI covers the screen: where the project is, to use it with -p.
        again = "`workbench demo --rebuild` starts afresh"
        click.echo(f"sample project: {location} ({again})", err=True)

        run_tui(str(location), coder)
        return
    with Project.open(str(location)) as project:  # not a terminal: print what the TUI would show
        _print_summary(project)


def _print_summary(project: Project) -> None:
    from workbench.codebook import reading

    transcripts = project.transcripts()
    codes = reading.codes(project)
    counts = reading.coding_counts(project)
    coders = sorted({coder for per in counts.values() for coder in per})
    click.echo(f"project {project.location}")
    click.echo(
        f"  {counted(len(transcripts), 'transcript')}, "
        f"{counted(sum(t.utterances for t in transcripts), 'utterance')}, "
        f"{counted(sum(t.words for t in transcripts), 'word')}"
    )
    click.echo(f"  codebook '{project.setting('codebook.name')}': {counted(len(codes), 'code')}")
    for coder in coders:
        total = sum(per.get(coder, 0) for per in counts.values())
        click.echo(f"  coder {coder}: {counted(total, 'coding')}")
    click.echo(f"try: workbench codebook show -p {project.location}")
