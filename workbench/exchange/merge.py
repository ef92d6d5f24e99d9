"""Merging another copy of a project into this one: codes, transcripts, codings, memos, statuses.

Each coder codes a copy of the lead's project; the lead merges the copies back, one after the
other, and then compares the coders. Things are matched, never duplicated: transcripts by the
hash of their text, then by name; codes by guid, then by path; coders by name; a coding by its
transcript, code, coder and span. What the other copy has and this one lacks is added. Where
both copies hold something different (a code renamed two ways, a transcript of one name with
two texts, two memos on one coding) this copy's version is kept and the difference is listed:
nothing is dropped without being listed. All of it is one transaction: all or nothing.

A codebook change (rename, move, retire, merge) is taken from the other copy when its audit log
records the change and this copy's log records none to that code since the copies parted (the
entries both logs share); the other copy's log entries are added to this one's, so merging the
same copy again adds nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from workbench.domain import EventInfo, ProjectSnapshot, SnapshotCode
from workbench.store import snapshot as rows
from workbench.store.attributes import set_attribute_values
from workbench.store.codebook_rows import write_setting
from workbench.store.codings import NewCoding, add_codings
from workbench.store.project import Project, coder_by_name
from workbench.store.snapshot import event_key, snapshot_of
from workbench.store.transcript_rows import transcript_ids
from workbench.text.words import counted

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUS_RANK = {"not_started": 0, "in_progress": 1, "done": 2}
CODEBOOK_CHANGES = ("codebook.rename", "codebook.move", "codebook.retire", "codebook.merge")
CODE_TEXTS = ("description", "include", "exclude", "example")
LISTED = 20  # codings listed one by one in a conflict before "and N more"


@dataclass
class MergeReport:
    """What a merge added, what it found already there, and every difference it left alone."""

    origin: str
    added: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        kinds = ("transcript", "code", "codebook change", "coder", "coding", "memo", "coder status")
        added = [counted(self.added[k], k) for k in kinds if self.added[k]]
        matched = [counted(self.matched[k], k) for k in kinds if self.matched[k]]
        out = [
            f"merged {self.origin}: added {', '.join(added) or 'nothing'}",
            f"  already here: {', '.join(matched) or 'nothing'}",
        ]
        out += [f"  note: {note}" for note in self.notes]
        out += [f"  conflict: {conflict}" for conflict in self.conflicts]
        return out


def merge_project(project: Project, other: ProjectSnapshot, origin: str) -> MergeReport:
    """Bring `other` (another copy, read as a snapshot) into `project`, in one transaction."""
    report = MergeReport(origin)
    with project.session() as session:
        here = snapshot_of(session)
        merger = _Merger(session, here, other, report)
        merger.codes()
        merger.coders()
        merger.transcripts()
        merger.codings()
        merger.memos()
        merger.statuses()
        merger.settings()
        merger.log(project, origin)
    return report


def _paths(codes: tuple[SnapshotCode, ...]) -> dict[str, str]:
    """guid -> `Parent/Child` path."""
    by_guid = {code.guid: code for code in codes}
    paths: dict[str, str] = {}
    for code in codes:
        names, seen, node = [code.name], {code.guid}, code
        while node.parent_guid is not None and node.parent_guid not in seen:
            node = by_guid[node.parent_guid]
            seen.add(node.guid)
            names.append(node.name)
        paths[code.guid] = "/".join(reversed(names))
    return paths


def _touched(events: list[EventInfo], path: str) -> list[EventInfo]:
    """The codebook entries among `events` that changed the code now at `path`, following
    its renames and moves back in time."""
    names, found = {path}, []
    for event in reversed(events):
        if event.action not in CODEBOOK_CHANGES:
            continue
        to = _detail(event).get("to")
        if event.action in ("codebook.rename", "codebook.move") and to in names:
            names.add(event.target)
            found.append(event)
        elif event.target in names:
            found.append(event)
    return found


def _detail(event: EventInfo) -> dict[str, object]:
    try:
        value = json.loads(event.detail) if event.detail else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class _Merger:
    """One merge's state: the two snapshots and the ids they map to in this project."""

    def __init__(
        self, session: Session, here: ProjectSnapshot, other: ProjectSnapshot, report: MergeReport
    ):
        self.session, self.here, self.other, self.report = session, here, other, report
        shared = {event_key(e) for e in here.events} & {event_key(e) for e in other.events}
        self.here_only = [e for e in here.events if event_key(e) not in shared]
        self.other_only = [e for e in other.events if event_key(e) not in shared]
        self.withheld: set[tuple[str, str, str, str, str]] = set()  # entries not applied
        self.code_ids: dict[str, int] = {}  # other's guid -> this project's code id
        self.here_code_ids = rows.code_ids(session)  # this project's guid -> id
        self.coder_ids: dict[str, int] = {}
        self.transcript_ids: dict[str, int] = {}  # other's name -> this project's id
        self.refused: set[str] = set()  # other's transcripts whose codings cannot come

    # -- codebook --------------------------------------------------------------------------------

    def codes(self) -> None:
        ids = self.here_code_ids
        here_by_guid = {code.guid: code for code in self.here.codes}
        here_paths = _paths(self.here.codes)
        guid_by_path = {path: guid for guid, path in here_paths.items()}
        other_paths = _paths(self.other.codes)
        later: list[tuple[SnapshotCode, int]] = []
        matched: list[tuple[SnapshotCode, SnapshotCode]] = []
        for code in _parents_first(self.other.codes):
            mine = here_by_guid.get(code.guid)
            if mine is None and other_paths[code.guid] in guid_by_path:
                mine = here_by_guid[guid_by_path[other_paths[code.guid]]]
                self.report.notes.append(
                    f"code '{other_paths[code.guid]}' matched by path (its guid differs)"
                )
            if mine is None:
                parent = self.code_ids[code.parent_guid] if code.parent_guid else None
                self.code_ids[code.guid] = rows.add_code(self.session, code, parent, code.position)
                self.here_code_ids[code.guid] = self.code_ids[code.guid]
                self.report.added["code"] += 1
                if code.merged_into_guid:
                    later.append((code, self.code_ids[code.guid]))
                continue
            self.code_ids[code.guid] = ids[mine.guid]
            self.report.matched["code"] += 1
            matched.append((mine, code))
        # Once every code of the other copy has its id here: parents and merge targets too.
        for mine, code in matched:
            self._reconcile_code(mine, code, here_paths[mine.guid], other_paths[code.guid])
        for code, code_id in later:
            target = code.merged_into_guid
            if target is not None and target in self.code_ids:
                rows.update_code(self.session, code_id, merged_into_id=self.code_ids[target])

    def _reconcile_code(
        self, mine: SnapshotCode, theirs: SnapshotCode, path: str, their_path: str
    ) -> None:
        code_id = self.code_ids[theirs.guid]
        their_parent = self.code_ids.get(theirs.parent_guid) if theirs.parent_guid else None
        my_parent = self._id(mine.parent_guid)
        their_target = (
            self.code_ids.get(theirs.merged_into_guid) if theirs.merged_into_guid else None
        )
        state_differs = (mine.name, my_parent, mine.status, self._id(mine.merged_into_guid)) != (
            theirs.name,
            their_parent,
            theirs.status,
            their_target,
        )
        if state_differs:
            theirs_changed = _touched(self.other_only, their_path)
            mine_changed = _touched(self.here_only, path)
            if theirs_changed and not mine_changed:
                rows.update_code(
                    self.session,
                    code_id,
                    name=theirs.name,
                    parent_id=their_parent,
                    status=theirs.status,
                    merged_into_id=their_target,
                )
                self.report.added["codebook change"] += len(theirs_changed)
            elif theirs_changed or not mine_changed:  # a change here alone is simply kept
                self.withheld |= {event_key(e) for e in theirs_changed}
                why = (
                    "changed in both copies"
                    if theirs_changed
                    else "different, and neither copy's log says why"
                )
                self.report.conflicts.append(
                    f"code '{path}' ({mine.status}) is '{their_path}' ({theirs.status}) in "
                    f"{self.report.origin}: {why}; kept this copy's"
                )
        filled = {
            column: getattr(theirs, column)
            for column in (*CODE_TEXTS, "colour")
            if not getattr(mine, column) and getattr(theirs, column)
        }
        if filled:
            rows.update_code(self.session, code_id, **filled)
        for column in (*CODE_TEXTS, "colour", "key"):
            if getattr(mine, column) and getattr(theirs, column) not in (
                "",
                None,
                getattr(mine, column),
            ):
                self.report.conflicts.append(
                    f"code '{path}': its {column} differs in {self.report.origin}; kept this copy's"
                )

    def _id(self, guid: str | None) -> int | None:
        return None if guid is None else self.here_code_ids.get(guid)

    # -- coders and transcripts -------------------------------------------------------------------

    def coders(self) -> None:
        here = set(self.here.coders)
        for name in self.other.coders:
            self.coder_ids[name] = coder_by_name(self.session, name, create=True).id
            self.report.added["coder"] += name not in here
            self.report.matched["coder"] += name in here

    def transcripts(self) -> None:
        by_hash = {t.sha256: t for t in self.here.transcripts}
        by_name = {t.name: t for t in self.here.transcripts}
        ids = transcript_ids(self.session)
        for theirs in self.other.transcripts:
            mine = by_hash.get(theirs.sha256)
            if mine is not None:
                if mine.name != theirs.name:
                    self.report.notes.append(
                        f"transcript '{theirs.name}' of {self.report.origin} is '{mine.name}' "
                        "here (same text)"
                    )
                self.transcript_ids[theirs.name] = ids[mine.name]
                self.report.matched["transcript"] += 1
                for name, value in theirs.attributes.items():
                    if name not in mine.attributes:
                        set_attribute_values(self.session, [(ids[mine.name], name, value)])
                    elif mine.attributes[name] != value:
                        self.report.conflicts.append(
                            f"transcript '{mine.name}': attribute {name} is '{value}' in "
                            f"{self.report.origin}, '{mine.attributes[name]}' here; kept this "
                            "copy's"
                        )
            elif theirs.name in by_name:
                self.refused.add(theirs.name)
            else:
                self.transcript_ids[theirs.name] = rows.add_transcript(self.session, theirs)
                self.report.added["transcript"] += 1

    # -- codings, memos, statuses ------------------------------------------------------------------

    def codings(self) -> None:
        here_ids = transcript_ids(self.session)
        code_ids = self.here_code_ids
        coder_ids = {name: coder_by_name(self.session, name).id for name in self.here.coders}
        existing = {
            (here_ids[c.transcript], code_ids[c.code_guid], coder_ids[c.coder], c.start, c.end): c
            for c in self.here.codings
        }
        # A code this copy merged into another: the other copy's codings of it move too.
        moved = {
            code_ids[c.guid]: code_ids[c.merged_into_guid]
            for c in self.here.codes
            if c.status == "merged" and c.merged_into_guid in code_ids
        }
        new: list[NewCoding] = []
        dropped: dict[str, list[str]] = {}
        for coding in self.other.codings:
            if coding.transcript in self.refused:
                dropped.setdefault(coding.transcript, []).append(
                    f"{coding.coder} [{coding.start}, {coding.end})"
                )
                continue
            code_id = self.code_ids[coding.code_guid]
            key = (
                self.transcript_ids[coding.transcript],
                moved.get(code_id, code_id),
                self.coder_ids[coding.coder],
                coding.start,
                coding.end,
            )
            mine = existing.get(key)
            if mine is None:
                existing[key] = coding
                new.append(NewCoding(*key, memo=coding.memo, created_at=coding.created_at))
                continue
            self.report.matched["coding"] += 1
            if coding.memo and not mine.memo:
                rows.set_coding_memo(self.session, key, coding.memo)
                self.report.added["memo"] += 1
            elif coding.memo and coding.memo != mine.memo:
                self.report.conflicts.append(
                    f"{coding.transcript}: {coding.coder}'s coding [{coding.start}, "
                    f"{coding.end}) has another memo in {self.report.origin}; kept this copy's"
                )
        add_codings(self.session, new)
        self.report.added["coding"] += len(new)
        for name, spans in sorted(dropped.items()):
            shown = ", ".join(spans[:LISTED]) + (
                f" and {len(spans) - LISTED} more" if len(spans) > LISTED else ""
            )
            self.report.conflicts.append(
                f"transcript '{name}' has other text in {self.report.origin}: "
                f"{counted(len(spans), 'coding')} not brought in: {shown}"
            )
        for name in sorted(self.refused - set(dropped)):
            self.report.conflicts.append(
                f"transcript '{name}' has other text in {self.report.origin}; not brought in"
            )

    def memos(self) -> None:
        here_ids = transcript_ids(self.session)
        coder_ids = {name: coder_by_name(self.session, name).id for name in self.here.coders}
        existing = {
            (
                here_ids[memo.transcript] if memo.transcript else None,
                self.here_code_ids[memo.code_guid] if memo.code_guid else None,
                coder_ids[memo.coder] if memo.coder else None,
            ): memo.text
            for memo in self.here.memos
        }
        for memo in self.other.memos:
            if memo.transcript in self.refused or not memo.text:
                continue
            transcript_id = self.transcript_ids.get(memo.transcript) if memo.transcript else None
            code_id = self.code_ids.get(memo.code_guid) if memo.code_guid else None
            coder_id = self.coder_ids.get(memo.coder) if memo.coder else None
            key = (transcript_id, code_id, coder_id)
            if key not in existing:
                rows.add_memo(self.session, *key, memo.text)
                existing[key] = memo.text
                self.report.added["memo"] += 1
            elif not existing[key]:
                rows.set_memo_text(self.session, *key, memo.text)
                self.report.added["memo"] += 1
            elif existing[key] != memo.text:
                where = memo.transcript or "the project"
                self.report.conflicts.append(
                    f"{memo.coder or 'someone'}'s memo on {where} differs in "
                    f"{self.report.origin}; kept this copy's"
                )
            else:
                self.report.matched["memo"] += 1

    def statuses(self) -> None:
        here_ids = transcript_ids(self.session)
        coder_ids = {name: coder_by_name(self.session, name).id for name in self.here.coders}
        here = {
            (here_ids[t], coder_ids[c]): status for (t, c), status in self.here.statuses.items()
        }
        for (transcript, coder), status in self.other.statuses.items():
            if transcript in self.refused:
                continue
            key = (self.transcript_ids[transcript], self.coder_ids[coder])
            if STATUS_RANK[status] > STATUS_RANK.get(here.get(key, "not_started"), 0):
                rows.set_status(self.session, *key, status)
                here[key] = status
                self.report.added["coder status"] += 1
            elif here.get(key) == status:
                self.report.matched["coder status"] += 1

    def settings(self) -> None:
        for key, value in self.other.settings.items():
            if key not in self.here.settings:
                write_setting(self.session, key, value)

    def log(self, project: Project, origin: str) -> None:
        for event in self.other_only:
            if event_key(event) not in self.withheld:
                rows.copy_event(self.session, event)
        detail = {
            "added": dict(self.report.added),
            "conflicts": len(self.report.conflicts),
        }
        project.log(self.session, "project.merge", origin, json.dumps(detail, sort_keys=True))


def _parents_first(codes: tuple[SnapshotCode, ...]) -> list[SnapshotCode]:
    """Codes ordered so that each comes after its parent, siblings in codebook order."""
    children: dict[str | None, list[SnapshotCode]] = {}
    for code in codes:
        children.setdefault(code.parent_guid, []).append(code)
    out: list[SnapshotCode] = []

    def visit(parent: str | None) -> None:
        for code in sorted(children.get(parent, []), key=lambda c: c.position):
            out.append(code)
            visit(code.guid)

    visit(None)
    return out
