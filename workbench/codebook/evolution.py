"""How the codebook grew: each code's creation, renames, moves, edits, merges, splits, retirement.

Read from the audit log. A code is followed under every name it had (walking the log back
from today's paths), so each change names the code as it is now (`code`) and as it was then
(`was`). "Codings then" is what the log recorded for merges, splits and retirements; for
the other changes, the codings made before the change that the code held then (following
codings back through later splits and merges); codings removed since are not counted.

A codebook load is one entry in the log that names every code it added, and so are a merge
of another copy and a REFI-QDA import that added codes (`history.log_arrival`):
`codebook_evolution` gives each of those codes a row (change "loaded"), `evolution_events`
folds them back into the one event the log recorded ("codebook loaded: 21 codes from FILE",
"... from b.db (a copy merged in)"), so that counting changes counts what the researchers did.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from workbench.codebook.history import ARRIVAL, VIA, detail_of
from workbench.domain import EventInfo
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import CodingKey, codings_by_key
from workbench.store.project import Project
from workbench.text.words import counted

COLUMNS = ["at", "actor", "change", "code", "was", "to", "in_vivo", "codings", "why", "event"]
# What `codebook history --csv` writes of `evolution_events`.
EVENT_COLUMNS = ["at", "actor", "change", "codes", "code", "was", "to", "in_vivo", "codings", "why"]
LOADED = "loaded"  # a code created by a codebook load: one of the load's many
UPDATED = "updated"  # a code a codebook load (or a merge) changed: one of the load's many
CHANGES = {
    "codebook.create": "created",
    "codebook.rename": "renamed",
    "codebook.move": "moved",
    "codebook.edit": "edited",
    "codebook.merge": "merged",
    "codebook.split": "split",
    "codebook.retire": "retired",
}
# Before in-vivo creation was recorded in the log's detail, the coding screen's reason said so.
LEGACY_IN_VIVO_WHY = "in-vivo code while coding"


@dataclass
class _Row:
    at: datetime
    actor: str
    change: str
    code: str
    was: str
    to: str = ""
    in_vivo: bool = False
    codings: int | None = None
    why: str = ""
    event: int = 0  # the log entry that recorded the change (its place among the codebook's)


def codebook_evolution(project: Project) -> pd.DataFrame:
    """One row per change to a code, oldest first: `at`, `actor`, `change` (loaded, created,
    updated by a load or merge, renamed, moved, edited, merged, split, retired), `code` (its
    path now), `was` (its path then), `to` (the new path, or the code merged or split into),
    `in_vivo` (created from a passage while coding), `codings` (how many it had then), `why`
    and `event` (which log entry recorded it: a load's codes share one)."""
    events = project.events("codebook.")
    with project.session() as session:
        index = CodeIndex(session)
        paths = {code.id: index.path(code) for _depth, code in index.ordered()}
        found = codings_by_key(session)
    held: dict[str, dict[CodingKey, datetime]] = {path: {} for path in paths.values()}
    for code_id, key, at in found:
        held[paths[code_id]][key] = at
    rows = _rows(events, list(paths.values()), _Codings(held))
    frame = pd.DataFrame([vars(row) for row in rows], columns=COLUMNS)
    return frame.astype({"in_vivo": bool, "codings": "int64", "event": "int64"})


@dataclass
class _Codings:
    """Each code's codings (by path today) as they were at the point the walk back reached."""

    held: dict[str, dict[CodingKey, datetime]]
    extra: Counter[str] = field(default_factory=Counter)  # merged twins, gone from the store

    def at(self, code: str, when: datetime) -> int:
        mine = self.held.get(code, {})
        return sum(1 for made in mine.values() if made <= when) + self.extra[code]

    def give_back(self, taker: str, giver: str, keys: object) -> None:
        """Undo a move of the codings `keys` from `giver` to `taker`."""
        taken = self.held.setdefault(taker, {})
        given = self.held.setdefault(giver, {})
        for key in keys if isinstance(keys, list) else []:
            if isinstance(key, list) and len(key) == 4:
                made = taken.pop((str(key[0]), str(key[1]), int(key[2]), int(key[3])), None)
                if made is not None:
                    given[(str(key[0]), str(key[1]), int(key[2]), int(key[3]))] = made


def _rows(events: list[EventInfo], paths: list[str], codings: _Codings) -> list[_Row]:
    """The changes, read newest first so that each path then maps to the code's path now, and
    each move of codings is undone before counting the codings a code had then."""
    now: dict[str, str] = {path: path for path in paths}  # path at this point -> path today
    rows: list[_Row] = []
    created: set[str] = set()
    for number, event in reversed(list(enumerate(events, start=1))):
        detail = detail_of(event)
        change = CHANGES.get(event.action)
        if event.action == ARRIVAL:
            new, changed = detail.get("new"), detail.get("changed")
            why = f"loaded from {event.target}{_via(detail)}"
            for path in reversed(changed) if isinstance(changed, list) else []:
                code = now.get(str(path), str(path))
                rows.append(_Row(event.at, event.actor, UPDATED, code, str(path),
                                 codings=codings.at(code, event.at), why=why,
                                 event=number))  # fmt: skip
            for path in reversed(new) if isinstance(new, list) else []:
                code = now.get(str(path), str(path))
                created.add(code)
                rows.append(_Row(event.at, event.actor, LOADED, code, str(path), codings=0,
                                 why=why, event=number))  # fmt: skip
            continue
        if change is None:
            continue
        to = str(detail.get("to") or detail.get("into") or "")
        if change in ("renamed", "moved"):
            code = now.get(to, to)
            _rename_back(now, to, event.target)
        else:
            code = now.get(event.target, event.target)
        row = _Row(event.at, event.actor, change, code, event.target, to, why=event.why,
                   event=number)  # fmt: skip
        if change == "created":
            created.add(code)
            row.codings = 0
            row.in_vivo = detail.get("in_vivo") is True or event.why == LEGACY_IN_VIVO_WHY
        elif change == "merged":
            row.to = now.get(to, to)
            if "codings" in detail:
                codings.give_back(row.to, code, detail["codings"])
                codings.extra[code] += _number(detail, "duplicates")
            else:  # logged before merges named their codings: the number alone
                codings.extra[code] += _number(detail, "moved") + _number(detail, "duplicates")
            row.codings = _number(detail, "moved") + _number(detail, "duplicates")
        elif change == "split":
            into = now.get(to, to)
            codings.give_back(into, code, detail.get("codings"))
            row.codings = _number(detail, "moved") + _number(detail, "stayed")
            created.add(into)
            rows.append(_Row(event.at, event.actor, "created", into, to,
                             why=f"split from {event.target}: {event.why}",
                             codings=_number(detail, "moved"), event=number))  # fmt: skip
        elif change == "retired":
            row.codings = _number(detail, "codings")
        else:
            row.codings = codings.at(code, event.at)
        rows.append(row)
    rows.reverse()
    rows.extend(_loaded_before_the_log(events, paths, created))
    return sorted(rows, key=lambda row: row.at)


def _via(detail: dict[str, object]) -> str:
    """' (a copy merged in)' after the source of codes that did not come from a codebook file."""
    how = VIA.get(str(detail.get("via", "")))
    return f" ({how})" if how else ""


def _rename_back(now: dict[str, str], to: str, before: str) -> None:
    """Before `before` was renamed (or moved) to `to`, it and its children had the old path."""
    for path in [p for p in now if p == to or p.startswith(to + "/")]:
        now[before + path[len(to) :]] = now.pop(path)


def _loaded_before_the_log(
    events: list[EventInfo], paths: list[str], created: set[str]
) -> list[_Row]:
    """Codes whose creation the log does not name (loaded before loads listed their new
    codes): created, as far as the log tells, by the first codebook load."""
    loads = [(n, e) for n, e in enumerate(events, start=1) if e.action == ARRIVAL]
    missing = [path for path in paths if path not in created]
    if not loads or not missing:
        return []
    number, first = loads[0]
    why = f"loaded from {first.target} (the first load: the log does not name its codes)"
    return [
        _Row(first.at, first.actor, LOADED, p, p, why=why, codings=0, event=number) for p in missing
    ]


def _number(detail: dict[str, object], key: str) -> int:
    value = detail.get(key)
    return value if isinstance(value, int) else 0


def evolution_events(evolution: pd.DataFrame) -> pd.DataFrame:
    """`codebook_evolution` with each load's codes folded into one row, as the log recorded it:
    `change` "loaded", `codes` how many, `code` and `was` their paths (`; `-separated, in the
    file's order), `why` "codebook loaded: 21 codes from FILE" (", 2 codes updated" when it
    changed codes too; a load that only changed codes is "updated", "codebook loaded: 2 codes
    updated from FILE") and `source` "from FILE". Every other change keeps its row, with
    `codes` 1 and no `source`."""
    rows: list[dict[str, object] | tuple[int, str]] = []
    loads: dict[tuple[int, str], list[dict[str, object]]] = {}
    for row in evolution.to_dict("records"):
        if row["change"] not in (LOADED, UPDATED):
            rows.append({**row, "codes": 1, "source": ""})
            continue
        key = (int(row["event"]), str(row["why"]))  # one load; the codes it did not name apart
        if key not in loads:
            loads[key] = []
            rows.append(key)
        loads[key].append(row)
    folded = [_folded(loads[row]) if isinstance(row, tuple) else row for row in rows]
    frame = pd.DataFrame(folded, columns=[*EVENT_COLUMNS, "source"])
    return frame.astype({"codes": "int64", "in_vivo": bool, "codings": "int64"})


def _folded(rows: list[dict[str, object]]) -> dict[str, object]:
    """One load's rows as one: the codes it added, else the codes it changed."""
    source = str(rows[0]["why"]).removeprefix("loaded ")  # "from FILE"
    codes = [row for row in rows if row["change"] == LOADED]
    changed = len(rows) - len(codes)
    if not codes:
        codes = rows
        why = f"codebook loaded: {counted(changed, 'code')} updated {source}"
    else:
        updated = f", {counted(changed, 'code')} updated" if changed else ""
        why = f"codebook loaded: {counted(len(codes), 'code')} {source}{updated}"
    return {
        **codes[0],
        "codes": len(codes),
        "code": "; ".join(str(row["code"]) for row in codes),
        "was": "; ".join(str(row["was"]) for row in codes),
        "codings": sum(int(str(row["codings"])) for row in codes),
        "why": why,
        "source": source,
    }
