"""Thematic saturation: new codes per interview, Guest, Namey & Chen's (2020) runs, the curve.

Guest, Namey & Chen (2020), "A simple method to assess and report thematic saturation in
qualitative research", PLOS ONE 15(5): e0232076. Interviews are taken in order (the order
they were conducted unless told: `interview_order.choose_order`); the first
`base` of them are the base, and the codes they hold are its unique codes. A run is `run`
interviews after the base; its new information is the number of codes first seen in the run
divided by the base's unique codes. Saturation is reached at the first run whose new
information is at most the threshold, reported as "N+R": N interviews, then a confirming
run of R that added (almost) nothing. The paper's runs slide one interview at a time
(`rolling`); `fixed` runs follow each other without overlapping. The base never changes.
The paper suggests a base of 4, runs of 2 and a threshold of 5% (and 0% to be stricter).

The cumulative curve (Guest, Bunce & Johnson 2006) is the number of distinct codes seen
after each interview. An interview is a transcript with at least one of the counted codings:
one nobody has coded yet would otherwise read as "nothing new" and fake saturation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, check_level, natural_key
from workbench.stats.interview_order import InterviewOrder, choose_order, interview_order
from workbench.text.words import counted

RUNS = ("rolling", "fixed")
ALL = "all interviews"  # the group of a table without --by
NO_VALUE = "(no value)"


@dataclass(frozen=True)
class SaturationRule:
    """Base size, run length and new-information threshold (a percentage of the base's codes)."""

    base: int = 4
    run: int = 2
    threshold: float = 5.0
    runs: str = "rolling"

    def __post_init__(self) -> None:
        if self.base < 1:
            raise WorkbenchError(f"--base must be at least 1, not {self.base}")
        if self.run < 1:
            raise WorkbenchError(f"--run must be at least 1, not {self.run}")
        if not 0 <= self.threshold <= 100:
            raise WorkbenchError(f"--threshold is a percentage, 0 to 100, not {self.threshold:g}")
        if self.runs not in RUNS:
            raise WorkbenchError(f"runs must be one of {', '.join(RUNS)}, not '{self.runs}'")

    def describe(self) -> str:
        return (
            f"base {self.base}, runs of {self.run} ({self.runs}), "
            f"new information <= {self.threshold:g}%"
        )


@dataclass(frozen=True)
class SaturationPoint:
    """Where saturation was reached: after `interviews`, confirmed by a run of `run`."""

    reached: bool
    interviews: int  # before the confirming run (0 when not reached)
    run: int
    base_codes: int
    total: int  # interviews in the order
    why: str = ""  # when not reached

    @property
    def label(self) -> str:
        return f"{self.interviews}+{self.run}" if self.reached else "not reached"


def run_table(new: Sequence[int], rule: SaturationRule = SaturationRule()) -> pd.DataFrame:
    """The runs over interviews that added `new[i]` codes each (in order): `first`, `last`
    (1-based positions), `new_in_run`, `base_codes`, `new_info_pct` (NaN when the base has no
    code) and `meets_threshold`."""
    counts = [int(n) for n in new]
    base_codes = sum(counts[: rule.base])
    step = 1 if rule.runs == "rolling" else rule.run
    rows = []
    for first in range(rule.base + 1, len(counts) - rule.run + 2, step):
        last = first + rule.run - 1
        in_run = sum(counts[first - 1 : last])
        pct = 100.0 * in_run / base_codes if base_codes else float("nan")
        # In whole numbers, so that 5% of 40 codes admits exactly 2 new ones.
        meets = bool(base_codes) and in_run * 100 <= rule.threshold * base_codes
        rows.append((first, last, in_run, base_codes, pct, meets))
    columns = ["first", "last", "new_in_run", "base_codes", "new_info_pct", "meets_threshold"]
    return pd.DataFrame(rows, columns=columns).astype({"meets_threshold": bool})


def saturation_point(
    new: Sequence[int], rule: SaturationRule = SaturationRule()
) -> SaturationPoint:
    """The first run that meets the threshold, or why there is none."""
    runs = run_table(new, rule)
    base_codes = sum(int(n) for n in list(new)[: rule.base])
    total = len(new)
    if total < rule.base + rule.run:
        why = f"{counted(total, 'interview')}: a base of {rule.base} and a run of {rule.run} "
        why += "need more"
        return SaturationPoint(False, 0, rule.run, base_codes, total, why)
    if base_codes == 0:
        return SaturationPoint(False, 0, rule.run, 0, total, "the base holds no code")
    met = runs[runs["meets_threshold"]]
    if met.empty:
        why = f"no run of {rule.run} added at most {rule.threshold:g}% of the base's codes"
        return SaturationPoint(False, 0, rule.run, base_codes, total, why)
    return SaturationPoint(True, int(met["first"].iloc[0]) - 1, rule.run, base_codes, total)


# -- from a project -----------------------------------------------------------------------------


def new_codes(
    data: StudyData,
    order: str | None = None,
    level: str = "code",
    by: str | None = None,
    coder: str | None = None,
) -> pd.DataFrame:
    """Per interview, in order (within each group of `by`): `group`, `position` (1-based),
    `transcript`, the value of the attribute that orders them (none when they go by name),
    `codes` (distinct codes in it), `new` (codes not seen in the group's earlier interviews),
    `cumulative` and `new_codes` (their paths, `; `-separated, in codebook order). `order`
    None: the default order (`choose_order`). `coder` counts only that coder's codings (a
    curve per coder); otherwise every counted coding together."""
    return _new_codes(data, _order(data, order, level, by), level, by, coder)


def _order(data: StudyData, order: str | None, level: str, by: str | None) -> InterviewOrder:
    """The order to take the interviews in, the request checked: `choose_order` decides."""
    check_level(level)
    if by is not None:
        data.check_attributes([by])
        if by == order:
            raise WorkbenchError(f"--by {by}: the interviews are ordered by it already")
    return choose_order(data, order, by)


def _new_codes(
    data: StudyData, chosen: InterviewOrder, level: str, by: str | None, coder: str | None
) -> pd.DataFrame:
    attribute = chosen.attribute
    codings = data.codings
    if coder is not None:
        ids = [cid for cid, name in data.coders.items() if name == coder]
        codings = codings[codings["coder_id"].isin(ids)]
    units = codings["code_id"]
    if level == "theme":
        units = units.map(data.codes["theme_id"])
    present = pd.DataFrame({"transcript_id": codings["transcript_id"], "unit": units})
    seen_in = present.drop_duplicates().groupby("transcript_id")["unit"].agg(set)
    ordered = [tid for tid in interview_order(data, chosen) if tid in seen_in.index]
    rank = data.codes["order"]
    rows = []
    groups: dict[str, set[int]] = {}
    positions: dict[str, int] = {}
    for tid in ordered:
        group = ALL if by is None else str(data.transcripts.at[tid, by]) or NO_VALUE
        seen = groups.setdefault(group, set())
        units_here = seen_in[tid]
        fresh = sorted(units_here - seen, key=lambda unit: rank[unit])
        seen |= units_here
        positions[group] = positions.get(group, 0) + 1
        rows.append(
            (
                group,
                positions[group],
                str(data.transcripts.at[tid, "name"]),
                "" if attribute is None else str(data.transcripts.at[tid, attribute]),
                len(units_here),
                len(fresh),
                len(seen),
                "; ".join(str(data.codes.at[unit, "path"]) for unit in fresh),
            )
        )
    columns = ["group", "position", "transcript", attribute or "", "codes", "new"]
    frame = pd.DataFrame(rows, columns=[*columns, "cumulative", "new_codes"])
    if attribute is None:  # by name: the transcript column is the order
        frame = frame.drop(columns=[""])
    if by is not None:
        frame = frame.rename(columns={"group": by})
        frame = frame.sort_values(by, key=lambda s: s.map(natural_key), kind="stable")
    return frame.reset_index(drop=True)


def saturation_table(
    data: StudyData,
    rule: SaturationRule = SaturationRule(),
    order: str | None = None,
    level: str = "code",
    by: str | None = None,
) -> pd.DataFrame:
    """`new_codes` with the run that starts at each interview: `run` ("5-6"), `new_in_run`,
    `new_info_pct` and `meets_threshold` (None for the base and the last interviews); the
    `new_codes` column comes last."""
    return _table(new_codes(data, order, level, by), rule, by)


def _table(frame: pd.DataFrame, rule: SaturationRule, by: str | None) -> pd.DataFrame:
    group = by or "group"
    parts = []
    for _name, rows in frame.groupby(group, sort=False):
        runs = run_table(rows["new"].tolist(), rule).set_index("first")
        rows = rows.copy()
        lasts = runs["last"].to_dict()
        rows["run"] = [f"{p}-{lasts[p]}" if p in lasts else "" for p in rows["position"]]
        # None, not NA, where no run starts: blank in a CSV cell, and plain Python values.
        for column in ("new_in_run", "new_info_pct", "meets_threshold"):
            values = runs[column].to_dict()
            rows[column] = pd.Series(
                [values.get(p) for p in rows["position"]], index=rows.index, dtype=object
            )
        parts.append(rows)
    if not parts:
        return frame.assign(run="", new_in_run=0, new_info_pct=0.0, meets_threshold=False)
    table = pd.concat(parts, ignore_index=True)
    # The codes' names last: a long list must not push the run's numbers out of sight.
    table = table[[c for c in table.columns if c != "new_codes"] + ["new_codes"]]
    return table if by else table.drop(columns=["group"])


def saturation_summary(
    data: StudyData,
    rule: SaturationRule = SaturationRule(),
    order: str | None = None,
    level: str = "code",
    by: str | None = None,
) -> pd.DataFrame:
    """One row per group (one, `all interviews`, without `by`): `group`, `interviews`,
    `codes` (distinct, in all of them), `base_codes`, `saturation` ("6+2" or "not
    reached"), `interviews_to_saturation` (0 when not reached) and `note`."""
    return _summary(new_codes(data, order, level, by), rule, by)


def _summary(frame: pd.DataFrame, rule: SaturationRule, by: str | None) -> pd.DataFrame:
    group = by or "group"
    rows = []
    for name, part in frame.groupby(group, sort=False):
        point = saturation_point(part["new"].tolist(), rule)
        last = int(part["cumulative"].iloc[-1])
        rows.append((name, point.total, last, point.base_codes, point.label, point.interviews,
                     point.why))  # fmt: skip
    columns = ["group", "interviews", "codes", "base_codes", "saturation"]
    summary = pd.DataFrame(rows, columns=[*columns, "interviews_to_saturation", "note"])
    if summary.empty:
        summary.loc[0] = [ALL, 0, 0, 0, "not reached", 0, "no coded interview"]
    return summary


@dataclass(frozen=True)
class Saturation:
    """One assessment: the order the interviews were taken in (as `choose_order` decided
    it), `saturation_table` and `saturation_summary` of them, and the rule."""

    rule: SaturationRule
    order: InterviewOrder
    table: pd.DataFrame
    summary: pd.DataFrame

    def describe(self) -> str:
        """The rule and the order, for a caption: 'base 4, ...; order: year (when ...)'."""
        return f"{self.rule.describe()}; order: {self.order.label}"


def assess(
    data: StudyData,
    rule: SaturationRule = SaturationRule(),
    order: str | None = None,
    level: str = "code",
    by: str | None = None,
) -> Saturation:
    """Saturation over the interviews taken in `order` (None: the default order), with the
    order that was used: what a report shows and says it did."""
    chosen = _order(data, order, level, by)
    frame = _new_codes(data, chosen, level, by, None)
    return Saturation(rule, chosen, _table(frame, rule, by), _summary(frame, rule, by))


def cumulative_curve(
    data: StudyData,
    order: str | None = None,
    level: str = "code",
    by: str | None = None,
    per_coder: bool = False,
) -> pd.DataFrame:
    """Distinct codes seen after each interview: `series` (a group of `by`, or with
    `per_coder` a coder, else `all interviews`), `position`, `transcript`, `new`,
    `cumulative`. Per coder, each coder's own interviews in the same order."""
    if per_coder:
        parts = [
            new_codes(data, order, level, by=None, coder=name).assign(group=name)
            for name in data.coder_names()
        ]
        frame = pd.concat(parts, ignore_index=True) if parts else new_codes(data, order, level)
        series = frame["group"]
    else:
        frame = new_codes(data, order, level, by)
        series = frame[by or "group"]
    curve = frame[["position", "transcript", "new", "cumulative"]].copy()
    curve.insert(0, "series", series.astype(str))
    return curve.reset_index(drop=True)


def curve_summary(curve: pd.DataFrame, rule: SaturationRule = SaturationRule()) -> pd.DataFrame:
    """`saturation_summary`'s columns for each series of a `cumulative_curve` (a group, or a
    coder's own interviews)."""
    rows = []
    for name, part in curve.groupby("series", sort=False):
        point = saturation_point(part["new"].tolist(), rule)
        rows.append((name, point.total, int(part["cumulative"].iloc[-1]), point.base_codes,
                     point.label, point.interviews, point.why))  # fmt: skip
    columns = ["group", "interviews", "codes", "base_codes", "saturation"]
    return pd.DataFrame(rows, columns=[*columns, "interviews_to_saturation", "note"])
