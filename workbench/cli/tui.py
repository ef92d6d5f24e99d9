"""`workbench code` (alias `tui`): open the coding workbench in the terminal."""

from __future__ import annotations

import click

from workbench.cli.base import loaded, main, project_option


@main.command()
@project_option
@click.option("--coder", envvar="WORKBENCH_CODER", help="Your coder name (asked if missing).")
@click.argument("transcript", required=False)
def code(project: str, coder: str | None, transcript: str | None) -> None:
    """Code transcripts in the terminal (opens TRANSCRIPT directly if given)."""
    run_tui(project, coder, transcript)


def run_tui(project: str, coder: str | None, transcript: str | None = None) -> None:
    import sys

    from workbench.errors import WorkbenchError
    from workbench.tui.app import make_app

    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # it would wait for keys forever
        raise WorkbenchError("workbench code needs a terminal (run it in one, not in a pipe)")

    app = make_app(project, coder, transcript)
    loaded()
    try:
        app.run()
    finally:
        app.project.close()


main.add_command(code, name="tui")
