"""The appendix's coding-process section: coders, their transcripts, units, agreement and
how disagreements were settled."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS
from workbench.errors import WorkbenchError
from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Heading, Paragraph, Section, Table
from workbench.stats.appendix.figures import agreement_frame, coder_work, settlements
from workbench.stats.data import coders_who_coded, natural_key
from workbench.text.words import counted

# The agreement table's column headers, named in full (see agreement/table.py).
COEFFICIENTS = {
    "agree %": "percent agreement",
    "kappa": "Cohen's kappa",
    "alpha": "Krippendorff's alpha (nominal)",
    "Fleiss": "Fleiss' kappa",
    "AC1": "Gwet's AC1",
    "u-alpha": "Krippendorff's unitizing alpha (u-alpha)",
}


PROCESS = ("The coding process", "coding-process")  # title, anchor: the report links to it


def process_section(study: AppendixStudy) -> Section:
    coders = study.coders or coders_who_coded(study.project)
    blocks: list[Block] = [Heading("Coders", 2, "coders"), *_coders(study, coders)]
    blocks += [Heading("Units", 2, "units"), *_units(study)]
    blocks += [Heading("Agreement", 2, "agreement"), *_agreement(study, coders)]
    blocks += [Heading("Disagreements", 2, "disagreements"), *_settled(study)]
    return Section(*PROCESS, blocks)


def _coders(study: AppendixStudy, coders: list[str]) -> list[Block]:
    work = coder_work(study.project, coders)
    if work.empty:
        return [Paragraph("No coder has coded yet.")]
    lines = []
    for coder in coders:
        mine = work[work["coder"] == coder]
        done = int((mine["status"] == "done").sum())
        made = f"{counted(int(mine['codings'].sum()), 'coding')} in "
        made += counted(len(mine), "transcript")
        if coder == DEFAULT_CONSENSUS:
            lines.append(f"{coder} (the settled coding, see Disagreements): {made}")
        else:
            lines.append(f"{coder}: {made} ({done} marked done)")
    wide = work.pivot_table(
        index="transcript", columns="coder", values="codings", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(
        index=sorted(wide.index, key=natural_key), columns=[c for c in coders if c in wide]
    )
    wide.columns.name = None
    return [
        Paragraph("; ".join(lines) + "."),
        Table(wide.reset_index(), "Codings by transcript and coder"),
        Paragraph(f"The codebook's counts count the coding of {study.data.counted}.", note=True),
    ]


def _units(study: AppendixStudy) -> list[Block]:
    from workbench.agreement.report import UNIT_RULES

    unit = study.options.unit
    return [
        Paragraph(
            "Coders coded free spans of transcript text, of any length; a passage may carry "
            "several codes. A coding of a code counts for that code and for every code above it."
        ),
        Paragraph(f"Agreement is computed on {unit} units: {UNIT_RULES[unit]}."),
    ]


def _agreement(study: AppendixStudy, coders: list[str]) -> list[Block]:
    from workbench.agreement.report import agreement_report
    from workbench.agreement.table import main_table

    compared = sorted((c for c in coders if c != DEFAULT_CONSENSUS), key=natural_key)
    if len(compared) < 2:
        who = ", ".join(compared) or "none"
        return [
            Paragraph(
                f"No agreement to report: it needs two coders (besides the consensus "
                f"coder), and the coders here are: {who}."
            )
        ]
    unit = study.options.unit
    command = f"workbench agreement --coders {','.join(compared)} --unit {unit}"
    try:
        report = agreement_report(study.project, compared, unit)
    except WorkbenchError as error:
        return [Paragraph(f"Not computed ({command}): {error}.")]
    frame = agreement_frame(report)
    named = [COEFFICIENTS[c] for c in frame.columns if c in COEFFICIENTS]
    spec = main_table(report)
    blocks: list[Block] = [
        Paragraph(
            f"Coders compared: {', '.join(report.coders)}, on "
            f"{counted(len(report.transcripts), 'transcript')}: those {report.transcript_rule}. "
            f"Coefficients: {', '.join(named)}, per code and pooled; {report.pooling}."
        ),
        Table(
            frame,
            f"Agreement per code and pooled ({unit} units)",
            tuple(column.align == "right" for column in spec.columns),
        ),
    ]
    notes = [spec.warning, *spec.notes] if spec.warning else list(spec.notes)
    blocks += [Paragraph(note.removeprefix("- "), note=True) for note in notes]
    blocks.append(Paragraph(f"As computed by: {command}", note=True))
    return blocks


def _settled(study: AppendixStudy) -> list[Block]:
    events = settlements(study.project)
    if events.empty:
        return [
            Paragraph(
                "Disagreements were not settled in workbench: there is no consensus coding, "
                "and the codebook's counts pool every coder's codings."
            )
        ]
    blocks: list[Block] = []
    for run in events[events["action"] == "reconcile"].to_dict("records"):
        blocks.append(
            Paragraph(
                f"On {run['at']} {run['actor']} gave the consensus coder "
                f"'{DEFAULT_CONSENSUS}' the codings of the {run['agreed']} {run['unit']} "
                f"decisions that {run['coders'].replace(',', ', ')} agreed on "
                f"({counted(run['added'], 'coding')} added)."
            )
        )
    accepted = events[events["action"] == "accept"]
    if accepted.empty:
        return [*blocks, Paragraph("No disagreement was settled by hand.")]
    people = ", ".join(sorted(set(accepted["actor"]), key=natural_key))
    blocks.append(
        Paragraph(
            f"{counted(len(accepted), 'disagreement')} "
            f"{'was' if len(accepted) == 1 else 'were'} then settled one by one by {people}, "
            "taking one coder's coding, both or neither; any others stay unsettled, and the "
            "consensus coder does not code them."
        )
    )
    blocks.append(Table(_choices(study, accepted), "Disagreements settled by hand, per code"))
    return blocks


def _choices(study: AppendixStudy, accepted: pd.DataFrame) -> pd.DataFrame:
    """`code,settled,<choice...>`: per code, how many disagreements were settled, and how
    many by taking each coder's coding, several coders' (`A and B`) or `neither`."""
    choice = accepted["take"].map(lambda take: take.replace(",", " and ") or "neither")
    table = pd.crosstab(accepted["code"], choice)
    order = dict(zip(study.data.codes["path"], study.data.codes["order"], strict=True))
    table = table.loc[sorted(table.index, key=lambda code: order.get(code, len(order)))]
    columns = sorted(table.columns, key=lambda c: (c == "neither", " and " in c, natural_key(c)))
    table = table[columns].astype(np.int64)
    table.insert(0, "settled", table.sum(axis=1).astype(np.int64))
    table.columns.name = None
    return table.reset_index(names="code")
