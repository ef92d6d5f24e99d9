"""The project's log: the audit trail, coders' coding actions included, in time order."""

from __future__ import annotations

from datetime import UTC, datetime

from workbench.codebook.history import detail_of
from workbench.domain import EventInfo
from workbench.store.project import Project


def project_log(
    project: Project, since: datetime | None = None, coder: str | None = None
) -> list[EventInfo]:
    """Every logged action, oldest first, coding actions (`coding.apply`, `coding.remove`,
    `coding.memo`, `coding.undo`, `coding.redo`) among them for good. `since`: from that
    moment on (naive means UTC); `coder`: what that person did, or what was done to their
    work."""
    entries = project.events()
    if since is not None:
        entries = [e for e in entries if _utc(e.at) >= _utc(since)]
    if coder is not None:
        entries = [e for e in entries if coder in (e.actor, detail_of(e).get("coder"))]
    return sorted(entries, key=lambda e: _utc(e.at))


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
