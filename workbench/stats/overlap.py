"""A descriptive summary of how far coders coded the same utterances, code by code.

This is what the HTML report shows "when more than one coder": counts and raw percent
agreement on utterance units, no chance correction. `workbench agreement` (the agreement
library) gives the kappas and alphas; the report takes its table instead when given one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import select

from workbench.stats.data import StudyData, natural_key
from workbench.stats.frequencies import unit_codings
from workbench.stats.spans import utterance_hits
from workbench.store import models as m


def compared_transcripts(data: StudyData, coders: Sequence[str]) -> list[int]:
    """Transcripts every coder marked done; if there are none, those every coder coded in.

    The same rule as the agreement command, so the two never count different material.
    """
    ids = {name: cid for cid, name in data.coders.items()}
    wanted = [ids[name] for name in coders]
    table = m.CoderStatus.__table__
    with data.project.session() as session:
        rows = session.execute(
            select(table.c.transcript_id, table.c.coder_id).where(
                table.c.status == "done", table.c.coder_id.in_(wanted)
            )
        ).all()
    done: dict[int, set[int]] = {}
    for tid, cid in rows:
        done.setdefault(tid, set()).add(cid)
    chosen = {tid for tid, who in done.items() if who >= set(wanted)}
    if not chosen:
        coded = data.codings[data.codings["coder_id"].isin(wanted)]
        per = coded.groupby("transcript_id")["coder_id"].nunique()
        chosen = set(per.index[per == len(wanted)])
    return [tid for tid in data.transcripts.index if tid in chosen]


def utterance_overlap(
    data: StudyData, coders: Sequence[str], level: str = "code"
) -> tuple[pd.DataFrame, list[str]]:
    """Per code: utterances each coder coded with it, by all, by any, and agreement.

    A coder codes an utterance with a code when one of their spans of it overlaps the
    utterance's text. `agreement` is the share of utterances where the coders agree (all
    coded it or none did); `overlap` is all / any. Returns the table and the transcripts.
    """
    coders = sorted(coders, key=natural_key)
    transcripts = compared_transcripts(data, coders)
    ids = {name: cid for cid, name in data.coders.items()}
    codings = unit_codings(data, level)
    codings = codings[
        codings["transcript_id"].isin(transcripts)
        & codings["coder_id"].isin([ids[c] for c in coders])
    ].reset_index(drop=True)
    layout = data.text_layout()
    starts, ends = layout.global_spans(codings)
    span, utterance = utterance_hits(starts, ends, layout.utterance_starts, layout.utterance_ends)
    units = pd.DataFrame(
        {
            "unit": codings["unit"].to_numpy()[span],
            "coder": codings["coder_id"].map(data.coders).to_numpy()[span],
            "utterance": utterance,
        }
    ).drop_duplicates()
    total = int(np.isin(layout.utterance_transcripts, transcripts).sum())
    per_coder = units.groupby(["unit", "coder"]).size().unstack(fill_value=0)
    coded_by = units.groupby(["unit", "utterance"]).size()
    everyone = (coded_by == len(coders)).groupby(level="unit").sum()
    anyone = coded_by.groupby(level="unit").size()
    rows = data.code_rows(level)
    table = pd.DataFrame({"code": rows["path"].to_numpy(), "utterances": total})
    for coder in coders:
        column = per_coder[coder] if coder in per_coder else pd.Series(dtype=np.int64)
        table[coder] = column.reindex(rows.index, fill_value=0).to_numpy(dtype=np.int64)
    table["all"] = everyone.reindex(rows.index, fill_value=0).to_numpy(dtype=np.int64)
    table["any"] = anyone.reindex(rows.index, fill_value=0).to_numpy(dtype=np.int64)
    disagree = table["any"] - table["all"]
    table["agreement"] = (1 - disagree / total) if total else np.nan
    table["overlap"] = (table["all"] / table["any"]).where(table["any"] > 0)
    names = [str(data.transcripts.at[tid, "name"]) for tid in transcripts]
    return table, names
