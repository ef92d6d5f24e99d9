"""Counts by code or theme and attribute, case x code matrices and code co-occurrence.

Definitions (the README and `--help` repeat them):

- A *segment* is one coding. At theme level, child codes roll up into their top-level code
  and a segment is a distinct span: one coder applying two codes of one theme to the same
  [start, end) makes one theme segment, while different spans stay separate segments.
- *transcripts* counts the distinct transcripts holding at least one segment.
- *words covered* counts, per coder and transcript, the words (runs of non-space characters)
  with at least one character inside the union of that coder's spans of the code (or of
  any code of the theme): overlapping spans count their shared words once. Summed over
  transcripts.
- Every code (or theme) gets a row for every coder and attribute value, with 0 where
  nothing was coded; merged codes are left out (their codings moved to the target),
  retired codes keep their counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, check_level, natural_key, natural_rank
from workbench.stats.spans import (
    overlapping_pairs,
    union_contributions,
    utterance_hits,
)

MEASURES = ("segments", "transcripts", "words")
WITHIN = ("utterance", "overlap")
NO_VALUE = "(none)"


def unit_codings(data: StudyData, level: str) -> pd.DataFrame:
    """Codings with `unit`: the code id, or at theme level the theme id (spans deduplicated)."""
    codings = data.codings
    unit = codings["code_id"]
    if check_level(level) == "theme":
        unit = unit.map(data.codes["theme_id"])
    codings = codings.assign(unit=unit.to_numpy(dtype=np.int64))
    if level == "theme":
        codings = codings.drop_duplicates(["transcript_id", "coder_id", "unit", "start", "end"])
    return codings


def counts(data: StudyData, level: str = "code", by: Sequence[str] = ()) -> pd.DataFrame:
    """Tidy table `theme,code,coder,<by...>,segments,transcripts,words`, zeros included.

    At theme level the `code` column is empty: the row stands for the whole theme.
    """
    by = data.check_attributes(by, taken=("theme", "code", "coder", "unit", "coder_id", *MEASURES))
    codings = unit_codings(data, level)
    for name in by:
        codings[name] = codings["transcript_id"].map(data.transcripts[name])
    keys = ["unit", "coder_id", *by]
    # unit_codings keeps the row labels of data.codings, which are its positions.
    low, high = (words[codings.index.to_numpy()] for words in data.coding_words())
    union_group = codings.groupby(["transcript_id", "coder_id", "unit"], sort=False).ngroup()
    codings["words"] = union_contributions(union_group.to_numpy(), low, high)
    found = codings.groupby(keys, sort=False).agg(
        segments=("start", "size"), transcripts=("transcript_id", "nunique"), words=("words", "sum")
    )
    table = _grid(data, level, by).join(found, on=keys)
    for measure in MEASURES:
        table[measure] = table[measure].fillna(0).astype(np.int64)
    return table.drop(columns=keys[:2])


def _grid(data: StudyData, level: str, by: list[str]) -> pd.DataFrame:
    """Every (code or theme) x coder x attribute-value combination, in output order."""
    rows = data.code_rows(level)
    units = pd.DataFrame(
        {
            "theme": rows["theme"].to_numpy(),
            "code": rows["path"].to_numpy() if level == "code" else "",
            "unit": rows.index.to_numpy(dtype=np.int64),
        }
    )
    coder_ids = sorted(data.coders, key=lambda cid: natural_key(data.coders[cid]))
    coders = pd.DataFrame(
        {"coder": [data.coders[c] for c in coder_ids], "coder_id": np.array(coder_ids, np.int64)}
    )
    grid = units.merge(coders, how="cross")
    if by:
        values = data.transcripts[by].drop_duplicates()
        values = values.sort_values(by, key=natural_rank) if len(values) else values
        grid = grid.merge(values, how="cross")
    return grid[["theme", "code", "coder", *by, "unit", "coder_id"]]


def wide(table: pd.DataFrame, by: Sequence[str], measure: str = "segments") -> pd.DataFrame:
    """A `counts` table pivoted for spreadsheets: one column per attribute value.

    With several attributes the columns are their value combinations joined by ` | `;
    without any, the columns are the coders. A missing value shows as `(none)`.
    """
    if measure not in MEASURES:
        raise WorkbenchError(f"measure must be one of {', '.join(MEASURES)}")
    by = list(by)
    rows = ["theme", "code", "coder"] if by else ["theme", "code"]
    if by:
        label = table[by].replace("", NO_VALUE).astype(str).agg(" | ".join, axis=1)
    else:
        label = table["coder"]
    frame = table.assign(_column=label, _row=np.arange(len(table)))
    columns = sorted(frame["_column"].unique(), key=natural_key) if by else _unique(label)
    order = frame.groupby(rows, sort=False)["_row"].min().sort_values()
    pivot = frame.pivot_table(
        index=rows, columns="_column", values=measure, aggfunc="sum", fill_value=0, sort=False
    )
    pivot = pivot.reindex(index=order.index, columns=columns, fill_value=0).astype(np.int64)
    pivot.columns.name = None
    return pivot.reset_index()


def bar_groups(
    table: pd.DataFrame, level: str, by: Sequence[str] = (), measure: str = "segments"
) -> dict[str, dict[str, float]]:
    """A `counts` table as bar groups: code (or theme) -> series -> `measure`, summed.

    The series are the `by` attributes' values (joined by ` | `, every coder's counts
    together), as a chart by attribute shows them; without `by`, the coders.
    """
    if measure not in MEASURES:
        raise WorkbenchError(f"measure must be one of {', '.join(MEASURES)}")
    by = list(by)
    series = (
        table[by].replace("", NO_VALUE).astype(str).agg(" | ".join, axis=1)
        if by
        else table["coder"].astype(str)
    )
    names = sorted(set(series), key=natural_key) if by else _unique(series)
    label = table["code" if check_level(level) == "code" else "theme"].astype(str)
    groups: dict[str, dict[str, float]] = {}
    for name, value, amount in zip(label, series, table[measure], strict=True):
        bars = groups.setdefault(name, dict.fromkeys(names, 0.0))
        bars[value] += float(amount)
    return groups


def _unique(values: pd.Series) -> list[str]:
    return list(dict.fromkeys(values.tolist()))


def matrix(data: StudyData, level: str = "code", presence: bool = False) -> pd.DataFrame:
    """Transcripts x codes: `transcript,<attributes...>,<one column per code>`.

    Cells count segments of all loaded coders together (choose coders when loading);
    with `presence`, 1 where any of them coded the transcript with the code, else 0.
    """
    codings = unit_codings(data, level)
    rows = data.code_rows(level)
    data.check_attribute_columns(["transcript", *rows["path"]])
    found = codings.groupby(["transcript_id", "unit"]).size().unstack(fill_value=0)
    cells = found.reindex(index=data.transcripts.index, columns=rows.index, fill_value=0)
    cells = cells.astype(np.int64)
    if presence:
        cells = (cells > 0).astype(np.int64)
    cells.columns = rows["path"].to_list()
    head = data.transcripts.rename(columns={"name": "transcript"})
    head = head[["transcript", *data.attribute_names]]
    return pd.concat([head, cells], axis=1).reset_index(drop=True)


def cooccurrence(data: StudyData, level: str = "code", within: str = "utterance") -> pd.DataFrame:
    """Code x code counts, `code` then one column per code, symmetric.

    `utterance`: the number of (coder, utterance) units where both codes occur (a code
    occurs in an utterance when one of the coder's spans of it overlaps the utterance's
    text); the diagonal holds the units with the code. `overlap`: the number of pairs of
    one coder's segments, one of each code, sharing at least one character in a transcript;
    the diagonal holds the code's segments.
    """
    if within not in WITHIN:
        raise WorkbenchError(f"--within must be one of {', '.join(WITHIN)}, not '{within}'")
    codings = unit_codings(data, level).reset_index(drop=True)
    layout = data.text_layout()
    starts, ends = layout.global_spans(codings)
    unit = codings["unit"].to_numpy()
    coder = codings["coder_id"].to_numpy()
    if within == "utterance":
        span, utterance = utterance_hits(
            starts, ends, layout.utterance_starts, layout.utterance_ends
        )
        units = pd.DataFrame({"coder": coder[span], "utterance": utterance, "unit": unit[span]})
        units = units.drop_duplicates()
        pairs = units.merge(units, on=["coder", "utterance"])
        first, second = pairs["unit_x"].to_numpy(), pairs["unit_y"].to_numpy()
    else:
        left, right = overlapping_pairs(coder, starts, ends)
        distinct = unit[left] != unit[right]
        left, right = left[distinct], right[distinct]
        first = np.concatenate([unit[left], unit[right], unit])
        second = np.concatenate([unit[right], unit[left], unit])
    found = pd.crosstab(pd.Series(first, name="a"), pd.Series(second, name="b"))
    rows = data.code_rows(level)
    cells = found.reindex(index=rows.index, columns=rows.index, fill_value=0).astype(np.int64)
    cells.index = cells.columns = pd.Index(rows["path"].to_list())
    return cells.rename_axis("code").reset_index()
