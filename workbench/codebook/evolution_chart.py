"""The codebook's timeline: a row per codebook load (one mark for all the codes it added), a
line per code from creation to merge or retirement, a mark per change (matplotlib's Agg
backend, imported only when drawing). A loaded code gets its own line only when it changed
later: 21 alike lines would drown the changes."""

from __future__ import annotations

import io
import textwrap

import pandas as pd

from workbench.codebook.evolution import LOADED, UPDATED
from workbench.errors import WorkbenchError
from workbench.text.words import counted

FORMATS = ("png", "svg")
# change -> (marker, colour, label); in-vivo creations get their own mark.
MARKS = {
    LOADED: ("P", "#006d2c", "codebook loaded"),
    "created": ("o", "#2ca02c", "created"),
    "in vivo": ("*", "#9467bd", "created in vivo"),
    "renamed": (">", "#1f77b4", "renamed"),
    "moved": ("D", "#17becf", "moved"),
    "edited": ("|", "#7f7f7f", "edited"),
    UPDATED: ("|", "#bdbdbd", "updated by a load or merge"),
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
    times = pd.to_datetime(evolution["at"])
    loaded = evolution["change"] == LOADED
    lane = _lanes(evolution, loaded)
    changed = set(evolution.loc[~loaded, "code"])
    lanes = [key for key in dict.fromkeys(lane) if key[0] == "load" or key[1] in changed]
    row_of = {key: number for number, key in enumerate(lanes)}
    figure = Figure(figsize=(9, max(2.5, 0.24 * len(lanes) + 1.6)), layout="constrained")
    axis = figure.subplots()
    last = times.max() if len(times) else pd.Timestamp(0)
    for load_time in times[loaded].unique():  # the codebook as loaded: a line across the codes
        axis.axvline(load_time, color="#a1d99b", linewidth=0.8, linestyle=":", zorder=0)
    for key in lanes:
        if key[0] == "code":
            mine = evolution["code"] == key[1]
            ended = times[mine & evolution["change"].isin(ENDS)]
            end = ended.min() if len(ended) else last
            axis.plot([times[mine].min(), end], [row_of[key]] * 2, color="#cccccc",
                      linewidth=1, zorder=1)  # fmt: skip
    for mark, (marker, colour, label) in MARKS.items():
        if mark == "in vivo":
            chosen = evolution["in_vivo"]
        elif mark == "created":
            chosen = (evolution["change"] == "created") & ~evolution["in_vivo"]
        elif mark == LOADED:
            chosen = loaded & ~lane.duplicated()  # one mark per load
        else:
            chosen = evolution["change"] == mark
        if chosen.any():
            rows = [row_of[key] for key in lane[chosen]]
            size = 90 if mark in ("in vivo", LOADED) else 30
            axis.scatter(times[chosen], rows, marker=marker, color=colour, s=size, label=label,
                         zorder=2)  # fmt: skip
    sizes = lane[loaded].value_counts()
    labels = [_load_label(int(sizes[key]), key[2]) if key[0] == "load" else _short(key[1])
              for key in lanes]  # fmt: skip
    axis.set_yticks(range(len(lanes)), labels, fontsize=7)
    axis.set_ylim(max(1, len(lanes)) - 0.5, -0.5)  # an empty log still draws an empty axis
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


def _lanes(evolution: pd.DataFrame, loaded: pd.Series) -> pd.Series:
    """Each row's lane: ("load", its log entry, why) for a loaded code, else ("code", path, "")."""
    keys = [
        ("load", str(event), why) if is_load else ("code", code, "")
        for event, why, code, is_load in zip(
            evolution["event"], evolution["why"], evolution["code"], loaded, strict=True
        )
    ]
    return pd.Series(keys, index=evolution.index, dtype=object)


def _short(path: str) -> str:
    """A long path keeps the code's own name whole and shortens the codes above it."""
    if len(path) <= MAX_LABEL:
        return path
    *above, name = path.split("/")
    return "/".join([*(a if len(a) <= 12 else a[:11] + "…" for a in above), name])


def _load_label(codes: int, why: str) -> str:
    """'21 codes loaded (iom_mandate.yaml)': the file's name shortened to fit."""
    source = why.removeprefix("loaded from ").split(" (")[0]
    head = f"{counted(codes, 'code')} loaded "
    room = MAX_LABEL - len(head) - 2
    return f"{head}({source if len(source) <= room else source[: room - 1] + '…'})"
