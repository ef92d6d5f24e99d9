"""The appendix's codebook-evolution section: how the codebook grew, change by change (who and
why, codes created in vivo marked, each codebook load one change), and the timeline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.codebook.evolution import LOADED, UPDATED, codebook_evolution, evolution_events
from workbench.codebook.evolution_chart import evolution_chart
from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Image, Paragraph, Section, Table
from workbench.text.words import counted

EVOLUTION = ("Codebook evolution", "codebook-evolution")  # title, anchor: the report links to it
KINDS = (LOADED, "created", UPDATED, "renamed", "moved", "edited", "split", "merged", "retired")
IN_VIVO = "created in vivo"


def evolution_section(study: AppendixStudy) -> Section:
    """A sentence on the growth, the changes per kind, every change, the timeline."""
    evolution = codebook_evolution(study.project)
    if evolution.empty:
        return Section(*EVOLUTION, [Paragraph("The audit log holds no change to the codebook.")])
    events = evolution_events(evolution)
    blocks: list[Block] = [
        Paragraph(_growth(events)),
        Table(_per_kind(events), "Changes by kind"),
        Table(_changes(events), "Every change to the codebook, oldest first", keep=("when",)),
        Image(
            evolution_chart(evolution, "png"),
            "Codebook timeline: a row per codebook load (a cross: the codes it added, at once), "
            "a line per code created or changed since, from its creation to its merge or "
            "retirement, a mark per change (a star: created in vivo).",
            "codebook-evolution.png",
        ),
    ]
    return Section(*EVOLUTION, blocks)


def _growth(events: pd.DataFrame) -> str:
    """'The audit log holds the codebook's changes from ... to ...: one codebook load (21 codes
    from FILE); 2 codes created one by one (...); 3 other changes.' A load is one change, as
    the log recorded it."""
    first, last = events["at"].min(), events["at"].max()
    loads = events[events["change"] == LOADED]
    created = events[events["change"] == "created"]
    others = len(events) - len(loads) - len(created)
    parts = []
    if len(loads) == 1:
        parts.append(f"one codebook load ({counted(int(loads['codes'].iloc[0]), 'code')} "
                     f"{loads['source'].iloc[0]})")  # fmt: skip
    elif len(loads):
        sizes = zip(loads["codes"], loads["source"], strict=True)
        each = "; ".join(f"{n} {source}" for n, source in sizes)
        parts.append(f"{len(loads)} codebook loads ({counted(int(loads['codes'].sum()), 'code')}:"
                     f" {each})")  # fmt: skip
    in_vivo = int(created["in_vivo"].sum())
    parts.append(
        f"{counted(len(created), 'code')} created one by one ({in_vivo} of them in vivo, from "
        "a passage while coding)"
        if len(created)
        else "no code created one by one"
    )
    parts.append(counted(others, "other change") if others else "no other change")
    return (
        f"The audit log holds the codebook's changes from {first:%Y-%m-%d} to "
        f"{last:%Y-%m-%d}: {'; '.join(parts)}. Each change names who made it and why; "
        '"codings" is how many codings the code had then.'
    )


def _per_kind(events: pd.DataFrame) -> pd.DataFrame:
    """`change,changes,codes`: how many changes of each kind (a load is one), to how many
    codes."""
    kinds = events["change"].where(~events["in_vivo"], IN_VIVO)
    rows = []
    for kind in (*KINDS[:2], IN_VIVO, *KINDS[2:]):
        mine = events[kinds == kind]
        if len(mine):
            folded = kind in (LOADED, UPDATED)  # a load's codes: one change
            codes = int(mine["codes"].sum()) if folded else mine["code"].nunique()
            rows.append((kind, len(mine), codes))
    frame = pd.DataFrame(rows, columns=["change", "changes", "codes"])
    return frame.astype({"changes": np.int64, "codes": np.int64})


def _changes(events: pd.DataFrame) -> pd.DataFrame:
    """`when,who,change,code,was,to,codings,why`, with in-vivo creations named so and a load's
    codes counted, not listed (the codebook section lists them)."""
    loaded = events["change"].isin([LOADED, UPDATED])
    code = [
        counted(int(n), "code") if load else path
        for load, n, path in zip(loaded, events["codes"], events["code"], strict=True)
    ]
    was = [
        "" if load or w == c else w
        for load, w, c in zip(loaded, events["was"], events["code"], strict=True)
    ]
    return pd.DataFrame(
        {
            "when": pd.to_datetime(events["at"]).dt.strftime("%Y-%m-%d %H:%M"),
            "who": events["actor"],
            "change": events["change"].where(~events["in_vivo"], IN_VIVO),
            "code": code,
            "was": was,
            "to": events["to"],
            "codings": events["codings"].astype(np.int64),
            "why": events["why"],
        }
    )
