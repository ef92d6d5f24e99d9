"""`workbench anonymise ...`: review residual identifiers and keep an allowlist."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import main, open_project, project_option
from workbench.text.words import counted


@main.group()
def anonymise() -> None:
    """Check stored transcripts for residual identifiers."""


@anonymise.command("check")
@project_option
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only findings of this kind (name, place, email, phone, url, id, date, address, ip).",
)
def anonymise_check(project: str, kinds: tuple[str, ...]) -> None:
    """List names, places, dates, addresses, numbers and other identifiers left in
    transcripts, with their kind, confidence and line numbers."""
    from workbench.anonymise.check import candidates, check_kind

    for kind in kinds:
        check_kind(kind)
    with open_project(project) as store:
        found = candidates(store, kinds)
    for candidate in found:
        click.echo(str(candidate))
    click.echo(
        f"{counted(len(found), 'candidate')} to review; "
        "allow the safe ones with `workbench anonymise allow`",
        err=True,
    )


@anonymise.command("allow")
@project_option
@click.argument("words", nargs=-1)
@click.option("--file", type=click.Path(path_type=Path), help="A file of words, one a line.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Allow a whole kind (e.g. place: countries are fine in this study).",
)
def anonymise_allow(
    project: str, words: tuple[str, ...], file: Path | None, kinds: tuple[str, ...]
) -> None:
    """Add words (place names, organisations) or whole kinds that `check` should no longer
    list."""
    from workbench.anonymise.check import allow, check_kind

    for kind in kinds:
        check_kind(kind)
    listed = list(words)
    if file is not None:
        from workbench.errors import WorkbenchError
        from workbench.text.infile import read_regular_file

        raw = read_regular_file(file, WorkbenchError, "cannot read word list")
        try:
            listed += raw.decode("utf-8").split()
        except UnicodeDecodeError as error:
            raise WorkbenchError("word list is not UTF-8", source=str(file)) from error
    with open_project(project) as store:
        added = allow(store, listed, kinds)
    click.echo(f"allowed {added} new words or kinds")


@anonymise.command("replace")
@project_option
@click.argument("word")
@click.argument("pseudonym")
def anonymise_replace(project: str, word: str, pseudonym: str) -> None:
    """Replace WORD by [PSEUDONYM] in every stored transcript, moving codings with the text,
    and in every other stored field: names of transcripts, files, codes and coders,
    attribute values, memos, codebook texts, the undo history and the audit log (all or
    nothing; the audit log keeps the pseudonym, never the word)."""
    from workbench.anonymise.replace import replace_word

    with open_project(project) as store:
        result = replace_word(store, word, pseudonym)
    for name, count in result.counts.items():
        click.echo(f"{name}: {count} replaced")
    for what, count in sorted(result.fields.items()):
        click.echo(f"{what}: {count} changed")
    for coding in result.cut_codings:
        click.echo(
            f"coding {coding.id} in {coding.transcript} [{coding.start}, {coding.end}) began or "
            "ended inside the word: it now covers the whole pseudonym",
            err=True,
        )


@anonymise.command("purge")
@project_option
def anonymise_purge(project: str) -> None:
    """Remove superseded memo text from the undo history and the database file."""
    from workbench.anonymise.replace import purge_memo_history

    with open_project(project) as store:
        changed = purge_memo_history(store)
    click.echo(f"purged superseded memo text from {changed} undo record(s)")


@anonymise.command("settings")
@project_option
@click.option("--roles", help="Speaker labels that are roles, not names (comma-separated).")
@click.option("--regions", help="Phone regions of the study (comma-separated: GB,CH).")
def anonymise_settings(project: str, roles: str | None, regions: str | None) -> None:
    """Show or set the study's speaker roles, phone regions and allowed kinds."""
    from workbench.anonymise.settings import set_study_settings, study_settings

    with open_project(project) as store:
        if roles is not None or regions is not None:
            set_study_settings(
                store,
                roles=roles.split(",") if roles is not None else None,
                regions=regions.split(",") if regions is not None else None,
            )
        settings = study_settings(store)
    click.echo(f"roles: {', '.join(sorted(settings.roles)) or '(none beyond the usual)'}")
    click.echo(f"regions: {', '.join(settings.regions)}")
    click.echo(f"allowed kinds: {', '.join(sorted(settings.allowed_kinds)) or '(none)'}")
