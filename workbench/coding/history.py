"""The project's log: the audit trail and the coders' coding actions, in time order."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from workbench.codebook.history import detail_of
from workbench.domain import EventInfo
from workbench.store.action_log import action_entries
from workbench.store.project import Project


def project_log(
    project: Project, since: datetime | None = None, coder: str | None = None
) -> list[EventInfo]:
    """Every logged action, oldest first: audit-log events and coding actions (as
    `coding.apply`, `coding.remove`, `coding.memo`). `since`: from that moment on (naive
    means UTC); `coder`: what that person did, or what was done to their work."""
    with project.session() as session:
        actions = action_entries(session)
    entries = project.events() + [
        EventInfo(
            at=action.at,
            actor=action.coder,
            action=f"coding.{action.kind}",
            target=f"{action.transcript} [{action.start}, {action.end})",
            detail=json.dumps(
                {"code": action.code, **({"memo": action.memo} if action.kind == "memo" else {})},
                ensure_ascii=False,
            ),
            why="(undone)" if action.undone else "",
        )
        for action in actions
    ]
    if since is not None:
        entries = [e for e in entries if _utc(e.at) >= _utc(since)]
    if coder is not None:
        entries = [e for e in entries if coder in (e.actor, detail_of(e).get("coder"))]
    return sorted(entries, key=lambda e: _utc(e.at))


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
