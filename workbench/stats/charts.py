"""Bar charts of frequencies with matplotlib's Agg backend (imported only when drawing)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.frequencies import MEASURES, NO_VALUE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FORMATS = ("png", "svg")
BAR_HEIGHT = 0.8


def chart_format(path: Path) -> str:
    """`png` or `svg` from the file name; anything else is refused before any work is done."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise WorkbenchError(f"{path}: chart files end in .png or .svg, not '{path.suffix}'")
    return suffix


def frequency_chart(
    table: pd.DataFrame,
    fmt: str = "png",
    by: Sequence[str] = (),
    measure: str = "segments",
    caption: str = "",
) -> bytes:
    """Horizontal bars from a `counts` table: one bar group per code or theme (codebook
    order, top to bottom), one bar per attribute value (`by`) or, without `by`, per coder.
    With `by` and several coders, one panel per coder, sharing the code axis and the scale.
    `caption` goes under the chart (e.g. whose coding it counts)."""
    from matplotlib import rc_context

    if fmt not in FORMATS:
        raise WorkbenchError(f"chart format must be png or svg, not '{fmt}'")
    figure = chart_figure(table, by, measure, caption)
    stream = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    # Text stays text in SVG (searchable, small); a fixed salt keeps SVG ids stable.
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbench"}):
        figure.savefig(stream, format=fmt, metadata=metadata)
    return stream.getvalue()


def chart_figure(
    table: pd.DataFrame, by: Sequence[str] = (), measure: str = "segments", caption: str = ""
) -> Figure:
    """The chart `frequency_chart` draws, as a matplotlib figure."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    if measure not in MEASURES:
        raise WorkbenchError(f"measure must be one of {', '.join(MEASURES)}")
    frame = table.assign(_label=table["code"].where(table["code"] != "", table["theme"]))
    labels = list(dict.fromkeys(frame["_label"]))
    by = list(by)
    if by:
        frame["_series"] = frame[by].replace("", NO_VALUE).astype(str).agg(" | ".join, axis=1)
        panels = list(dict.fromkeys(frame["coder"])) or [""]
    else:
        frame["_series"] = frame["coder"]
        panels = [""]
    series = list(dict.fromkeys(frame["_series"]))
    height = max(2.5, 0.25 * len(labels) * max(1, min(len(series), 4)) + 1.2)
    figure = Figure(figsize=(4.5 * len(panels) + 4.5, height), layout="constrained")
    # One scale for every panel: bars of different coders compare at a glance.
    axes = figure.subplots(1, len(panels), sharex=True, sharey=True, squeeze=False)[0]
    for axis, panel in zip(axes, panels, strict=True):
        rows = frame[frame["coder"] == panel] if by else frame
        _bars(axis, rows, labels, series, measure)
        axis.set_title(f"coder {panel}" if panel else "", fontsize=9)
        axis.set_xlabel(measure)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.25 segments
    if caption:
        figure.supxlabel(caption, fontsize=7, color="#555555")
    axes[0].set_yticks(range(len(labels)), labels, fontsize=8)
    axes[0].invert_yaxis()
    if len(series) > 1 or by:
        title = " | ".join(by) if by else "coder"
        handles, names = axes[0].get_legend_handles_labels()
        figure.legend(
            handles, names, title=title, fontsize=7, title_fontsize=8, loc="outside right upper"
        )
    return figure


def _bars(
    axis: Axes, rows: pd.DataFrame, labels: list[str], series: list[str], measure: str
) -> None:
    values = rows.pivot_table(
        index="_label", columns="_series", values=measure, aggfunc="sum", fill_value=0
    ).reindex(index=labels, columns=series, fill_value=0)
    width = BAR_HEIGHT / max(1, len(series))
    for number, name in enumerate(series):
        offsets = [row - BAR_HEIGHT / 2 + width * (number + 0.5) for row in range(len(labels))]
        axis.barh(offsets, values[name].to_list(), height=width, label=name)
    axis.grid(axis="x", linewidth=0.3)
    axis.set_axisbelow(True)
