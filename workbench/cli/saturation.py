"""`workbench saturation`: new codes per interview, Guest, Namey & Chen's runs, the curve."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import (
    check_outputs,
    force_option,
    main,
    print_table,
    project_option,
    write_outputs,
)
from workbench.cli.study_options import CODERS, CSV_OUT, LEVEL, study
from workbench.text.words import counted


@main.command()
@project_option
@click.option(
    "--order",
    metavar="ATTR",
    help="Interview order: this attribute (a date, a number; natural order). Default: the "
    "order they were conducted (a date, interview_date or year attribute), else transcript "
    "names.",
)
@click.option("--base", type=int, default=4, show_default=True, help="Base size (interviews).")
@click.option("--run", type=int, default=2, show_default=True, help="Run length (interviews).")
@click.option(
    "--threshold",
    type=float,
    default=5.0,
    show_default=True,
    help="New-information threshold: a run adding at most this % of the base's codes.",
)
@click.option(
    "--runs",
    type=click.Choice(["rolling", "fixed"]),
    default="rolling",
    show_default=True,
    help="Runs slide one interview at a time (the paper) or follow each other.",
)
@click.option("--by", metavar="ATTR", help="Each group of this attribute on its own.")
@LEVEL
@CODERS
@CSV_OUT
@click.option(
    "--png",
    "png_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Draw the curve to this file (.png or .svg).",
)
@click.option("--per-coder", is_flag=True, help="The picture: one curve per coder.")
@force_option
def saturation(
    project: str,
    order: str | None,
    base: int,
    run: int,
    threshold: float,
    runs: str,
    by: str | None,
    level: str,
    coders: tuple[str, ...],
    csv_out: Path | None,
    png_out: Path | None,
    per_coder: bool,
) -> None:
    """Thematic saturation (Guest, Namey & Chen 2020): the codes each interview adds, in
    order; saturation at the first run of --run interviews after the first --base that adds
    at most --threshold % of the base's codes, reported as N+run, or "not reached"."""
    from workbench.stats.charts import chart_format
    from workbench.stats.export import cell, csv_text, with_coders
    from workbench.stats.saturation import SaturationRule, assess, cumulative_curve
    from workbench.stats.saturation_chart import saturation_chart

    check_outputs(png_out, csv_out)
    rule = SaturationRule(base, run, threshold, runs)
    fmt = chart_format(png_out) if png_out is not None else ""
    with study(project, coders) as data:
        found = assess(data, rule, order, level, by)
        curve = cumulative_curve(data, order, level, by, per_coder) if png_out else None
    outputs: list[tuple[str | bytes, Path | None]] = []
    if png_out is not None and curve is not None:
        counted_as = "each coder's own" if per_coder else data.counted
        caption = f"{found.describe()}; coding counted: {counted_as}"
        series = "coder" if per_coder else by or ""
        outputs.append((saturation_chart(curve, rule, fmt, caption, series), png_out))
    if csv_out is not None:
        outputs.append((csv_text(with_coders(found.table, data.coder_names())), csv_out))
    write_outputs(*outputs)
    if csv_out is not None:
        return
    click.echo(f"coding counted: {data.counted}")
    click.echo(f"rule: {found.describe()}")
    if found.table.empty:
        click.echo("(no coded interview)")
    else:
        shown = found.table.drop(columns=["new_codes"])
        rows = [[str(c) for c in shown.columns]]
        rows += [[cell(v) for v in row] for row in shown.itertuples(index=False, name=None)]
        print_table(rows, right_from=1)
    for row in found.summary.itertuples(index=False):
        where = "" if by is None else f"{row.group}: "
        note = f" ({row.note})" if row.note else ""
        click.echo(
            f"{where}saturation {row.saturation}{note}; "
            f"{counted(row.codes, 'code')} in {counted(row.interviews, 'interview')}, "
            f"{row.base_codes} in the base"
        )
