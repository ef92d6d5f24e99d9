"""`workbench agreement | disagreements | reconcile`: inter-coder agreement from the shell."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS, UNIT_KINDS
from workbench.cli.base import (
    force_option,
    main,
    open_project,
    print_table,
    project_option,
    write_output,
)
from workbench.text.words import counted

if TYPE_CHECKING:
    from workbench.agreement.disagreements import Disagreement
    from workbench.agreement.report import AgreementReport
    from workbench.agreement.table import Table

F = TypeVar("F", bound=Callable[..., Any])
EXCERPT = 60
LISTED = 30  # transcripts named in the report's header


# --codes and --code alike on all three commands: the same choice, however it is spelt.
CODES_OPTION = click.option(
    "--codes",
    "--code",
    "codes",
    multiple=True,
    metavar="CODES",
    help="Only these codes (names or paths; comma-separated or repeated).",
)


def comparison_options(command: F) -> F:
    """--coders, --unit and --transcripts, shared by the three commands."""
    command = click.option(
        "--transcripts",
        multiple=True,
        metavar="NAMES",
        help="Only these transcripts (comma-separated or repeated). Default: those every "
        "coder marked done, else those every coder has coded.",
    )(command)
    command = click.option(
        "--unit",
        type=click.Choice(UNIT_KINDS),
        default="utterance",
        show_default=True,
        help="What a unit of comparison is.",
    )(command)
    command = click.option(
        "--coders", required=True, metavar="A,B[,C...]", help="The coders to compare."
    )(command)
    return project_option(command)


def _names(values: tuple[str, ...] | str | None) -> list[str] | None:
    from workbench.agreement.units import split_list

    if values is None or values == ():
        return None
    return split_list([values] if isinstance(values, str) else list(values))


@main.command()
@comparison_options
@CODES_OPTION
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Also write every figure as CSV here ('-': only the CSV, on stdout).",
)
@click.option("--long", is_flag=True, help="CSV with one row per figure (and coder or pair).")
@force_option
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--by-transcript", is_flag=True, help="Character unit: NVivo's per-transcript figures too."
)
@click.option(
    "--speakers",
    metavar="NAMES",
    help="Utterance and sentence units: only these speakers' turns (e.g. the respondents'); "
    "case ignored, and a role takes its numbered variants ('Respondent' matches 'RESPONDENT 1').",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="List the codings no unit sees (on speaker labels)."
)
def agreement(
    project: str,
    coders: str,
    unit: str,
    transcripts: tuple[str, ...],
    codes: tuple[str, ...],
    csv_file: Path | None,
    long: bool,
    as_json: bool,
    by_transcript: bool,
    speakers: str | None,
    verbose: bool,
) -> None:
    """Per-code and pooled agreement: percent, Cohen's kappa, alpha, Fleiss, AC1."""
    from workbench.agreement.export import report_csv, report_json
    from workbench.agreement.report import agreement_report
    from workbench.errors import WorkbenchError

    if by_transcript and unit != "character":
        raise WorkbenchError(
            "--by-transcript is NVivo's per-transcript figure: add --unit character"
        )
    csv_to_stdout = csv_file is not None and str(csv_file) == "-"
    if csv_to_stdout and as_json:
        raise WorkbenchError("--csv - and --json both print to stdout: choose one")
    if long and csv_file is None:
        raise WorkbenchError("--long is a layout of the CSV: add --csv FILE (or --csv -)")
    with open_project(project) as store:
        report = agreement_report(
            store,
            _names(coders) or [],
            unit,
            codes=_names(codes),
            transcripts=_names(transcripts),
            by_transcript=by_transcript,
            speakers=_names(speakers),
        )
    if report.speakers_note:  # on stderr, so that `--csv -` and `--json` stay clean
        click.echo(report.speakers_note, err=True)
    if csv_file is not None:
        write_output(report_csv(report, long), csv_file)
    if csv_to_stdout:
        return
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2))
        return
    _print_report(report, verbose)


def _print_report(report: AgreementReport, verbose: bool = False) -> None:
    from workbench.agreement.table import agreement_tables

    click.echo(f"unit: {report.unit}: {report.unit_rule}")
    click.echo(f"pooling: {report.pooling}")
    click.echo(f"coders: {', '.join(report.coders)}")
    shown = ", ".join(report.transcripts[:LISTED])
    if len(report.transcripts) > LISTED:
        shown += f" and {len(report.transcripts) - LISTED} more (--json lists them all)"
    click.echo(f"transcripts ({len(report.transcripts)}, {report.transcript_rule}): {shown}")
    if report.speakers:
        click.echo(f"speakers: only the turns of {', '.join(report.speakers)}")
    if report.outside:
        more = "" if verbose else " (--verbose lists them)"
        click.echo(f"{report.outside_note}{more}")
        for item in report.outside if verbose else ():
            click.echo(
                f"  {item.transcript} [{item.start}, {item.end}) {item.code}, coder {item.coder}"
            )
    tables = agreement_tables(report)
    for table in (tables.main, tables.pairwise, tables.by_transcript):
        if table is not None:
            _print_spec(table)


def _print_spec(table: Table) -> None:
    """A blank line, the title, the padded columns, then the warning and notes under them."""
    click.echo(f"\n{table.title}" if table.title else "")
    aligns = [column.align for column in table.columns]
    right_from = aligns.index("right") if "right" in aligns else len(aligns)
    assert all(align == "right" for align in aligns[right_from:]), "left columns come first"
    print_table([table.headers, *(list(row.cells) for row in table.rows)], right_from)
    if table.warning:
        click.echo(f"\n{table.warning}")
    for note in table.notes:
        click.echo(note)


@main.command()
@comparison_options
@CODES_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the disagreements as JSON.")
def disagreements(
    project: str,
    coders: str,
    unit: str,
    transcripts: tuple[str, ...],
    codes: tuple[str, ...],
    as_json: bool,
) -> None:
    """Each unit where the coders differ: passage, speaker, who coded what."""
    from dataclasses import asdict

    from workbench.agreement.disagreements import disagreements as find

    with open_project(project) as store:
        found = find(
            store, _names(coders) or [], unit, _names(codes), transcripts=_names(transcripts)
        )
    if as_json:
        click.echo(json.dumps([asdict(d) for d in found], indent=2))
        return
    if not found:
        click.echo(f"no disagreements ({unit} unit)")
        return
    table = [["transcript", "where", "speaker", "code", "coded by", "not coded by", "excerpt"]]
    table += [_disagreement_cells(d) for d in found]
    print_table(table)
    click.echo(f"\n{counted(len(found), 'disagreement')} ({unit} unit)")


def _disagreement_cells(d: Disagreement) -> list[str]:
    if d.unit == "span":
        coded = "; ".join(
            f"{coder} " + " ".join(f"{s}-{e}" for s, e in spans)
            for coder, spans in d.proposals.items()
            if spans
        )
    else:
        coded = ", ".join(d.coded_by)
    excerpt = " ".join(d.excerpt.split())
    if len(excerpt) > EXCERPT:
        excerpt = excerpt[: EXCERPT - 3] + "..."
    return [d.transcript, d.where, d.speaker, d.code, coded, ", ".join(d.not_coded_by), excerpt]


@main.command()
@comparison_options
@CODES_OPTION
@click.option(
    "--into",
    default=DEFAULT_CONSENSUS,
    show_default=True,
    help="The coder who receives the agreed codings (created if needed).",
)
@click.option(
    "--spans",
    type=click.Choice(["union", "intersect"]),
    default="union",
    show_default=True,
    help="Utterance and sentence units: the consensus gets the coders' spans in the unit "
    "merged, or only what every coder coded.",
)
def reconcile(
    project: str,
    coders: str,
    unit: str,
    transcripts: tuple[str, ...],
    codes: tuple[str, ...],
    into: str,
    spans: str,
) -> None:
    """Give a consensus coder every agreed coding; disagreements stay for a person.

    Agreed means: every coder applied the code to the utterance or sentence (the consensus
    gets the coders' own spans there, merged or intersected: --spans, never the whole unit),
    coded the character (the consensus gets the stretches all coded), or drew the same span
    (span unit). Running it again adds nothing new.
    """
    from workbench.agreement.reconcile import reconcile as run

    with open_project(project) as store:
        result = run(
            store,
            _names(coders) or [],
            into,
            unit,
            codes=_names(codes),
            transcripts=_names(transcripts),
            spans=spans,
        )
    click.echo(
        f"{result.into}: {counted(result.added, 'coding')} added, {result.already} already "
        f"there, from {counted(result.agreed, 'agreed ' + result.unit + ' decision')} in "
        f"{counted(len(result.transcripts), 'transcript')}"
    )
    click.echo(
        f"{counted(result.disagreements, 'disagreement')} left for a person "
        f"(workbench disagreements --coders {','.join(result.coders)} --unit {result.unit})"
    )
