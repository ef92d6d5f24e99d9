"""`workbench counts | matrix | cooccurrence | segments | cite`: the study's numbers as tables."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench.cli.base import force_option, main, project_option, write_output
from workbench.cli.study_options import (
    BY,
    CODERS,
    CSV_OUT,
    LEVEL,
    citation_options,
    measure_option,
    require_attributes,
    show,
    study,
)

if TYPE_CHECKING:
    import pandas as pd


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

    with study(project, coders) as data:
        table = frequencies.counts(data, level, by)
    if wide:
        table = frequencies.wide(table, by, measure)
    show(table, csv_out, data)


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

    with study(project, coders) as data:
        table = case_matrix(data, level, presence)
    show(table, csv_out, data)


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

    with study(project, coders) as data:
        table = co(data, level, within)
    show(table if csv_out is not None else numbered_codes(table), csv_out, data)


def numbered_codes(table: pd.DataFrame) -> pd.DataFrame:
    """The code x code table for a terminal: each row its number and its code (the name,
    indented under its parent), each column only the number, as full paths across are
    hundreds of characters wide."""
    paths = list(table["code"])
    shown = table.drop(columns="code")
    shown.columns = [str(number) for number in range(1, len(paths) + 1)]
    width = len(str(len(paths)))
    names = [
        f"{number:>{width}} {'  ' * path.count('/')}{path.rsplit('/', 1)[-1]}"
        for number, path in enumerate(paths, start=1)
    ]
    shown.insert(0, "code", names)
    return shown


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
    with study(project, coders) as data:
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
    with study(project, coders) as data:
        require_attributes(attrs, data.attribute_names)
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
