"""`workbench codings ...`: one coding added or removed, and codings to and from CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.base import (
    F,
    force_option,
    gate_options,
    main,
    open_project,
    project_option,
    write_output,
)
from workbench.text.words import counted

if TYPE_CHECKING:
    from workbench.store.project import Project


@main.group()
def codings() -> None:
    """Codings: add and remove one, or import and export them as CSV."""


@codings.command("import")
@project_option
@click.argument("file", type=click.Path(path_type=Path))
@gate_options("memos or coder names")
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
    from workbench.exchange.codings_export import export_codings

    with open_project(project) as store:
        text = export_codings(store, coder)
    write_output(text, out)


CODER = click.option("--coder", required=True, help="Whose coding (added on their first).")
SPAN = [
    click.argument("transcript"),
    click.argument("start", type=int),
    click.argument("end", type=int),
    click.argument("code"),
]


def _span(command: F) -> F:
    for argument in reversed(SPAN):
        command = argument(command)
    return command


def _check_span(store: Project, transcript: str, start: int, end: int) -> None:
    """Name the argument that is wrong, rather than the TUI's 'select some text first'."""
    from workbench.errors import CodingError

    length = len(store.transcript(transcript).text)
    for name, value in (("START", start), ("END", end)):
        if not 0 <= value <= length:
            raise CodingError(
                f"{name} {value} is outside '{transcript}' (offsets run from 0 to {length})"
            )
    if end <= start:
        raise CodingError(f"END {end} must be after START {start}")


@codings.command("add")
@project_option
@CODER
@click.option("--memo", default="", help="A memo on the new coding.")
@_span
def codings_add(
    project: str, coder: str, memo: str, transcript: str, start: int, end: int, code: str
) -> None:
    """Code the characters [START, END) of TRANSCRIPT with CODE (a name or Parent/Child path),
    as the coding screen does: the coder's undo in the TUI takes it back."""
    from workbench.coding.desk import CoderDesk

    with open_project(project) as store:
        _check_span(store, transcript, start, end)
        applied = CoderDesk(store, coder).apply(transcript, code, start, end, memo)
    click.echo(f"coded {applied.coding.code} [{start}, {end}) in {transcript} ({applied.status})")


@codings.command("remove")
@project_option
@CODER
@_span
def codings_remove(
    project: str, coder: str, transcript: str, start: int, end: int, code: str
) -> None:
    """Remove CODER's coding of CODE on [START, END) of TRANSCRIPT (undo brings it back)."""
    from workbench.coding.desk import CoderDesk

    with open_project(project) as store:
        _check_span(store, transcript, start, end)
        desk = CoderDesk(store, coder)
        removed = desk.remove(desk.find(transcript, code, start, end).id)
    click.echo(f"removed {removed.code} [{start}, {end}) in {transcript}")


@codings.command("memo")
@project_option
@CODER
@_span
@click.argument("memo")
def codings_memo(
    project: str, coder: str, transcript: str, start: int, end: int, code: str, memo: str
) -> None:
    """Set the memo of CODER's coding of CODE on [START, END) of TRANSCRIPT ('' clears it)."""
    from workbench.coding.desk import CoderDesk

    with open_project(project) as store:
        _check_span(store, transcript, start, end)
        desk = CoderDesk(store, coder)
        coding = desk.find(transcript, code, start, end)
        desk.set_memo(coding.id, memo)
    click.echo(f"memo saved on {coding.code} [{start}, {end}) in {transcript}")


def _step(project: str, coder: str, transcript: str | None, back: bool) -> None:
    """Undo or redo in a transcript; undo without one: the coder's latest action anywhere
    (an auto-coding run whole, in every transcript)."""
    from workbench.coding.desk import CoderDesk

    with open_project(project) as store:
        if transcript is not None:
            store.transcript(transcript)  # an unknown name says so, not "nothing to undo"
        desk = CoderDesk(store, coder)
        if transcript is None:
            done = desk.undo_latest()
        else:
            done = desk.undo(transcript) if back else desk.redo(transcript)
    verb = "undid" if back else "redid"
    click.echo(done.describe(verb) if done else f"nothing to {'undo' if back else 'redo'}")


@codings.command("undo")
@project_option
@CODER
@click.argument("transcript")
def codings_undo(project: str, coder: str, transcript: str) -> None:
    """Undo CODER's latest coding action in TRANSCRIPT (the coding screen's ctrl+z)."""
    _step(project, coder, transcript, back=True)


@codings.command("redo")
@project_option
@CODER
@click.argument("transcript")
def codings_redo(project: str, coder: str, transcript: str) -> None:
    """Redo the coding action CODER undid last in TRANSCRIPT (the coding screen's ctrl+y)."""
    _step(project, coder, transcript, back=False)


@main.command("undo")
@project_option
@CODER
def undo_latest(project: str, coder: str) -> None:
    """Undo CODER's latest coding action in any transcript; an auto-coding run is undone
    whole, in every transcript it coded (as ctrl+z on the coding screen does)."""
    _step(project, coder, None, back=True)
