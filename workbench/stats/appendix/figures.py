"""The appendix's figures as DataFrames, for the document and for a notebook alike."""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbench.agreement.report import AgreementReport
from workbench.agreement.vocabulary import DEFAULT_CONSENSUS
from workbench.coding.progress import NOT_STARTED, codings_per_transcript, statuses
from workbench.stats.data import StudyData, natural_key, natural_rank
from workbench.store.project import Project

TOTAL = "Total"
NO_VALUE = "(none)"


def interviews(
    data: StudyData, group_attr: str = "group", number_attr: str = "number", year_attr: str = "year"
) -> pd.DataFrame:
    """`transcript,<group>,<number>,<year>,words`: every interview with the attributes a
    methods table lists (those the project has) and its length in words spoken (as stored at
    import by `text.words.spoken_words`: what `transcripts list` and the TUI show), ordered
    by group, year and number."""
    spoken = {summary.name: summary.words for summary in data.project.transcripts()}
    wanted = [a for a in (group_attr, number_attr, year_attr) if a in data.attribute_names]
    frame = data.transcripts[["name", *wanted]].rename(columns={"name": "transcript"})
    frame = frame.assign(words=[spoken[name] for name in frame["transcript"]])
    keys = [a for a in (group_attr, year_attr, number_attr) if a in wanted] + ["transcript"]
    ranks = {f"_{k}": natural_rank(frame[k]) for k in keys}
    frame = frame.assign(**ranks).sort_values(list(ranks), kind="stable")
    frame["words"] = frame["words"].astype(np.int64)
    return frame[["transcript", *wanted, "words"]].reset_index(drop=True)


def interviews_by_group_and_year(
    data: StudyData, group_attr: str = "group", year_attr: str = "year"
) -> pd.DataFrame:
    """`<group>,<year values...>,Total`: how many interviews each group gave in each year,
    with a Total row; a missing value shows as (none)."""
    frame = data.transcripts[[group_attr, year_attr]].replace("", NO_VALUE)
    table = pd.crosstab(frame[group_attr], frame[year_attr])
    years = sorted(table.columns, key=natural_key)
    groups = sorted(table.index, key=lambda g: (str(g).casefold(), str(g)))
    table = table.reindex(index=groups, columns=years, fill_value=0)
    table[TOTAL] = table.sum(axis=1)
    table.loc[TOTAL] = table.sum(axis=0)
    table.columns.name = None
    table = table.astype(np.int64).reset_index(names=group_attr)
    return table.rename(columns={column: str(column) for column in table.columns})


def code_counts(data: StudyData, group_attr: str | None = "group") -> pd.DataFrame:
    """`code,depth,status,<group>,codings,interviews`: per code (with the codes below it) and
    value of `group_attr`, how many codings the loaded coders made and in how many
    interviews; the all-groups row of each code has group `Total`. Codes in codebook order;
    merged codes without codings are left out."""
    rows = data.code_rows("code")
    codings = data.codings
    groups: list[str] = []
    if group_attr is not None:
        values = data.transcripts[group_attr].replace("", NO_VALUE)
        groups = sorted(set(values), key=lambda g: (g.casefold(), g))
        codings = codings.assign(_group=codings["transcript_id"].map(values).to_numpy())
    out = []
    for code_id, path, status in zip(
        rows.index.tolist(), rows["path"].tolist(), rows["status"].tolist(), strict=True
    ):
        mine = codings[codings["code_id"].isin(data.subtree(code_id))]
        depth = path.count("/")
        for group in [*groups, TOTAL] if group_attr is not None else [TOTAL]:
            part = mine if group == TOTAL else mine[mine["_group"] == group]
            out.append((path, depth, status, group, len(part), part["transcript_id"].nunique()))
    columns = ["code", "depth", "status", group_attr or "group", "codings", "interviews"]
    frame = pd.DataFrame(out, columns=columns)
    for column in ("depth", "codings", "interviews"):
        frame[column] = frame[column].astype(np.int64)
    return frame


def coder_work(project: Project, coders: Sequence[str]) -> pd.DataFrame:
    """`coder,transcript,status,codings`: which transcripts each coder coded, how far, and
    how many codings they made there (transcripts they never opened are left out)."""
    out = []
    for coder in coders:
        made = codings_per_transcript(project, coder)
        for transcript, status in statuses(project, coder).items():
            if status != NOT_STARTED or made.get(transcript):
                out.append((coder, transcript, status, made.get(transcript, 0)))
    frame = pd.DataFrame(out, columns=["coder", "transcript", "status", "codings"])
    frame["codings"] = frame["codings"].astype(np.int64)
    ranks = {"_c": natural_rank(frame["coder"]), "_t": natural_rank(frame["transcript"])}
    frame = frame.assign(**ranks).sort_values(["_c", "_t"], kind="stable")
    return frame[["coder", "transcript", "status", "codings"]].reset_index(drop=True)


def agreement_frame(report: AgreementReport) -> pd.DataFrame:
    """The table `workbench agreement` prints (per code, then pooled), as text cells."""
    from workbench.agreement.table import main_table

    spec = main_table(report)
    return pd.DataFrame(
        [row.cells for row in spec.rows], columns=[c.header or "note" for c in spec.columns]
    )


def settlements(project: Project, into: str = DEFAULT_CONSENSUS) -> pd.DataFrame:
    """How the consensus coder `into` was made, oldest first: each `reconcile` (the codings
    the `coders` agreed on, taken at once: `agreed` decisions, `added` codings) and each
    `accept` (a person's choice on one disagreement of `code` in `transcript` at `where`:
    the coders whose coding was taken, `take`, empty for neither).

    Columns: `at,actor,action,unit,coders,agreed,code,transcript,where,take,added`."""
    out = []
    for event in project.events("agreement."):
        if event.action not in ("agreement.reconcile", "agreement.accept") or event.target != into:
            continue
        detail = json.loads(event.detail or "{}")
        out.append(
            (
                event.at.strftime("%Y-%m-%d %H:%M"),
                event.actor,
                event.action.removeprefix("agreement."),
                str(detail.get("unit", "")),
                ",".join(detail.get("coders", [])),
                int(detail.get("agreed", 0)),
                str(detail.get("code", "")),
                str(detail.get("transcript", "")),
                str(detail.get("where", "")),
                ",".join(detail.get("take", [])),
                int(detail.get("added", 0)),
            )
        )
    columns = [
        "at", "actor", "action", "unit", "coders", "agreed", "code", "transcript", "where",
        "take", "added",
    ]  # fmt: skip
    frame = pd.DataFrame(out, columns=columns)
    for column in ("agreed", "added"):
        frame[column] = frame[column].astype(np.int64)
    return frame
