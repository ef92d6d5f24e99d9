"""The appendix's first section: who was interviewed, by group and year, as a methods table."""

from __future__ import annotations

from workbench.stats.appendix.base import AppendixStudy
from workbench.stats.appendix.document import Block, Paragraph, Section, Table
from workbench.stats.appendix.figures import interviews, interviews_by_group_and_year
from workbench.text.words import counted

STUDY = ("The study", "study")  # title, anchor: the report links to it


def study_section(study: AppendixStudy) -> Section:
    """The interviews by group and year (when the project has both attributes), then each
    interview with its group, number, year and length."""
    options, data = study.options, study.data
    listed = interviews(data, options.group_attr, options.number_attr, options.year_attr)
    total_words = int(listed["words"].sum())
    blocks: list[Block] = [
        Paragraph(
            f"The study rests on {counted(len(listed), 'interview')} "
            f"({counted(total_words, 'word')} spoken, speaker labels and timestamps not counted)."
        )
    ]
    if study.has(options.group_attr) and study.has(options.year_attr):
        blocks.append(
            Table(
                interviews_by_group_and_year(data, options.group_attr, options.year_attr),
                f"Interviews by {options.group_attr} and {options.year_attr}",
            )
        )
    else:
        missing = [a for a in (options.group_attr, options.year_attr) if not study.has(a)]
        blocks.append(
            Paragraph(
                f"No table by group and year: the project has no attribute "
                f"{' or '.join(repr(a) for a in missing)} (see --group-attr, --year-attr).",
                note=True,
            )
        )
    blocks.append(Table(listed, "Interviews"))
    return Section(*STUDY, blocks)
