"""What every appendix section reads: the study, its codebook and the options, read once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workbench.codebook import reading
from workbench.domain import CodeInfo
from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, load_study
from workbench.stats.saturation import SaturationRule
from workbench.store.project import Project

UNITS = ("utterance", "sentence", "character", "span")


@dataclass(frozen=True)
class AppendixOptions:
    """The attributes that name an interview's group, number and year (as in citations),
    the unit of the agreement figures, and the interviews' order (an attribute; None: the
    order they were conducted: `interview_order.choose_order`) and rule for saturation."""

    group_attr: str = "group"
    number_attr: str = "number"
    year_attr: str = "year"
    unit: str = "utterance"
    order: str | None = None
    saturation: SaturationRule = field(default_factory=SaturationRule)


@dataclass
class AppendixStudy:
    """The one data model the section functions read: the numbers (whose coding they count
    is `data.counted`), the codebook in codebook order, the coders chosen (None: as the
    reports choose) and the options."""

    project: Project
    data: StudyData
    codes: list[CodeInfo]
    coders: list[str] | None
    options: AppendixOptions

    @property
    def title(self) -> str:
        return self.project.setting("codebook.name", "Codebook")

    def has(self, attribute: str) -> bool:
        return attribute in self.data.attribute_names


def read_study(
    project: Project, coders: Sequence[str] | None = None, options: AppendixOptions | None = None
) -> AppendixStudy:
    options = options or AppendixOptions()
    if options.unit not in UNITS:
        raise WorkbenchError(f"unit must be one of {', '.join(UNITS)}, not '{options.unit}'")
    data = load_study(project, coders, prefer_consensus=True)
    if options.order is not None:
        data.check_attributes([options.order])
    chosen = list(coders) if coders else None
    return AppendixStudy(project, data, reading.codes(project), chosen, options)
