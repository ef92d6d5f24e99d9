"""`workbench agreement | disagreements | reconcile`: inter-coder agreement from the shell."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from workbench.cli.base import main, open_project, print_table, project_option, write_output
from workbench.text.words import counted

if TYPE_CHECKING:
    from workbench.agreement.coefficients import Coefficient
    from workbench.agreement.disagreements import Disagreement
    from workbench.agreement.report import AgreementReport, CodeAgreement

F = TypeVar("F", bound=Callable[..., Any])
UNITS = ("utterance", "sentence", "character", "span")
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
        type=click.Choice(UNITS),
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
@click.option("--csv", "csv_file", type=click.Path(path_type=Path), help="Also write a CSV here.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole report as JSON.")
@click.option(
    "--by-transcript", is_flag=True, help="Character unit: NVivo's per-transcript figures too."
)
def agreement(
    project: str,
    coders: str,
    unit: str,
    transcripts: tuple[str, ...],
    codes: tuple[str, ...],
    csv_file: Path | None,
    as_json: bool,
    by_transcript: bool,
) -> None:
    """Per-code and pooled agreement: percent, Cohen's kappa, alpha, Fleiss, AC1."""
    from workbench.agreement.export import report_csv, report_json
    from workbench.agreement.report import agreement_report
    from workbench.errors import WorkbenchError

    if by_transcript and unit != "character":
        raise WorkbenchError(
            "--by-transcript is NVivo's per-transcript figure: add --unit character"
        )
    with open_project(project) as store:
        report = agreement_report(
            store,
            _names(coders) or [],
            unit,
            codes=_names(codes),
            transcripts=_names(transcripts),
            by_transcript=by_transcript,
        )
    if csv_file is not None:
        write_output(report_csv(report), csv_file)
    if as_json:
        click.echo(json.dumps(report_json(report), indent=2))
        return
    _print_report(report)


def _print_report(report: AgreementReport) -> None:
    click.echo(f"unit: {report.unit}: {report.unit_rule}")
    click.echo(f"pooling: {report.pooling}")
    click.echo(f"coders: {', '.join(report.coders)}")
    shown = ", ".join(report.transcripts[:LISTED])
    if len(report.transcripts) > LISTED:
        shown += f" and {len(report.transcripts) - LISTED} more (--json lists them all)"
    click.echo(f"transcripts ({len(report.transcripts)}, {report.transcript_rule}): {shown}")
    click.echo("")
    many = len(report.coders) > 2
    span = report.unit == "span"
    share = "coverage" if span or report.unit == "character" else "coded"
    header = ["code", "units", *(f"{c} {share}" for c in report.coders)]
    if span:
        header += ["u-alpha"]
    else:
        header += ["agree %", *(["alpha", "Fleiss"] if many else ["kappa", "alpha"]), "AC1"]
    table = [[*header, ""]]
    notes: dict[str, list[str]] = {}
    for row in (*report.rows, report.pooled):
        table.append([*_cells(row, many, span), "!" if row.warnings else ""])
        for name, value in _shown(row, many, span):
            if value.note:
                notes.setdefault(f"{name}: {value.note}", []).append(row.code)
    print_table(table, right_from=1)
    if any(row.warnings for row in (*report.rows, report.pooled)):
        click.echo(
            "\n! prevalence under 5% (or over 95%): kappa and alpha can be low despite high "
            "agreement (the kappa paradox); AC1 is less affected."
        )
    for note, codes in notes.items():
        click.echo(f"- {note}: {', '.join(codes)}")
    if span:
        across = {name.replace("_", "-"): value for name, value in report.across_codes.items()}
        if len({value.note for value in across.values()}) == 1 and not any(
            value.defined for value in across.values()
        ):
            click.echo(f"across codes, {' and '.join(across)}: {next(iter(across.values())).note}")
        else:
            for label, value in across.items():
                click.echo(
                    f"across codes, {label}: {value.format() if value.defined else value.note}"
                )
    if many:
        _print_pairwise(report)
    if report.by_transcript:
        _print_by_transcript(report, many)


def _shown(row: CodeAgreement, many: bool, span: bool) -> list[tuple[str, Coefficient]]:
    if span:
        return [("u-alpha", row.krippendorff_alpha)]
    middle = [("alpha", row.krippendorff_alpha)]
    middle += [("Fleiss", row.fleiss_kappa)] if many else [("kappa", row.cohen_kappa)]
    return [("agree %", row.percent_agreement), *middle, ("AC1", row.gwet_ac1)]


def _cells(row: CodeAgreement, many: bool, span: bool) -> list[str]:
    cells = [row.code, str(row.units)]
    cells += [f"{100 * share:.1f}%" for share in row.prevalence.values()]
    if span:
        return [*cells, row.krippendorff_alpha.format()]
    kappa_or_alpha = (
        [row.krippendorff_alpha.format(), row.fleiss_kappa.format()]
        if many
        else [row.cohen_kappa.format(), row.krippendorff_alpha.format()]
    )
    return [*cells, row.percent_agreement.format(1), *kappa_or_alpha, row.gwet_ac1.format()]


def _print_pairwise(report: AgreementReport) -> None:
    click.echo("\nCohen's kappa per coder pair")
    pairs = [f"{p.coder_a}-{p.coder_b}" for p in report.pooled.pairwise_kappa]
    table = [["code", *pairs]]
    notes: dict[str, list[str]] = {}
    for row in (*report.rows, report.pooled):
        table.append([row.code, *(p.kappa.format() for p in row.pairwise_kappa)])
        for pair in row.pairwise_kappa:
            if pair.kappa.note:
                where = f"{row.code} ({pair.coder_a}-{pair.coder_b})"
                notes.setdefault(f"kappa: {pair.kappa.note}", []).append(where)
    print_table(table, right_from=1)
    for note, places in notes.items():
        click.echo(f"- {note}: {', '.join(places)}")


def _print_by_transcript(report: AgreementReport, many: bool) -> None:
    click.echo("\nper code and transcript (NVivo's coding comparison)")
    table = [
        ["code", "transcript", *(["coders"] if many else []), "characters", "agree %", "kappa"]
    ]
    for item in report.by_transcript:
        pair = [f"{item.coder_a}-{item.coder_b}"] if many else []
        table.append(
            [
                item.code,
                item.transcript,
                *pair,
                str(item.characters),
                item.percent_agreement.format(1),
                item.cohen_kappa.format(),
            ]
        )
    print_table(table, right_from=3 if many else 2)


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
    click.echo(f"\n{len(found)} disagreements ({unit} unit)")


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
    default="consensus",
    show_default=True,
    help="The coder who receives the agreed codings (created if needed).",
)
def reconcile(
    project: str,
    coders: str,
    unit: str,
    transcripts: tuple[str, ...],
    codes: tuple[str, ...],
    into: str,
) -> None:
    """Give a consensus coder every agreed coding; disagreements stay for a person.

    Agreed means: every coder applied the code to the utterance or sentence (the consensus
    codes the whole unit), coded the character (the consensus gets the stretches all coded),
    or drew the same span (span unit). Running it again adds nothing new.
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
