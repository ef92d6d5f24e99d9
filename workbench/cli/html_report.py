"""`workbench chart | report`: a bar chart of frequencies and the one-page HTML report."""

from __future__ import annotations

from pathlib import Path

import click
from click.core import ParameterSource

from workbench.cli.base import force_option, main, open_project, project_option, write_output
from workbench.cli.study_options import (
    BY,
    CODERS,
    citation_options,
    level_option,
    measure_option,
    require_attributes,
    study,
)


@main.command()
@project_option
@BY
@level_option("theme")
@measure_option("What the bars show.")
@CODERS
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The chart file: .png or .svg.",
)
@force_option
def chart(
    project: str,
    by: tuple[str, ...],
    level: str,
    measure: str,
    coders: tuple[str, ...],
    out: Path,
) -> None:
    """Bar chart of frequencies: bars per attribute value (--by) or per coder."""
    from workbench.stats.charts import chart_format, frequency_chart
    from workbench.stats.frequencies import counts as count

    fmt = chart_format(out)
    with study(project, coders) as data:
        table = count(data, level, by)
    caption = f"coding counted: {data.counted}"
    write_output(frequency_chart(table, fmt, by, measure, caption=caption), out)


@main.command()
@project_option
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The HTML file to write.",
)
@force_option
@click.option("--by", help="Attribute of the crosstab and chart (default: group, if present).")
@click.option("--quotes", default=3, show_default=True, type=int, help="Exemplar quotes per code.")
@click.option("--no-chart", is_flag=True, help="Leave the bar chart out (a smaller file).")
@click.option(
    "--appendix",
    metavar="HREF",
    help="Link to the sections of this HTML methods appendix (`workbench appendix`), "
    "e.g. appendix.html beside the report.",
)
@citation_options
@CODERS
def report(
    project: str,
    out: Path,
    by: str | None,
    quotes: int,
    no_chart: bool,
    appendix: str | None,
    group_attr: str,
    number_attr: str,
    year_attr: str,
    coders: tuple[str, ...],
) -> None:
    """One self-contained HTML page: codebook, frequencies by theme and group, agreement
    (with more than one coder), and exemplar quotes with their sources."""
    from workbench.stats.report import ReportOptions, build_report

    options = ReportOptions(
        by=by,
        quotes=quotes,
        chart=not no_chart,
        group_attr=group_attr,
        number_attr=number_attr,
        year_attr=year_attr,
        appendix=appendix,
    )
    # Citations are left out of a report on a project without these attributes, unless
    # they were asked for by name.
    context = click.get_current_context()
    named = {
        key: value
        for key, value in (
            ("group_attr", group_attr),
            ("number_attr", number_attr),
            ("year_attr", year_attr),
        )
        if context.get_parameter_source(key) is ParameterSource.COMMANDLINE
    }
    with open_project(project) as store:
        require_attributes(named, store.attribute_names())
        page = build_report(store, list(coders) or None, options)
    write_output(page, out)
    if appendix is not None and _missing_beside(appendix, out):
        click.echo(
            f"warning: {appendix} does not exist beside {out} (yet): its links work once "
            f"`workbench appendix --out` writes it there",
            err=True,
        )


def _missing_beside(href: str, page: Path) -> bool:
    """Whether a relative link `href` from `page` names no file (a URL is not checked)."""
    from urllib.parse import unquote, urlsplit

    link = urlsplit(href)
    if link.scheme or link.netloc or not link.path:
        return False
    return not (page.parent / unquote(link.path)).is_file()
