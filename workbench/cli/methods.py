"""`workbench words | appendix`: word frequencies and keyness; the methods appendix."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import (
    check_outputs,
    force_option,
    main,
    open_project,
    project_option,
    write_outputs,
)
from workbench.cli.study_options import CODERS, CSV_OUT, citation_options, show, study


@main.command()
@project_option
@click.option("--code", help="Only the words of this code's segments (codes below it included).")
@click.option(
    "--by",
    "by",
    multiple=True,
    metavar="ATTR",
    help="Count per value of this transcript attribute, e.g. group (repeatable).",
)
@click.option("--top", type=int, help="Keep this many words (per value of --by).")
@click.option(
    "--stop-words",
    "language",
    default="english",
    show_default=True,
    metavar="LANG",
    help="Stop list to leave out: a language (english, german, french, ...) or none.",
)
@click.option("--stem", is_flag=True, help="Reduce words with the language's Snowball stemmer.")
@click.option(
    "--keyness",
    is_flag=True,
    help="With --code: the words that set the code's segments apart from the rest of the text "
    "(log-odds with an informative Dirichlet prior, its z, and log-likelihood G2).",
)
@CODERS
@CSV_OUT
@force_option
def words(
    project: str,
    code: str | None,
    by: tuple[str, ...],
    top: int | None,
    language: str,
    stem: bool,
    keyness: bool,
    coders: tuple[str, ...],
    csv_out: Path | None,
) -> None:
    """Word frequencies in all text, a code's segments (--code) or per group (--by).

    Columns: <by...>,word,count,transcripts,per_1000 (per 1,000 running words of the
    scope, stop words included). A word is a run of letters (inner apostrophes kept),
    case-folded; a code's segments are the union of its spans, whole words. --keyness
    columns: word,code,rest,code_per_1000,rest_per_1000,log_odds,z,g2, largest z first.
    """
    from workbench.errors import WorkbenchError
    from workbench.stats import words as counting

    if keyness and code is None:
        raise WorkbenchError("--keyness compares a code's segments with the rest: give --code")
    if keyness and by:
        raise WorkbenchError("--keyness compares a code with all the rest: leave out --by")
    with study(project, coders) as data:
        if keyness:
            assert code is not None
            table = counting.keyness(data, code, language, stem, top)
        else:
            table = counting.word_frequencies(data, code, by, language, stem, top)
    show(table, csv_out, data)


@main.command()
@project_option
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The file to write: .docx, .md or .html. DOCX and HTML hold the figures; beside a "
    ".md file each figure is written as a PNG named after it (OUT-saturation.png, ...), "
    "which the Markdown links to.",
)
@force_option
@citation_options
@click.option(
    "--unit",
    type=click.Choice(["utterance", "sentence", "character", "span"]),
    default="utterance",
    show_default=True,
    help="The unit of the agreement figures.",
)
@click.option(
    "--order",
    metavar="ATTR",
    help="Saturation: the interviews' order, by this attribute. Default: as conducted (a date, "
    "interview_date or year attribute), else transcript names.",
)
@click.option("--base", type=int, default=4, show_default=True, help="Saturation: base size.")
@click.option("--run", type=int, default=2, show_default=True, help="Saturation: run length.")
@click.option(
    "--threshold",
    type=float,
    default=5.0,
    show_default=True,
    help="Saturation: new-information threshold, % of the base's codes.",
)
@CODERS
def appendix(
    project: str,
    out: Path,
    group_attr: str,
    number_attr: str,
    year_attr: str,
    unit: str,
    order: str | None,
    base: int,
    run: int,
    threshold: float,
    coders: tuple[str, ...],
) -> None:
    """A methods appendix: the study (interviews by group and year), the codebook as a
    document (definitions, include/exclude, an example quote with its citation, codings and
    interviews per code and group), the coding process (coders, transcripts each coded,
    agreement per code and pooled, how disagreements were settled), saturation (Guest, Namey
    & Chen 2020: new codes per interview, the point overall and per group, the curves) and
    the codebook's evolution (every change, who and why, in-vivo codes marked, a timeline)."""
    from workbench.stats.appendix import (
        AppendixOptions,
        build_appendix,
        check_format,
        figure_files,
        render,
    )
    from workbench.stats.saturation import SaturationRule

    kind = check_format(out.suffix)
    options = AppendixOptions(
        group_attr=group_attr,
        number_attr=number_attr,
        year_attr=year_attr,
        unit=unit,
        order=order,
        saturation=SaturationRule(base, run, threshold),
    )
    with open_project(project) as store:
        document = build_appendix(store, list(coders) or None, options)
    prefix = f"{out.stem}-"
    figures = figure_files(document, prefix) if kind == ".md" else {}
    check_outputs(out, *(out.with_name(name) for name in figures))  # before the rendering
    outputs = [(png, out.with_name(name)) for name, png in figures.items()]
    write_outputs(*outputs, (render(document, out.suffix, prefix), out))
