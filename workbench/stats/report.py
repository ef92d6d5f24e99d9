"""One self-contained HTML page: codebook, frequencies, agreement, exemplar quotes.

Inline CSS, the chart as inline SVG, no scripts and nothing fetched: the file can be mailed
or archived as it is. Every text from the store is escaped, so a transcript holding `<b>`
or `[inaudible]` shows exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS
from workbench.codebook import reading
from workbench.domain import CodeInfo
from workbench.errors import WorkbenchError
from workbench.stats import report_html as h
from workbench.stats.citations import CitedInterview, citation, format_citation
from workbench.stats.data import StudyData, load_study, natural_key
from workbench.stats.frequencies import counts, wide
from workbench.stats.segments import segments
from workbench.store.project import Project
from workbench.text.words import counted


@dataclass(frozen=True)
class ReportOptions:
    """`by`: the attribute of the crosstab (default `group` when the project has it);
    `quotes`: exemplar quotes per code; `chart`: embed the bar chart; `appendix`: the
    address of the HTML methods appendix (`workbench appendix`), linked to by section."""

    by: str | None = None
    quotes: int = 3
    chart: bool = True
    group_attr: str = "group"
    number_attr: str = "number"
    year_attr: str = "year"
    appendix: str | None = None


def build_report(
    project: Project,
    coders: Sequence[str] | None = None,
    options: ReportOptions | None = None,
    agreement: pd.DataFrame | None = None,
) -> str:
    """The report as HTML text. `agreement`, when given (e.g. the agreement command's
    table), replaces the descriptive utterance-overlap summary."""
    options = options or ReportOptions()
    if options.quotes < 0:
        raise WorkbenchError("--quotes must be 0 or more")
    data = load_study(project, coders, prefer_consensus=True)
    by = options.by
    if by is None and options.group_attr in data.attribute_names:
        by = options.group_attr
    if by is not None:
        data.check_attributes([by])
    title = project.setting("codebook.name", "Codebook")
    body = [f"<h1>Report: {h.text(title)}</h1>", _summary(data)]
    if options.appendix:
        body.append(_appendix_links(options.appendix))
    body += _codebook(reading.codes(project), project.setting("codebook.description"))
    body += _frequencies(data, by, options.chart)
    body += _agreement(data, coders, agreement)
    body += _quotes(data, options)
    return h.page(f"Report: {title}", body)


def _summary(data: StudyData) -> str:
    themes = len(data.code_rows("theme"))
    return (
        f'<p class="note">{counted(len(data.transcripts), "transcript")}; '
        f"{counted(len(data.codings), 'coding')}; "
        f"{counted(len(data.code_rows('code')), 'code')} in {counted(themes, 'theme')}.</p>"
        "\n"
        f'<p class="counted">Coding counted: {h.text(data.counted)}.</p>'
    )


def _appendix_links(href: str) -> str:
    """A line of links to the methods appendix's sections (the study, the codebook as a
    document, the coding process), which this report does not repeat."""
    from workbench.stats.appendix import CONTENTS

    links = ", ".join(
        f'<a href="{h.text(href)}#{anchor}">{h.text(title.lower())}</a>'
        for title, anchor in CONTENTS
    )
    return f'<p class="counted">Methods appendix: {links}.</p>'


def _codebook(codes: list[CodeInfo], description: str) -> list[str]:
    out = ['<h2 id="codebook">Codebook</h2>']
    if description:
        out.append(f'<p class="def">{h.text(description)}</p>')
    children: dict[str | None, list[CodeInfo]] = {}
    for code in codes:
        children.setdefault(code.parent_path, []).append(code)

    def tree(parent: str | None) -> list[str]:
        lines = ["<ul>"]
        for code in children.get(parent, []):
            lines.append(f"<li>{_code_label(code)}")
            if code.description:
                lines.append(f'<p class="def">{h.text(code.description)}</p>')
            if code.path in children:
                lines += tree(code.path)
            lines.append("</li>")
        return [*lines, "</ul>"]

    return out + tree(None) if codes else [*out, '<p class="note">No codes.</p>']


def _code_label(code: CodeInfo) -> str:
    swatch = ""
    if code.colour:
        swatch = f'<span class="swatch" style="background:{h.text(code.colour)}"></span>'
    status = ""
    if code.status == "merged":
        status = f'<span class="status">merged into {h.text(code.merged_into or "")}</span>'
    elif code.status == "retired":
        status = '<span class="status">retired</span>'
    return f"{swatch}<strong>{h.text(code.name)}</strong>{status}"


def _frequencies(data: StudyData, by: str | None, chart: bool) -> list[str]:
    from workbench.stats.charts import frequency_chart

    themes = counts(data, "theme")
    out = ['<h2 id="frequencies">Frequencies by theme</h2>']
    out.append(
        '<p class="note">segments: codings (one per distinct span within a theme); '
        "transcripts: transcripts with at least one; words: words covered by the union of "
        "a coder's spans per transcript.</p>"
    )
    if themes.empty:
        return [*out, '<p class="note">No coders have coded yet.</p>']
    out.append(h.table(themes.drop(columns=["code"])))
    if by is not None:
        crossed = counts(data, "theme", [by])
        out.append(f'<h3 id="by-{h.text(by)}">Segments by theme and {h.text(by)}</h3>')
        out.append(h.table(wide(crossed, [by]).drop(columns=["code"])))
        if chart and len(crossed):
            out.append(f"<figure>{h.inline_svg(frequency_chart(crossed, 'svg', [by]))}</figure>")
    elif chart and len(themes):
        out.append(f"<figure>{h.inline_svg(frequency_chart(themes, 'svg'))}</figure>")
    return out


def _agreement(
    data: StudyData, chosen: Sequence[str] | None, given: pd.DataFrame | None
) -> list[str]:
    """Chance-corrected agreement per code on utterance units, as `workbench agreement`
    computes it for the coders compared (those chosen, else every coder who has coded, but
    the consensus coder) on the transcripts it would choose; both are named."""
    from workbench.agreement.report import agreement_report
    from workbench.agreement.table import main_table
    from workbench.stats.data import coders_who_coded

    named = list(chosen) if chosen else coders_who_coded(data.project)
    coders = sorted((name for name in named if name != DEFAULT_CONSENSUS), key=natural_key)
    if given is None and len(coders) < 2:
        return []
    out = ['<h2 id="agreement">Agreement</h2>']
    if given is not None:
        return [*out, h.table(given)]
    command = f"workbench agreement --coders {','.join(coders)} --unit utterance"
    try:
        report = agreement_report(data.project, coders, "utterance")
    except WorkbenchError as error:  # e.g. no transcript that every coder has coded
        return [
            *out,
            f'<p class="note">Not computed ({h.text(command)}): {h.text(str(error))}.</p>',
        ]

    spec = main_table(report)  # the table `workbench agreement` prints
    table = pd.DataFrame(
        [row.cells for row in spec.rows], columns=[c.header or "note" for c in spec.columns]
    )
    who = "chosen with --coder" if chosen else "every coder who has coded, but the consensus coder"
    out.append(
        f'<p class="counted">Coders compared: {h.text(", ".join(report.coders))} ({who}). '
        f"{h.text(counted(len(report.transcripts), 'transcript'))} "
        f"({h.text(report.transcript_rule)}): {h.text(', '.join(report.transcripts))}.</p>"
    )
    out.append(
        f'<p class="note">As <code>{h.text(command)}</code>. '
        f"Unit: {h.text(report.unit_rule)}. Pooled row: {h.text(report.pooling)}.</p>"
    )
    if report.outside_note:
        out.append(f'<p class="note">{h.text(report.outside_note)}.</p>')
    out.append(h.table(table, right=[column.align == "right" for column in spec.columns]))
    notes = [spec.warning, *spec.notes] if spec.warning else list(spec.notes)
    out += [f'<p class="note">{h.text(note)}</p>' for note in notes]
    return out


def _quotes(data: StudyData, options: ReportOptions) -> list[str]:
    if options.quotes == 0:
        return []
    out = ['<h2 id="quotes">Exemplar quotes</h2>']
    cite_attrs = (options.group_attr, options.number_attr, options.year_attr)
    can_cite = all(name in data.attribute_names for name in cite_attrs)
    found = segments(data, None)
    rows = data.code_rows("code")
    for code_id, path, order in zip(
        rows.index.tolist(), rows["path"].tolist(), rows["order"].tolist(), strict=True
    ):
        out.append(f'<h3 id="{h.anchor(order, path)}">{h.text(path)}</h3>')
        if can_cite:
            line = citation(
                data,
                code_id,
                group_attr=cite_attrs[0],
                number_attr=cite_attrs[1],
                year_attr=cite_attrs[2],
            )
            if line:
                out.append(f'<p class="cite">{h.text(line)}</p>')
        chosen = exemplars(found[found["code"] == path], options.quotes)
        if chosen.empty:
            out.append('<p class="note">No codings.</p>')
        for quote in chosen.to_dict("records"):
            where = str(quote["transcript"])
            if quote["time"]:
                where += f" at {quote['time']}"
            if quote["speaker"]:
                where += f", {quote['speaker']}"
            sources = [_source(quote, cite_attrs)] if can_cite else []
            footer = "; ".join([*sources, where, f"coded by {quote['coder']}"])
            out += [
                "<blockquote>",
                f"<p>{h.paragraphs(str(quote['text']))}</p>",
                f"<footer>— {h.text(footer)}</footer>",
                "</blockquote>",
            ]
    return out


def _source(quote: dict[str, object], attrs: tuple[str, str, str]) -> str:
    group, number, year = (str(quote[name]) for name in attrs)
    transcript = str(quote["transcript"])
    interview = CitedInterview(transcript, group, number or transcript, year)
    return format_citation([interview], "{groups}")


def exemplars(frame: pd.DataFrame, limit: int) -> pd.DataFrame:
    """Up to `limit` segments, spread over transcripts: each transcript's first passage in
    turn, then second ones; a passage overlapping one already chosen (another coder's
    coding of the same words) is skipped. `frame` is in transcript and text order."""
    kept: dict[str, list[tuple[int, int]]] = {}
    rounds: list[tuple[int, int, int]] = []
    order = {name: rank for rank, name in enumerate(dict.fromkeys(frame["transcript"]))}
    for position, (name, start, end) in enumerate(
        frame[["transcript", "start", "end"]].itertuples(index=False, name=None)
    ):
        spans = kept.setdefault(name, [])
        if any(start < other_end and other_start < end for other_start, other_end in spans):
            continue
        spans.append((start, end))
        rounds.append((len(spans), order[name], position))
    picked = [position for _, _, position in sorted(rounds)[:limit]]
    return frame.iloc[sorted(picked)]
