"""`workbench search` and `workbench autocode`: study-wide keyword in context, auto-coding."""

from __future__ import annotations

from pathlib import Path

import click

from workbench.cli.base import force_option, main, open_project, project_option, write_output
from workbench.text.words import counted

WHERE = click.option(
    "--where",
    "where",
    multiple=True,
    metavar="ATTR=VALUE",
    help="Only transcripts whose attribute has this value (e.g. group=NGO); repeatable.",
)
PREVIEW_WIDTH = 70  # characters of a unit a preview quotes


@main.command("search")
@project_option
@click.argument("pattern")
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression (case ignored).")
@click.option(
    "--speaker",
    help="Only what this speaker says; case ignored, and a role takes its numbered "
    "variants ('Respondent' matches 'RESPONDENT 1', 'Respondent B').",
)
@click.option("--code", help="Only inside passages coded with this code (or codes below it).")
@click.option(
    "--coder",
    help="Search as this coder: their codings of --code, and blind coding's view of the rest.",
)
@WHERE
@click.option("--csv", "out", type=click.Path(path_type=Path), help="Write the hits as CSV.")
@force_option
def search_command(
    project: str,
    pattern: str,
    regex: bool,
    speaker: str | None,
    code: str | None,
    coder: str | None,
    where: tuple[str, ...],
    out: Path | None,
) -> None:
    """Find PATTERN (a phrase, ignoring case) in every transcript: each hit with its
    transcript, utterance, speaker, offsets, the words around it and the codes on it."""
    from workbench.assist.search import (
        SearchError,
        SearchQuery,
        hits_csv,
        load_corpus,
        parse_where,
        search,
        speaker_note,
    )

    query = SearchQuery(pattern, regex, speaker, code, coder, parse_where(where))
    with open_project(project) as store:
        corpus = load_corpus(store, coder)
        hits = search(corpus, query)
    note = speaker_note(corpus, query)
    if note:
        click.echo(note, err=True)
    if not hits:
        raise SearchError(f"no hits for '{pattern}'")
    transcripts = len({hit.transcript for hit in hits})
    summary = f"{counted(len(hits), 'hit')} in {counted(transcripts, 'transcript')}"
    if out is not None:
        write_output(hits_csv(hits), out)
        click.echo(summary, err=True)
        return
    for hit in hits:
        codes = f"  ({'; '.join(hit.codes)})" if hit.codes else ""
        where_said = f"{hit.transcript} #{hit.utterance} {hit.speaker or '-'}"
        click.echo(f"{where_said} [{hit.start}, {hit.end}): {hit.line()}{codes}")
    click.echo(summary, err=True)


@main.command("autocode")
@project_option
@click.option("--coder", required=True, help="Whose codings: a coder of the project.")
@click.option("--code", required=True, help="The code to apply (a name or Parent/Child path).")
@click.option(
    "--speaker",
    help="Code every utterance of this speaker; case ignored, and a role takes its numbered "
    "variants ('Interviewer' matches 'INTERVIEWER 2').",
)
@click.option("--pattern", help="Code every match of this regular expression (case ignored).")
@click.option(
    "--unit",
    type=click.Choice(["utterance", "sentence", "match"]),
    help="With --pattern: code the utterance (default), the sentence or the match itself.",
)
@WHERE
@click.option("--apply", "apply", is_flag=True, help="Make the codings (else: preview only).")
def autocode_command(
    project: str,
    coder: str,
    code: str,
    speaker: str | None,
    pattern: str | None,
    unit: str | None,
    where: tuple[str, ...],
    apply: bool,
) -> None:
    """Code every utterance of a speaker, or every match of a pattern, with CODE: a preview
    (how many passages, the first ones) unless --apply; the run is one action for undo."""
    from workbench.assist.autocode import apply_plan, plan_by_pattern, plan_by_speaker
    from workbench.assist.search import SearchError, load_corpus, parse_where
    from workbench.coding.desk import CoderDesk

    if (speaker is None) == (pattern is None):
        raise SearchError("give either --speaker NAME or --pattern REGEX")
    if unit is not None and pattern is None:
        raise SearchError("--unit goes with --pattern (--speaker codes whole utterances)")
    pairs = parse_where(where)
    with open_project(project) as store:
        corpus = load_corpus(store, coder)
        if coder.strip() not in corpus.coders:
            # Thousands of codings under a mistyped name would be a new coder's: refuse.
            raise SearchError(
                f"no coder named '{coder}' in the project (a new coder starts with one "
                "coding: workbench codings add, or the TUI)"
            )
        if speaker is not None:
            plan = plan_by_speaker(corpus, code, speaker, pairs)
        else:
            assert pattern is not None
            plan = plan_by_pattern(corpus, code, pattern, unit or "utterance", None, pairs)
        if plan.note:
            click.echo(plan.note, err=True)
        if apply:
            done = apply_plan(CoderDesk(store, coder), plan)
    where_coded = f"{counted(plan.transcripts, 'transcript')} with {plan.code}"
    if not apply:
        click.echo(f"would code {counted(len(plan.units), 'passage')} in {where_coded}:")
        for unit_ in plan.preview():
            text = " ".join(unit_.text.split())
            text = text if len(text) <= PREVIEW_WIDTH else text[: PREVIEW_WIDTH - 1] + "…"
            click.echo(f"  {unit_.transcript} [{unit_.start}, {unit_.end}) {unit_.speaker}: {text}")
        if len(plan.units) > len(plan.preview()):
            click.echo(f"  and {len(plan.units) - len(plan.preview())} more")
        click.echo("nothing written: add --apply to code them")
        return
    already = f" ({done.already} had it from {coder} already)" if done.already else ""
    click.echo(
        f"coded {counted(done.coded, 'passage')} in {counted(done.transcripts, 'transcript')} "
        f"with {done.code}{already}: `workbench undo` takes the run back"
    )
