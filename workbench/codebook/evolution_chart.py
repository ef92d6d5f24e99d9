"""The codebook's timeline: one line per code from creation to merge or retirement, a mark
per change (matplotlib's Agg backend, imported only when drawing)."""

from __future__ import annotations

import io
import textwrap

import pandas as pd

from workbench.errors import WorkbenchError

FORMATS = ("png", "svg")
# change -> (marker, colour, label); in-vivo creations get their own mark.
MARKS = {
    "created": ("o", "#2ca02c", "created"),
    "in vivo": ("*", "#9467bd", "created in vivo"),
    "renamed": (">", "#1f77b4", "renamed"),
    "moved": ("D", "#17becf", "moved"),
    "edited": ("|", "#7f7f7f", "edited"),
    "split": ("^", "#ff7f0e", "split"),
    "merged": ("X", "#d62728", "merged"),
    "retired": ("s", "#555555", "retired"),
}
ENDS = ("merged", "retired")
MAX_LABEL = 44
MIN_SPAN = pd.Timedelta(hours=1)  # the narrowest time axis


def evolution_chart(evolution: pd.DataFrame, fmt: str = "png", caption: str = "") -> bytes:
    """A `codebook_evolution` table as a timeline, PNG or SVG bytes."""
    from matplotlib import rc_context
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    if fmt not in FORMATS:
        raise WorkbenchError(f"chart format must be png or svg, not '{fmt}'")
    codes = list(dict.fromkeys(evolution["code"]))
    figure = Figure(figsize=(9, max(2.5, 0.24 * len(codes) + 1.6)), layout="constrained")
    axis = figure.subplots()
    times = pd.to_datetime(evolution["at"])
    last = times.max() if len(times) else pd.Timestamp(0)
    row_of = {code: number for number, code in enumerate(codes)}
    for code in codes:
        mine = times[evolution["code"] == code]
        ended = evolution[(evolution["code"] == code) & evolution["change"].isin(ENDS)]
        end = times[ended.index].min() if len(ended) else last
        axis.plot([mine.min(), end], [row_of[code]] * 2, color="#cccccc", linewidth=1, zorder=1)
    for mark, (marker, colour, label) in MARKS.items():
        if mark == "in vivo":
            chosen = evolution["in_vivo"]
        elif mark == "created":
            chosen = (evolution["change"] == "created") & ~evolution["in_vivo"]
        else:
            chosen = evolution["change"] == mark
        if chosen.any():
            rows = [row_of[code] for code in evolution.loc[chosen, "code"]]
            size = 90 if mark == "in vivo" else 30
            axis.scatter(times[chosen], rows, marker=marker, color=colour, s=size, label=label,
                         zorder=2)  # fmt: skip
    labels = [_short(code) for code in codes]
    axis.set_yticks(range(len(codes)), labels, fontsize=7)
    axis.set_ylim(max(1, len(codes)) - 0.5, -0.5)  # an empty log still draws an empty axis
    locator = AutoDateLocator()  # type: ignore[no-untyped-call]
    axis.xaxis.set_major_locator(locator)
    axis.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if len(times) and times.max() - times.min() < MIN_SPAN:  # one sitting: an hour, not years
        middle = times.min() + (times.max() - times.min()) / 2
        axis.set_xlim(middle - MIN_SPAN / 2, middle + MIN_SPAN / 2)
    axis.grid(axis="x", linewidth=0.3)
    axis.set_title("codebook history", fontsize=10)
    if len(evolution):
        figure.legend(fontsize=7, loc="outside right upper")
    if caption:
        figure.supxlabel(textwrap.fill(caption, 140), fontsize=7, color="#555555")
    stream = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "workbench"}):
        figure.savefig(stream, format=fmt, metadata=metadata)
    return stream.getvalue()


def _short(path: str) -> str:
    """A long path keeps the code's own name whole and shortens the codes above it."""
    if len(path) <= MAX_LABEL:
        return path
    *above, name = path.split("/")
    return "/".join([*(a if len(a) <= 12 else a[:11] + "…" for a in above), name])
