"""`workbench suggest`: codes learned from a coder's own coding, and how far to trust them."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.assist import MIN_CONFIDENCE
from workbench.cli.base import force_option, main, open_project, print_table, project_option
from workbench.text.words import counted


@main.command()
@project_option
@click.option("--coder", required=True, help="Whose uncoded units to suggest codes for.")
@click.option("--transcript", help="Only this transcript's units.")
@click.option("--top", type=int, default=3, show_default=True, help="Codes per unit, at most.")
@click.option(
    "--min-confidence",
    type=float,
    default=MIN_CONFIDENCE,
    show_default=True,
    help="Only suggestions at least this likely (a calibrated probability).",
)
@click.option(
    "--from",
    "source",
    metavar="CODER",
    help="Learn from this coder's coding instead (where blind coding lets you see it).",
)
@click.option(
    "--evaluate",
    is_flag=True,
    help="Instead: per code, precision, recall and F1 cross-validated by transcript, with "
    "two baselines (the most frequent code; a keyword rule).",
)
@click.option(
    "--dismiss",
    metavar="CODE",
    help="Instead: never suggest CODE again on the utterance of --transcript holding --at.",
)
@click.option("--at", "offset", type=int, help="A character offset, with --dismiss.")
@click.option(
    "--csv",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write the table as CSV to this file ('-' for stdout).",
)
@force_option
def suggest(
    project: str,
    coder: str,
    transcript: str | None,
    top: int,
    min_confidence: float,
    source: str | None,
    evaluate: bool,
    dismiss: str | None,
    offset: int | None,
    csv_out: Path | None,
) -> None:
    """Suggest codes for the units (utterances) a coder has not coded, learned from what
    they coded: one classifier per code with at least 8 coded units. Nothing is coded:
    accept suggestions in the TUI (`s` on the coding screen)."""
    from workbench.assist import MIN_EXAMPLES
    from workbench.assist.suggest import Suggester, check_limits
    from workbench.errors import WorkbenchError

    check_limits(top, min_confidence)  # before the seconds that learning takes
    if dismiss is not None:
        if transcript is None or offset is None:
            raise WorkbenchError("--dismiss needs --transcript and --at")
        from workbench.assist.suggest import dismiss_at

        with open_project(project) as store:
            click.echo(dismiss_at(store, coder, transcript, offset, dismiss))
        return
    with open_project(project) as store:
        suggester = Suggester(store, coder, source)
        if evaluate:
            _evaluate(suggester, csv_out)
            return
        trained = suggester.train()
        if not trained.codes:
            raise WorkbenchError(
                f"'{suggester.source}' has no code on {MIN_EXAMPLES} or more units yet: "
                "nothing to learn from"
            )
        found = suggester.suggest(transcript, top, min_confidence)
    header = ["transcript", "start", "end", "code", "confidence", "text"]
    rows = [
        [s.transcript, str(s.start), str(s.end), s.code, f"{s.confidence:.2f}", s.excerpt]
        for s in found
    ]
    if csv_out is not None:
        _write_csv(header, rows, csv_out)
        return
    if rows:
        print_table([header, *rows])
    else:
        click.echo(f"no suggestion at confidence {min_confidence:.2f} or more")
    if trained.too_few:
        few = ", ".join(f"{code} ({n})" for code, n in trained.too_few.items())
        click.echo(f"not enough examples (under {MIN_EXAMPLES} coded units): {few}")


def _evaluate(suggester: object, csv_out: Path | None) -> None:
    from workbench.assist.suggest import Suggester
    from workbench.assist.suggest_eval import EVALUATION_COLUMNS, evaluate, evaluation_rows

    assert isinstance(suggester, Suggester)
    result = evaluate(suggester.corpus, suggester.counts, suggester.labels())
    rows = evaluation_rows(result)
    if csv_out is not None:
        _write_csv(list(EVALUATION_COLUMNS), rows, csv_out)
        return
    click.echo(
        f"{result.coder}: {counted(result.units, 'unit')} of "
        f"{counted(result.transcripts, 'transcript')}, "
        f"{result.folds}-fold cross-validation by transcript"
    )
    print_table([list(EVALUATION_COLUMNS), *rows], right_from=1)


def _write_csv(header: list[str], rows: list[list[str]], out: Path) -> None:
    from workbench.cli.base import write_output
    from workbench.text.csvwrite import csv_rows

    write_output(csv_rows([header, *rows]), out)
