"""The saturation picture: new codes per interview as bars, the cumulative curve, the point."""

from __future__ import annotations

import io
import textwrap
from typing import TYPE_CHECKING

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.charts import FORMATS
from workbench.stats.saturation import SaturationRule, curve_summary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEW_COLOUR = "#9ecae1"
BASE_COLOUR = "#e0e0e0"
RUN_COLOUR = "#fdd49e"


def saturation_chart(
    curve: pd.DataFrame,
    rule: SaturationRule,
    fmt: str = "png",
    caption: str = "",
    series: str = "",
) -> bytes:
    """A `cumulative_curve`, each series' saturation point found by `rule`, as PNG or SVG."""
    from matplotlib import rc_context

    if fmt not in FORMATS:
        raise WorkbenchError(f"chart format must be png or svg, not '{fmt}'")
    figure = saturation_figure(curve, rule, caption, series)
    stream = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbench"}):
        figure.savefig(stream, format=fmt, metadata=metadata)
    return stream.getvalue()


def saturation_figure(
    curve: pd.DataFrame, rule: SaturationRule, caption: str = "", series_name: str = ""
) -> Figure:
    """One series: bars of new codes per interview under the cumulative line, the base and
    the confirming run shaded. Several (groups or coders): one cumulative line each, each
    group's saturation point marked; `series_name` (e.g. the attribute) titles the legend."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    series = list(dict.fromkeys(curve["series"]))
    longest = int(curve["position"].max()) if len(curve) else 1
    figure = Figure(figsize=(max(6.0, 0.35 * longest + 3), 4.2), layout="constrained")
    axis = figure.subplots()
    summary = curve_summary(curve, rule)
    points = dict(
        zip(summary["group"].astype(str), summary["interviews_to_saturation"], strict=True)
    )
    labels = dict(zip(summary["group"].astype(str), summary["saturation"], strict=True))
    if len(series) == 1:
        rows = curve
        name = series[0]
        point = int(points.get(name, 0))
        axis.axvspan(0.5, min(rule.base, longest) + 0.5, color=BASE_COLOUR, alpha=0.5,
                     label=f"base ({rule.base})")  # fmt: skip
        if point:
            axis.axvspan(point + 0.5, point + rule.run + 0.5, color=RUN_COLOUR, alpha=0.6,
                         label=f"confirming run ({labels[name]})")  # fmt: skip
        axis.bar(rows["position"], rows["new"], color=NEW_COLOUR, label="new codes")
        axis.plot(rows["position"], rows["cumulative"], marker="o", color="#08519c",
                  label="codes so far")  # fmt: skip
        peak = max(1, int(rows["cumulative"].max()))
        for x, y in zip(rows["position"], rows["new"], strict=True):
            if y:  # inside a tall bar (the curve runs along its top), above a short one
                inside = y >= peak / 5
                axis.annotate(str(y), (x, y / 2 if inside else y), ha="center",
                              va="center" if inside else "bottom", fontsize=7)  # fmt: skip
        title = f"saturation: {labels.get(name, 'not reached')}"
        axis.set_xticks(list(rows["position"]), list(rows["transcript"]), rotation=45,
                        ha="right", fontsize=7)  # fmt: skip
    else:
        for name in series:
            rows = curve[curve["series"] == name]
            label = f"{name} ({labels[name]})"
            (line,) = axis.plot(rows["position"], rows["cumulative"], marker="o", label=label)
            point = int(points.get(name, 0))
            if point:
                reached = rows[rows["position"] == point]["cumulative"]
                axis.plot([point], reached, marker="*", markersize=14, color=line.get_color())
        title = f"codes so far in each {series_name or 'series'}'s interviews (a star: saturation)"
    axis.set_title(title, fontsize=10)
    axis.set_xlabel("interviews, in order")
    axis.set_ylabel("codes")
    axis.set_ylim(0, max(1, int(curve["cumulative"].max()) if len(curve) else 1) * 1.1)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    axis.grid(axis="y", linewidth=0.3)
    axis.set_axisbelow(True)
    legend_title = series_name if len(series) > 1 else None
    if axis.get_legend_handles_labels()[0]:  # no coded interview: nothing to name
        axis.legend(fontsize=7, loc="lower right", title=legend_title, title_fontsize=7)
    if caption:  # wrapped: a long list of coders must not run off the picture
        figure.supxlabel(textwrap.fill(caption, 100), fontsize=7, color="#555555")
    return figure
