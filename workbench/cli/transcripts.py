"""Commands for the project and its transcripts: init, import, attributes, transcripts."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.base import gate_options, main, open_project, print_table, project_option
from workbench.text.words import counted


@main.command()
@project_option
def init(project: str) -> None:
    """Create an empty project."""
    from workbench.anonymise.gate import screened_actor
    from workbench.store.project import Project, default_actor

    with Project.init(project, actor=screened_actor(default_actor())) as created:
        click.echo(f"created project {created.location}")


@main.command("import")
@project_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--name", help="Transcript name (one file only; default: the file name's stem).")
@click.option(
    "--attributes",
    type=click.Path(path_type=Path),
    help="CSV of attributes (first column `transcript`) to set after import.",
)
@click.option(
    "--pseudonyms",
    type=click.Path(path_type=Path),
    help="CSV `original,replacement` kept outside the project; replaces names as [replacement].",
)
@click.option(
    "--strict-names",
    is_flag=True,
    help="Refuse the import for names and places left in the text, as for e-mails.",
)
@click.option(
    "--allow-identifiers",
    is_flag=True,
    help="Import even though detectors found identifiers (recorded in the audit log).",
)
@click.option(
    "--lenient",
    is_flag=True,
    help="Repair broken subtitle cues (.vtt .srt) instead of refusing the file; "
    "each repair is listed as a warning.",
)
@click.option(
    "--no-turns",
    is_flag=True,
    help="Import files in which no speaker turn is found (else refused: a stray file?).",
)
def import_(
    project: str,
    files: tuple[Path, ...],
    name: str | None,
    attributes: Path | None,
    pseudonyms: Path | None,
    allow_identifiers: bool,
    lenient: bool,
    no_turns: bool,
    strict_names: bool,
) -> None:
    """Import transcripts (.txt .md .docx .odt .vtt .srt), or a REFI-QDA project (.qdpx), all
    or nothing."""
    from rich.progress import Progress

    archives = [f for f in files if f.suffix.lower() in ARCHIVE_SUFFIXES]
    if archives:
        _import_archive(project, files, name, attributes, pseudonyms, allow_identifiers)
        return

    from workbench.transcripts.importer import import_transcripts

    with (
        open_project(project) as store,
        Progress(transient=True, disable=len(files) < 2 or not sys.stderr.isatty()) as progress,
    ):
        task = progress.add_task("reading", total=len(files))

        def advance(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        summary = import_transcripts(
            store,
            list(files),
            name=name,
            pseudonyms=pseudonyms,
            allow_identifiers=allow_identifiers,
            strict_names=strict_names,
            attributes=attributes,
            on_file=advance,
            lenient=lenient,
            no_turns=no_turns,
        )
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    for finding in summary.allowed_findings:
        click.echo(f"allowed: {finding}", err=True)
    replaced = f", {counted(summary.replacements, 'replacement')}" if summary.replacements else ""
    click.echo(
        f"imported {counted(summary.transcripts, 'transcript')}, "
        f"{counted(summary.utterances, 'utterance')}, {counted(summary.words, 'word')}{replaced}"
    )


ARCHIVE_SUFFIXES = (".qdpx", ".qde")


def _import_archive(
    project: str,
    files: tuple[Path, ...],
    name: str | None,
    attributes: Path | None,
    pseudonyms: Path | None,
    allow_identifiers: bool,
) -> None:
    """A REFI-QDA project from NVivo, ATLAS.ti, MAXQDA, QualCoder... into this one."""
    from workbench.errors import WorkbenchError
    from workbench.exchange.qdpx_files import import_qdpx

    if len(files) > 1 or name is not None or attributes is not None:
        raise WorkbenchError(
            "a .qdpx archive is imported on its own (its sources keep their names and "
            "variables): no other files, --name or --attributes"
        )
    with open_project(project) as store:
        result = import_qdpx(
            store, files[0], allow_identifiers=allow_identifiers, pseudonyms=pseudonyms
        )
    for finding in result.allowed_findings:
        click.echo(f"allowed: {finding}", err=True)
    for line in result.lines():
        click.echo(line)


@main.group()
def attributes() -> None:
    """Transcript attributes (group, number, year...)."""


@attributes.command("import")
@project_option
@click.argument("file", type=click.Path(path_type=Path))
@gate_options("the attribute values")
def attributes_import(
    project: str, file: Path, pseudonyms: Path | None, allow_identifiers: bool
) -> None:
    """Set attributes from a CSV whose first column is `transcript`, through the
    anonymisation gate."""
    from workbench.transcripts.attributes import import_attributes

    with open_project(project) as store:
        result = import_attributes(
            store, file, pseudonyms=pseudonyms, allow_identifiers=allow_identifiers
        )
    for warning in result.skipped:
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"set {counted(result.values, 'attribute value')}")


@main.group()
def transcripts() -> None:
    """List, show, rename and remove transcripts; mark coding status."""


@transcripts.command("list")
@project_option
def transcripts_list(project: str) -> None:
    """Transcripts with their attributes and sizes (words: the words spoken, without speaker
    labels and timestamps, as the home screen and the appendix count them)."""
    with open_project(project) as store:
        rows = store.transcripts()
    if not rows:
        click.echo("no transcripts")
        return
    names = list(dict.fromkeys(key for row in rows for key in row.attributes))
    table = [["name", *names, "format", "utterances", "words", "characters"]]
    for row in rows:
        table.append(
            [
                row.name,
                *(row.attributes.get(n, "") for n in names),
                row.source_format,
                str(row.utterances),
                str(row.words),
                str(row.characters),
            ]
        )
    print_table(table, right_from=len(names) + 2)


@transcripts.command("show")
@project_option
@click.argument("name")
def transcripts_show(project: str, name: str) -> None:
    """Print the stored text exactly as offsets index it."""
    with open_project(project) as store:
        doc = store.transcript(name)
    sys.stdout.write(doc.text)
    if not doc.text.endswith("\n") and sys.stdout.isatty():
        sys.stdout.write("\n")


@transcripts.command("mark")
@project_option
@click.option("--coder", required=True, help="Whose status to set.")
@click.option(
    "--status",
    type=click.Choice(["not_started", "in_progress", "done"]),
    default="done",
    show_default=True,
)
@click.argument("names", nargs=-1, required=True)
def transcripts_mark(project: str, coder: str, status: str, names: tuple[str, ...]) -> None:
    """Set a coder's status (not started / in progress / done) on transcripts: all of them,
    or none if one is not in the project."""
    from workbench.coding.status import set_statuses

    with open_project(project) as store:
        marked = set_statuses(store, names, coder, status)
    click.echo(f"{coder}: {counted(marked, 'transcript')} {status.replace('_', ' ')}")


@transcripts.command("rename")
@project_option
@click.argument("old")
@click.argument("new")
def transcripts_rename(project: str, old: str, new: str) -> None:
    """Rename transcript OLD to NEW; its codings, statuses and memos follow it."""
    from workbench.transcripts.manage import rename

    with open_project(project) as store:
        rename(store, old, new)
    click.echo(f"renamed {old} to {new}")


@transcripts.command("remove")
@project_option
@click.argument("name")
@click.option("--why", required=True, help="Why (kept in the audit log).")
@click.option(
    "--with-codings",
    is_flag=True,
    help="Remove it even though coders coded it (the codings are kept in the log's record).",
)
def transcripts_remove(project: str, name: str, why: str, with_codings: bool) -> None:
    """Remove transcript NAME (e.g. a stray file a glob imported); refused while it has
    codings unless --with-codings. `workbench log` shows what it held."""
    from workbench.transcripts.manage import remove

    with open_project(project) as store:
        removed = remove(store, name, why, with_codings)
    held = f" with {counted(removed.codings, 'coding')}" if removed.codings else ""
    click.echo(f"removed {name}{held}")


@transcripts.command("memo")
@project_option
@click.option("--coder", required=True, help="Whose memo.")
@click.argument("name")
@click.argument("memo")
def transcripts_memo(project: str, coder: str, name: str, memo: str) -> None:
    """Set CODER's memo on transcript NAME ('' clears it)."""
    from workbench.coding.desk import CoderDesk

    with open_project(project) as store:
        store.transcript(name)
        CoderDesk(store, coder).set_transcript_memo(name, memo)
    click.echo(f"memo saved on {name}")
