"""The appendix's codebook: a table of every code's counts by group, then each code with its
definition, include and exclude notes, an example quote with its source, and its citation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.domain import CodeInfo
from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Field, Heading, Paragraph, Quote, Section
from workbench.stats.appendix.document import Table as TableBlock
from workbench.stats.appendix.figures import TOTAL, code_counts
from workbench.stats.citations import CitedInterview, citation, format_citation
from workbench.stats.segments import segments
from workbench.store.corpus_rows import transcript_texts
from workbench.text.words import counted

INDENT = "\u2003"  # an em space per level: the table's hierarchy survives every format
CODEBOOK = ("The codebook", "codebook")  # title, anchor: the report links to it


def codebook_section(study: AppendixStudy) -> Section:
    group = study.options.group_attr if study.has(study.options.group_attr) else None
    counts = code_counts(study.data, group)
    description = study.project.setting("codebook.description")
    blocks: list[Block] = [Paragraph(description)] if description else []
    blocks.append(_table(counts, group))
    blocks.append(
        Paragraph(
            f"Counts: codings of the code and of the codes below it by {study.data.counted}; "
            "interviews: how many interviews hold at least one"
            + (f"; per {group}: codings (interviews)." if group else "."),
            note=True,
        )
    )
    found = segments(study.data, None)
    totals = counts[counts[counts.columns[3]] == TOTAL].set_index("code")
    shown = set(totals.index)
    for code in study.codes:
        if code.path in shown:
            blocks += _code(study, code, found, totals.loc[code.path])
    return Section(*CODEBOOK, blocks)


def _table(counts: pd.DataFrame, group: str | None) -> TableBlock:
    """One row per code (indented by depth): codings, interviews and, per group, both."""
    key = counts.columns[3]
    total = counts[counts[key] == TOTAL]
    frame = pd.DataFrame(
        {
            "code": [
                INDENT * depth + path.rsplit("/", 1)[-1] + _status(status)
                for path, depth, status in zip(
                    total["code"], total["depth"], total["status"], strict=True
                )
            ],
            "codings": total["codings"].to_numpy(),
            "interviews": total["interviews"].to_numpy(),
        }
    )
    if group is not None:
        for value in dict.fromkeys(counts.loc[counts[key] != TOTAL, key]):
            part = counts[counts[key] == value]
            frame[value] = [
                f"{c} ({i})" if c else "–"
                for c, i in zip(part["codings"], part["interviews"], strict=True)
            ]
    right = (False, True, True, *([True] * (len(frame.columns) - 3)))
    return TableBlock(frame, "Codes: codings and interviews", right)


def _status(status: str) -> str:
    return "" if status == "active" else f" ({status})"


def _code(
    study: AppendixStudy, code: CodeInfo, found: pd.DataFrame, total: pd.Series
) -> list[Block]:
    title = code.name + _status(code.status)
    if code.status == "merged" and code.merged_into:
        title = f"{code.name} (merged into {code.merged_into})"
    blocks: list[Block] = [Heading(title, min(2 + code.depth, 4), f"code-{code.id}")]
    if code.depth:
        blocks.append(Paragraph(code.path, note=True))
    if code.description:
        blocks.append(Paragraph(code.description))
    if code.include:
        blocks.append(Field("Include", code.include))
    if code.exclude:
        blocks.append(Field("Exclude", code.exclude))
    if code.example:
        blocks.append(Field("Codebook example", code.example))
    blocks += _example(study, code, found)
    codings, interviews = int(total["codings"]), int(total["interviews"])
    line = f"{counted(codings, 'coding')} in {counted(interviews, 'interview')}"
    cited = _citation(study, code)
    blocks.append(Paragraph(f"{line}. {cited}" if cited else f"{line}.", note=True))
    return blocks


def _example(study: AppendixStudy, code: CodeInfo, found: pd.DataFrame) -> list[Block]:
    """A passage coded with the code itself, with its interview's citation: the first that
    the most coders coded so (an example every coder would give), in transcript order."""
    mine = found[found["code"] == code.path]
    if mine.empty:
        return []
    row = mine.iloc[int(np.argmax(_coders_agreeing(mine)))]
    options = study.options
    attrs = (options.group_attr, options.number_attr, options.year_attr)
    transcript = str(row["transcript"])
    where = [transcript + (f", {row['speaker']}" if row["speaker"] else "")]
    if all(study.has(a) for a in attrs):
        group, number, year = (str(row[a]) for a in attrs)
        cited = CitedInterview(transcript, group or "ungrouped", number or transcript, year)
        where.insert(0, format_citation([cited], "Interview, {groups}"))
    text = _whole_words(study, transcript, int(row["start"]), int(row["end"]))
    return [Quote(text, "; ".join([*where, f"coded by {row['coder']}"]))]


def _whole_words(study: AppendixStudy, transcript: str, start: int, end: int) -> str:
    """The passage widened to whole words: a coder's selection may begin or end inside one,
    and a quote in print should not."""
    names = study.data.transcripts["name"]
    tid = int(names.index[names == transcript][0])
    with study.project.reading() as connection:
        text = transcript_texts(connection, [tid])[tid]
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _coders_agreeing(passages: pd.DataFrame) -> np.ndarray:
    """For each passage, how many coders coded an overlapping passage of the same transcript
    (itself included)."""
    out = np.zeros(len(passages), dtype=np.int64)
    positions = np.arange(len(passages))
    for _name, rows in passages.assign(_at=positions).groupby("transcript", sort=False):
        spans = list(rows[["_at", "start", "end", "coder"]].itertuples(index=False, name=None))
        for at, start, end, _coder in spans:
            out[at] = len({c for _a, s, e, c in spans if s < end and start < e})
    return out


def _citation(study: AppendixStudy, code: CodeInfo) -> str:
    options = study.options
    attrs = (options.group_attr, options.number_attr, options.year_attr)
    if not all(study.has(a) for a in attrs):
        return ""
    return citation(study.data, code.id, "Interview{s}: {groups}.", *attrs)
