"""What every appendix section reads: the study, its codebook and the options, read once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.codebook import service
from workbench.domain import CodeInfo
from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, load_study
from workbench.store.project import Project

UNITS = ("utterance", "sentence", "character", "span")


@dataclass(frozen=True)
class AppendixOptions:
    """The attributes that name an interview's group, number and year (as in citations),
    and the unit of the agreement figures."""

    group_attr: str = "group"
    number_attr: str = "number"
    year_attr: str = "year"
    unit: str = "utterance"


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
    chosen = list(coders) if coders else None
    return AppendixStudy(project, data, service.codes(project), chosen, options)
