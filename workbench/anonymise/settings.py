"""The study's anonymisation settings: kinds it allows as a class, speaker roles, phone regions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.anonymise.phones import DEFAULT_REGIONS
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.store.project import Project

# Read through the project's Core reads, not an ORM session: screening a typed name (a new
# coder's, as the TUI starts) needs these settings, and the ORM and the transcript rows
# (numpy) are not worth loading for them.

ALLOWED_KINDS = "anonymise.allowed_kinds"
ROLES = "anonymise.roles"
REGIONS = "anonymise.regions"


@dataclass(frozen=True)
class StudySettings:
    allowed_kinds: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    regions: tuple[str, ...] = DEFAULT_REGIONS


def study_settings(project: Project) -> StudySettings:
    keys = (ALLOWED_KINDS, ROLES, REGIONS)
    found = project.settings(keys)
    kinds, roles, regions = (listed(found.get(key, "")) for key in keys)
    return StudySettings(
        frozenset(kinds),
        frozenset(r.casefold() for r in roles),
        tuple(r.upper() for r in regions) or DEFAULT_REGIONS,
    )


def set_study_settings(
    project: Project, roles: list[str] | None = None, regions: list[str] | None = None
) -> None:
    """Replace the study's speaker roles or phone regions (a list of none clears it)."""
    import phonenumbers

    from workbench.store.codebook_rows import write_setting

    for region in regions or []:
        if region.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise WorkbenchError(f"unknown phone region '{region}' (a two-letter code: GB, CH)")
    with project.session() as session:
        for key, values in ((ROLES, roles), (REGIONS, regions)):
            if values is not None:
                write_setting(session, key, ",".join(v.strip() for v in values if v.strip()))
                project.log(session, "anonymise.settings", f"{key}={','.join(values)}")


def listed(value: str) -> list[str]:
    """The items of a comma-separated setting."""
    return [item.strip() for item in value.split(",") if item.strip()]
