"""`workbench memos export`: every memo, with coder, code and passage, as CSV or Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import force_option, main, open_project, project_option, write_output


@main.group()
def memos() -> None:
    """Memos on transcripts and codings."""


@memos.command("export")
@project_option
@click.option("--csv", "csv_out", type=click.Path(path_type=Path), help="CSV file to write.")
@click.option("--md", "md_out", type=click.Path(path_type=Path), help="Markdown file to write.")
@force_option
def memos_export(project: str, csv_out: Path | None, md_out: Path | None) -> None:
    """Transcript and coding memos with coder, code and passage: CSV (to stdout when no file
    is named) or Markdown."""
    from workbench.errors import WorkbenchError
    from workbench.exchange.memos import memo_rows, memos_csv, memos_markdown

    if csv_out is not None and md_out is not None:
        raise WorkbenchError("--csv or --md: one file at a time")
    option, out = ("--md", md_out) if md_out is not None else ("--csv", csv_out)
    with open_project(project) as store:
        rows = memo_rows(store)
    text = memos_markdown(rows) if option == "--md" else memos_csv(rows)
    try:
        write_output(text, out)
    except WorkbenchError as error:  # say which option named the file
        raise WorkbenchError(f"{option}: {error}") from error
