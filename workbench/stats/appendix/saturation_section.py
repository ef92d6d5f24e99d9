"""The appendix's saturation section: Guest, Namey & Chen's rule, the new codes each interview
added, the point reached overall and per group, and the cumulative curve."""

from __future__ import annotations

import pandas as pd

from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Image, Paragraph, Section, Table, slug
from workbench.stats.interview_order import InterviewOrder
from workbench.stats.saturation import (
    ALL,
    Saturation,
    SaturationRule,
    assess,
    cumulative_curve,
    saturation_summary,
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
    """The rule, the points (per group only if a group could reach one), the table of new
    codes per interview, the figures."""
    rule, data = study.options.saturation, study.data
    found = assess(data, rule, study.options.order)
    chosen = found.order
    runs = "runs slide one interview at a time" if rule.runs == "rolling" else "runs follow on"
    blocks: list[Block] = [
        Paragraph(
            f"Saturation is assessed after Guest, Namey & Chen (2020): interviews are taken "
            f"{chosen.sentence()}; the codes of the first {counted(rule.base, 'interview')} are "
            f"the base; a run of {rule.run} later interviews adds new information when the "
            f"codes first seen in it exceed {rule.threshold:g}% of the base's codes. "
            f"Saturation is reached at the first run that adds no more, reported as "
            f"N+{rule.run}: N interviews, then the confirming run ({runs}). "
            f"Only interviews with coding count; the coding counted: {data.counted}."
        ),
        Paragraph(CITATION, note=True),
    ]
    table = found.table
    if table.empty:
        blocks.append(Paragraph("No interview has been coded yet: saturation is not reached."))
        return Section(*SATURATION, blocks)
    groups = _groups(study, rule)
    assessed = groups is not None and bool((groups["interviews"] >= rule.base + rule.run).any())
    blocks += _points(study, found, groups, assessed)
    blocks.append(_per_interview(table, chosen))
    blocks += _figures(study, found, assessed)
    return Section(*SATURATION, blocks)


def _groups(study: AppendixStudy, rule: SaturationRule) -> pd.DataFrame | None:
    """Each group's point, when the project has the group attribute (and does not order the
    interviews by it)."""
    options = study.options
    if not study.has(options.group_attr) or options.group_attr == options.order:
        return None
    return saturation_summary(study.data, rule, options.order, by=options.group_attr)


def _points(
    study: AppendixStudy, found: Saturation, groups: pd.DataFrame | None, assessed: bool
) -> list[Block]:
    """One row for all interviews, then one per group; when no group has interviews enough
    for a base and a run, one sentence says so instead of a "not reached" row per group."""
    group, rule = study.options.group_attr, found.rule
    frame = pd.concat([found.summary, *([groups] if assessed else [])], ignore_index=True)
    frame = frame.drop(columns=["interviews_to_saturation"])
    frame = frame.rename(columns={"group": group if assessed else "interviews of"})
    frame.iloc[0, 0] = ALL
    if assessed or groups is None:
        caption = "Saturation point, overall and per group" if assessed else "Saturation point"
        return [Table(frame, caption)]
    largest = groups.loc[groups["interviews"].idxmax()]
    return [
        Table(frame, "Saturation point"),
        Paragraph(
            f"Saturation is not assessed per {group}: too few interviews per {group} for a "
            f"base of {rule.base} and a run of {rule.run} (at most "
            f"{counted(int(largest['interviews']), 'interview')}, {largest['group']})."
        ),
    ]


def _per_interview(table: pd.DataFrame, chosen: InterviewOrder) -> Table:
    """Each interview's codes, then the run that starts there: `run` ("5-6"), its new codes,
    their share of the base's codes and whether it meets the threshold."""
    order = chosen.attribute
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


def _figures(study: AppendixStudy, found: Saturation, per_group: bool) -> list[Block]:
    """The curve of all interviews, then one line per group (a star where it saturated) when
    a group could saturate."""
    data, order, rule, how = study.data, study.options.order, found.rule, found.describe()
    caption = f"Cumulative codes per interview ({CURVE_AFTER}), new codes as bars; {how}."
    figures: list[Block] = [
        Image(saturation_chart(cumulative_curve(data, order), rule), caption, "saturation.png")
    ]
    if per_group:
        group = study.options.group_attr
        curve = cumulative_curve(data, order, by=group)
        caption = f"Cumulative codes in each {group}'s interviews (a star: saturation); {how}."
        png = saturation_chart(curve, rule, series=group)
        figures.append(Image(png, caption, f"saturation-by-{slug(group)}.png"))
    return figures
