"""The order interviews are taken in for saturation: the one place that decides it.

Saturation asks whether later interviews still add codes, so "later" must mean what it
meant in the field: the order the interviews were conducted. Given no `--order`, that is a
date attribute (`date`, `interview_date`), else `year`, when every coded interview has a
value of it; else the natural order of the transcripts' names ("int_2" before "int_10").
Never the order of import, which records when files were added, not when people spoke.
Ties (two interviews in one year) go by transcript name.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, natural_key

# Attributes that say when an interview was conducted, finest first (matched ignoring case).
CONDUCTED = ("date", "interview_date", "year")


@dataclass(frozen=True)
class InterviewOrder:
    """By `attribute` (None: by transcript name); `given` when the user chose it."""

    attribute: str | None
    given: bool = False

    @property
    def label(self) -> str:
        """Short, for a rule line or a figure's caption: 'year (when conducted)'."""
        if self.given:
            return str(self.attribute)
        if self.attribute is None:
            return "transcript name (natural order)"
        return f"{self.attribute} (when conducted; ties by transcript name)"

    def sentence(self) -> str:
        """How the interviews are taken, for a methods text: 'in the order they were ...'."""
        if self.given:
            return f"by {self.attribute} (natural order of its values; ties by transcript name)"
        if self.attribute is None:
            return (
                "in the natural order of their transcript names (the study has no date or "
                "year for every interview)"
            )
        return f"in the order they were conducted, by {self.attribute} (ties by transcript name)"


def choose_order(
    data: StudyData, order: str | None = None, by: str | None = None
) -> InterviewOrder:
    """`order` if given (it must be an attribute); else the first of `CONDUCTED` that every
    coded interview has a value of (not `by`: within its groups it orders nothing); else
    transcript names."""
    if order is not None:
        data.check_attributes([order])
        return InterviewOrder(order, given=True)
    coded = set(data.codings["transcript_id"].tolist())
    names = {name.casefold(): name for name in data.attribute_names if name != by}
    for wanted in CONDUCTED:
        name = names.get(wanted)
        if name is not None and all(data.transcripts.at[t, name] != "" for t in coded):
            return InterviewOrder(name)
    return InterviewOrder(None)


def interview_order(data: StudyData, chosen: InterviewOrder) -> list[int]:
    """Transcript ids with a counted coding, in the `chosen` order (natural order of the
    attribute's values, ties by name). A chosen attribute needs a value for every one."""
    coded = set(data.codings["transcript_id"].tolist())
    ids = [tid for tid in data.transcripts.index if tid in coded]
    names = data.transcripts["name"]
    if chosen.attribute is None:
        return sorted(ids, key=lambda tid: natural_key(names[tid]))
    order = chosen.attribute
    values = data.transcripts[order]
    missing = [str(names[tid]) for tid in sorted(ids) if values[tid] == ""]
    if missing:
        raise WorkbenchError(
            f"--order {order}: no value for {', '.join(missing[:3])}"
            + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        )
    return sorted(ids, key=lambda tid: (natural_key(values[tid]), natural_key(names[tid])))
