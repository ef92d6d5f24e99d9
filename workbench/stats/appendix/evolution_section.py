"""The appendix's codebook-evolution section: how the codebook grew, change by change (who and
why, codes created in vivo marked), and the timeline."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.codebook.evolution import codebook_evolution
from workbench.codebook.evolution_chart import evolution_chart
from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Image, Paragraph, Section, Table
from workbench.text.words import counted

EVOLUTION = ("Codebook evolution", "codebook-evolution")  # title, anchor: the report links to it
KINDS = ("created", "renamed", "moved", "edited", "split", "merged", "retired")
IN_VIVO = "created in vivo"


def evolution_section(study: AppendixStudy) -> Section:
    """A sentence on the growth, the changes per kind, every change, the timeline."""
    evolution = codebook_evolution(study.project)
    if evolution.empty:
        return Section(*EVOLUTION, [Paragraph("The audit log holds no change to the codebook.")])
    created = int((evolution["change"] == "created").sum())
    in_vivo = int(evolution["in_vivo"].sum())
    first, last = evolution["at"].min(), evolution["at"].max()
    others = counted(len(evolution) - created, "other change")
    blocks: list[Block] = [
        Paragraph(
            f"The codebook grew from the audit log's first change ({first:%Y-%m-%d}) to its "
            f"last ({last:%Y-%m-%d}): {counted(created, 'code')} created ({in_vivo} of them "
            f"in vivo, from a passage while coding) and {others}, each with who made it and "
            'why. "Codings" is how many the code had then.'
        ),
        Table(_per_kind(evolution), "Changes by kind"),
        Table(_changes(evolution), "Every change to the codebook, oldest first", keep=("when",)),
        Image(
            evolution_chart(evolution, "png"),
            "Codebook timeline: one line per code from its creation to its merge or "
            "retirement, a mark per change (a star: created in vivo).",
            "codebook-evolution.png",
        ),
    ]
    return Section(*EVOLUTION, blocks)


def _per_kind(evolution: pd.DataFrame) -> pd.DataFrame:
    """`change,changes,codes`: how many changes of each kind, to how many codes."""
    kinds = evolution["change"].where(~evolution["in_vivo"], IN_VIVO)
    rows = []
    for kind in (KINDS[0], IN_VIVO, *KINDS[1:]):
        mine = evolution[kinds == kind]
        if len(mine):
            rows.append((kind, len(mine), mine["code"].nunique()))
    frame = pd.DataFrame(rows, columns=["change", "changes", "codes"])
    return frame.astype({"changes": np.int64, "codes": np.int64})


def _changes(evolution: pd.DataFrame) -> pd.DataFrame:
    """`when,who,change,code,was,to,codings,why`, with in-vivo creations named so."""
    was = [w if w != c else "" for w, c in zip(evolution["was"], evolution["code"], strict=True)]
    frame = pd.DataFrame(
        {
            "when": pd.to_datetime(evolution["at"]).dt.strftime("%Y-%m-%d %H:%M"),
            "who": evolution["actor"],
            "change": evolution["change"].where(~evolution["in_vivo"], IN_VIVO),
            "code": evolution["code"],
            "was": was,
            "to": evolution["to"],
            "codings": evolution["codings"].astype(np.int64),
            "why": evolution["why"],
        }
    )
    return frame
