"""The codebook's audit trail: codes that came in at once logged as one entry, and which
logged changes concern a code, through its renames."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from workbench.domain import EventInfo
from workbench.store.codeindex import CodeIndex
from workbench.store.project import Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ARRIVAL = "codebook.load"  # codes that came in at once, from a file or another project
# How codes came in, besides a codebook file loaded: the history says it after the source.
VIA = {"merge": "a copy merged in", "import": "a REFI-QDA project imported"}


def log_arrival(
    project: Project,
    session: Session,
    source: str,
    new: Sequence[str],
    updated: int,
    via: str = "",
    changed: Sequence[str] = (),
) -> None:
    """Log codes that came into the codebook at once as one entry: `source` (the file's
    name as the gate left it), the `new` codes' paths here, how many codes it matched and
    `updated`, the paths of those it `changed`, and `via` what (a key of `VIA`; none for a
    codebook file loaded). The codebook's history reads the new and changed codes from it."""
    detail: dict[str, object] = {"created": len(new), "updated": updated, "new": list(new)}
    if changed:
        detail["changed"] = list(changed)
    if via:
        detail["via"] = via
    project.log(session, ARRIVAL, source, json.dumps(detail, ensure_ascii=False))


def detail_of(event: EventInfo) -> dict[str, object]:
    """An event's detail as a dict ({} when it is not a JSON object)."""
    try:
        value = json.loads(event.detail) if event.detail else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def merged_in(event: EventInfo) -> bool:
    """Whether `event` logged codes that came in by a merge or an import (`log_arrival`)."""
    return event.action == ARRIVAL and "via" in detail_of(event)


def touched(
    events: list[EventInfo],
    path: str,
    actions: Collection[str] | None = None,
    *,
    received: bool = False,
) -> list[EventInfo]:
    """The codebook entries among `events` (of `actions`, or any `codebook.` one) that changed
    the code now at `path`, going back in time through its renames and moves and those of the
    codes above it; newest first. With `received`, also those that merged or split codings
    into it."""
    names: set[str] = {path}
    found: list[EventInfo] = []
    for event in reversed(events):
        if actions is not None and event.action not in actions:
            continue
        if actions is None and not event.action.startswith("codebook."):
            continue
        detail = detail_of(event)
        to = detail.get("to")
        if event.action in ("codebook.rename", "codebook.move") and isinstance(to, str):
            before = {
                event.target + name[len(to) :]
                for name in names
                if name == to or name.startswith(to + "/")
            }
            if to in names:  # the code itself was renamed or moved
                found.append(event)
            names |= before
        elif event.target in names or (received and detail.get("into") in names):
            found.append(event)
    return found


def code_log(project: Project, code: str | None = None) -> list[EventInfo]:
    """The codebook's audit trail, oldest first: every change, or those of one code (a name
    or a path), under whatever names it had."""
    events = project.events("codebook.")
    if code is None:
        return events
    with project.session() as session:
        index = CodeIndex(session)
        path = index.path(index.resolve(code))
    return list(reversed(touched(events, path, received=True)))
