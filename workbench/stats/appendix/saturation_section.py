"""The appendix's saturation section: Guest, Namey & Chen's rule, the new codes each interview
added, the point reached overall and per group, and the cumulative curve."""

from __future__ import annotations

import pandas as pd

from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Image, Paragraph, Section, Table, slug
from workbench.stats.saturation import (
    ALL,
    SaturationRule,
    cumulative_curve,
    saturation_summary,
    saturation_table,
)
from workbench.stats.saturation_chart import saturation_chart
from workbench.text.words import counted

SATURATION = ("Saturation", "saturation")  # title, anchor: the report links to it
CITATION = (
    'Guest, G., Namey, E. & Chen, M. (2020). "A simple method to assess and report thematic '
    'saturation in qualitative research". PLOS ONE 15(5): e0232076.'
)
CURVE_AFTER = "as in Guest, Bunce & Johnson 2006"


def saturation_section(study: AppendixStudy) -> Section:
    """The rule, the table of new codes per interview, the points, the figure."""
    rule, order, data = study.options.saturation, study.options.order, study.data
    ordered = f"by {order}" if order else "in the order they were imported"
    runs = "runs slide one interview at a time" if rule.runs == "rolling" else "runs follow on"
    blocks: list[Block] = [
        Paragraph(
            f"Saturation is assessed after Guest, Namey & Chen (2020): interviews are taken "
            f"{ordered}; the codes of the first {counted(rule.base, 'interview')} are the base; "
            f"a run of {rule.run} later interviews adds new information when the codes first "
            f"seen in it exceed {rule.threshold:g}% of the base's codes. Saturation is reached "
            f"at the first run that adds no more, reported as N+{rule.run}: N interviews, "
            f"then the confirming run ({runs}). "
            f"Only interviews with coding count; the coding counted: {data.counted}."
        ),
        Paragraph(CITATION, note=True),
    ]
    table = saturation_table(data, rule, order)
    if table.empty:
        blocks.append(Paragraph("No interview has been coded yet: saturation is not reached."))
        return Section(*SATURATION, blocks)
    blocks.append(_points(study, rule))
    blocks.append(_per_interview(table, order))
    blocks += _figures(study, rule)
    return Section(*SATURATION, blocks)


def _points(study: AppendixStudy, rule: SaturationRule) -> Table:
    """One row for all interviews, then one per group when the project has the attribute."""
    options, data = study.options, study.data
    parts = [saturation_summary(data, rule, options.order)]
    if study.has(options.group_attr) and options.group_attr != options.order:
        parts.append(saturation_summary(data, rule, options.order, by=options.group_attr))
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.drop(columns=["interviews_to_saturation"])
    frame = frame.rename(
        columns={"group": options.group_attr if len(parts) > 1 else "interviews of"}
    )
    frame.iloc[0, 0] = ALL
    return Table(frame, "Saturation point, overall and per group")


def _per_interview(table: pd.DataFrame, order: str | None) -> Table:
    """Each interview's codes, then the run that starts there: `run` ("5-6"), its new codes,
    their share of the base's codes and whether it meets the threshold."""
    shown = ["position", "transcript", *([order] if order else []), "codes", "new", "cumulative"]
    frame = table[shown].rename(columns={"position": "#"})
    started = table["run"].astype(bool).tolist()
    runs = zip(started, table["new_in_run"], table["new_info_pct"], table["meets_threshold"],
               strict=True)  # fmt: skip
    cells = [
        (str(new), f"{pct:.1f}", "yes" if met else "") if on else ("", "", "")
        for on, new, pct, met in runs
    ]
    frame["run"] = table["run"]
    for number, column in enumerate(("new in run", "% of base", "met")):
        frame[column] = [row[number] for row in cells]
    frame["codes first seen here"] = table["new_codes"]
    texts = {"transcript", order, "run", "met", "codes first seen here"}
    right = tuple(column not in texts for column in frame.columns)
    return Table(frame, "New codes per interview, and the run that starts at each", right)


def _figures(study: AppendixStudy, rule: SaturationRule) -> list[Block]:
    """The curve of all interviews, then one line per group (a star where it saturated)."""
    options, data, order = study.options, study.data, study.options.order
    how = f"{rule.describe()}; order: {order or 'import'}"
    caption = f"Cumulative codes per interview ({CURVE_AFTER}), new codes as bars; {how}."
    figures: list[Block] = [
        Image(saturation_chart(cumulative_curve(data, order), rule), caption, "saturation.png")
    ]
    group = options.group_attr
    if study.has(group) and group != order:
        curve = cumulative_curve(data, order, by=group)
        caption = f"Cumulative codes in each {group}'s interviews (a star: saturation); {how}."
        png = saturation_chart(curve, rule, series=group)
        figures.append(Image(png, caption, f"saturation-by-{slug(group)}.png"))
    return figures
