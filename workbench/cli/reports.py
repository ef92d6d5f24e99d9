"""`workbench counts | matrix | cooccurrence | segments | cite | chart | report`."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from workbench.cli.base import (
    force_option,
    main,
    open_project,
    print_table,
    project_option,
    write_output,
)

if TYPE_CHECKING:
    import pandas as pd

    from workbench.stats.data import StudyData

F = TypeVar("F", bound=Callable[..., Any])


def level_option(default: str = "code") -> Callable[[F], F]:
    return click.option(
        "--level",
        type=click.Choice(["code", "theme"]),
        default=default,
        show_default=True,
        help="`theme` rolls child codes up into their top-level code.",
    )


def measure_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--measure",
        type=click.Choice(["segments", "transcripts", "words"]),
        default="segments",
        show_default=True,
        help=what,
    )


CITATION_ATTRIBUTES = {
    "group": "the group",
    "number": "the interview number",
    "year": "the year of the interview",
}


def citation_options(command: F) -> F:
    """--group-attr, --number-attr, --year-attr: the attributes a citation is made of."""
    for name, what in reversed(CITATION_ATTRIBUTES.items()):
        option = click.option(
            f"--{name}-attr", default=name, show_default=True, help=f"Attribute: {what}."
        )
        command = option(command)
    return command


LEVEL = level_option()
CODERS = click.option(
    "--coder",
    "coders",
    multiple=True,
    metavar="NAME",
    help="Only this coder's codings (repeat for several). Default: the consensus coder "
    "when it has codings, else every coder pooled; the output says which.",
)
BY = click.option(
    "--by",
    "by",
    multiple=True,
    metavar="ATTR",
    help="Break down by this transcript attribute, e.g. group or year (repeatable).",
)
CSV_OUT = click.option(
    "--csv",
    "csv_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write CSV to this file ('-' for stdout) instead of showing a table.",
)


@contextmanager
def _study(project: str, coders: tuple[str, ...]) -> Iterator[StudyData]:
    """The project's numbers, read once; the store stays open for texts read on demand."""
    from workbench.stats.data import load_study

    with open_project(project) as store:
        yield load_study(store, list(coders) or None, prefer_consensus=True)


def _show(frame: pd.DataFrame, csv_out: Path | None, data: StudyData) -> None:
    """CSV when asked for, else an aligned table with the numbers right-aligned; both say
    whose coding they count (the CSV in a `coders` column when no `coder` column does)."""
    from workbench.stats.export import cell, csv_text, with_coders

    if csv_out is not None:
        write_output(csv_text(with_coders(frame, data.coder_names())), csv_out)
        return
    click.echo(f"coding counted: {data.counted}")
    if frame.empty:
        click.echo("(nothing to show)")
        return
    kinds = [frame[column].dtype.kind for column in frame.columns]
    first_number = next((i for i, kind in enumerate(kinds) if kind in "iuf"), len(kinds))
    rows = [[str(column) for column in frame.columns]]
    rows += [[cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    print_table(rows, right_from=first_number)


@main.command()
@project_option
@LEVEL
@BY
@CODERS
@CSV_OUT
@force_option
@click.option("--wide", is_flag=True, help="Pivot: codes as rows, attribute values as columns.")
@measure_option("What --wide shows.")
def counts(
    project: str,
    level: str,
    by: tuple[str, ...],
    coders: tuple[str, ...],
    csv_out: Path | None,
    wide: bool,
    measure: str,
) -> None:
    """Segments, transcripts and words covered per code (or theme), coder and attribute.

    Tidy columns: theme,code,coder,<by...>,segments,transcripts,words (code is empty at
    theme level). segments = codings (at theme level, distinct spans: two codes of one
    theme on the same span count once); transcripts = transcripts with at least one;
    words = words touched by the union of a coder's spans per transcript. Codes with no
    codings show 0; merged codes are left out.
    """
    from workbench.stats import frequencies

    with _study(project, coders) as data:
        table = frequencies.counts(data, level, by)
    if wide:
        table = frequencies.wide(table, by, measure)
    _show(table, csv_out, data)


@main.command()
@project_option
@click.option(
    "--presence/--counts",
    default=False,
    help="1/0 for coded or not, or (default) the number of segments.",
)
@LEVEL
@CODERS
@CSV_OUT
@force_option
def matrix(
    project: str, presence: bool, level: str, coders: tuple[str, ...], csv_out: Path | None
) -> None:
    """Case x code matrix: transcripts as rows, attributes then one column per code.

    Cells add up the selected coders' segments (all coders unless --coder is given).
    """
    from workbench.stats.frequencies import matrix as case_matrix

    with _study(project, coders) as data:
        table = case_matrix(data, level, presence)
    _show(table, csv_out, data)


@main.command()
@project_option
@click.option(
    "--within",
    type=click.Choice(["utterance", "overlap"]),
    default="utterance",
    show_default=True,
    help="Co-occur in one utterance, or as overlapping segments.",
)
@LEVEL
@CODERS
@CSV_OUT
@force_option
def cooccurrence(
    project: str, within: str, level: str, coders: tuple[str, ...], csv_out: Path | None
) -> None:
    """Code x code co-occurrence counts, within one coder's coding.

    utterance: (coder, utterance) units holding both codes; the diagonal counts units
    with the code. overlap: pairs of one coder's segments, one of each code, that share
    a character; the diagonal counts the code's segments.
    """
    from workbench.stats.frequencies import cooccurrence as co

    with _study(project, coders) as data:
        table = co(data, level, within)
    _show(table, csv_out, data)


@main.command()
@project_option
@click.option("--code", required=True, help="Code path or name; codes below it are included.")
@BY
@CODERS
@CSV_OUT
@force_option
@click.option(
    "--md",
    "md_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write Markdown to this file ('-' for stdout).",
)
def segments(
    project: str,
    code: str,
    by: tuple[str, ...],
    coders: tuple[str, ...],
    csv_out: Path | None,
    md_out: Path | None,
) -> None:
    """Every coded segment of a code: text, transcript, speaker, attributes, coder, memo.

    Markdown on stdout unless --csv or --md names a file; --by groups the segments.
    """
    from workbench.errors import WorkbenchError
    from workbench.stats.export import csv_text
    from workbench.stats.segments import segments as coded
    from workbench.stats.segments import segments_markdown

    if csv_out is not None and md_out is not None:
        raise WorkbenchError("choose --csv or --md, not both")
    with _study(project, coders) as data:
        frame = coded(data, code, by)
        title = f"Segments: {data.path(code)} ({len(frame)})"
    if csv_out is not None:
        write_output(csv_text(frame), csv_out)
    else:
        write_output(segments_markdown(frame, title, by, counted=data.counted), md_out)


@main.command()
@project_option
@click.option("--code", help="Code path or name (default: one line per theme).")
@click.option(
    "--format",
    "template",
    default="Interview{s}, {groups}",
    show_default=True,
    help="Template with {groups}, {count}, {code} and {s} (an 's' unless one interview).",
)
@citation_options
@click.option(
    "--plural",
    "plurals",
    multiple=True,
    metavar="LABEL=PLURAL",
    help="Plural of a group label the rules get wrong, e.g. 'consul=consular staff'.",
)
@CODERS
def cite(
    project: str,
    code: str | None,
    template: str,
    group_attr: str,
    number_attr: str,
    year_attr: str,
    plurals: tuple[str, ...],
    coders: tuple[str, ...],
) -> None:
    """Footnote-style list of the interviews where a code (or codes below it) occurs.

    e.g. `Interviews, IOM officials 1, 3, 4 (2015), 13, 17 (2019); member state official 4
    (2016)`. Groups alphabetically; within a group by year, then number; a label is
    pluralised when it lists more than one interview.
    """
    from workbench.errors import WorkbenchError
    from workbench.stats.citations import check_template, citation

    check_template(template)
    overrides = {}
    for item in plurals:
        label, equals, many = item.partition("=")
        if not equals or not label.strip() or not many.strip():
            raise WorkbenchError(f"--plural takes LABEL=PLURAL, not '{item}'")
        overrides[label.strip()] = many.strip()
    attrs = {"group_attr": group_attr, "number_attr": number_attr, "year_attr": year_attr}
    with _study(project, coders) as data:
        _require_attributes(attrs, data.attribute_names)
        # On stderr: stdout is the footnote, to be pasted as it is.
        counted = f"coding counted: {data.counted}"
        if code is not None:
            line = citation(data, code, template, plurals=overrides, **attrs)
            if not line:
                raise WorkbenchError(f"no codings of '{data.path(code)}' (or codes below it)")
            click.echo(counted, err=True)
            click.echo(line)
            return
        click.echo(counted, err=True)
        themes = data.code_rows("theme")
        for theme_id, path in zip(themes.index.tolist(), themes["path"].tolist(), strict=True):
            line = citation(data, theme_id, template, plurals=overrides, **attrs)
            click.echo(f"{path}: {line or '(no codings)'}")


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
    with _study(project, coders) as data:
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
        _require_attributes(named, store.attribute_names())
        page = build_report(store, list(coders) or None, options)
    write_output(page, out)


def _require_attributes(attrs: dict[str, str], have: Sequence[str]) -> None:
    """Each attribute named by an option (`group_attr` -> --group-attr) must exist."""
    from workbench.errors import WorkbenchError

    for key, name in attrs.items():
        if name not in have:
            known = ", ".join(dict.fromkeys(have)) or "none"
            option = "--" + key.replace("_", "-")
            raise WorkbenchError(
                f"no attribute '{name}' in this project (have: {known}); "
                f"name the one to use with {option}"
            )
