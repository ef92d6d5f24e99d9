"""Merging another copy's codebook: codes matched or added, its changes taken when safe.

A change of the other copy's (rename, move, retire, merge) is taken when only its audit log
records one for that code since the copies parted, and only if the codebook stays whole: no
code inside itself, no two siblings of one name, no active code under a merged or retired one,
a merge target that is active here. Anything else is listed as a conflict and this copy's
version kept. This copy's codebook is followed as it changes (`CodeTree`), so every check sees
the codes added and changed before it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath
from typing import TYPE_CHECKING

from workbench.codebook.history import touched
from workbench.domain import EventInfo, SnapshotCode
from workbench.store import snapshot as rows
from workbench.store.codebook_rows import merge_codings
from workbench.store.snapshot import event_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.exchange.merge import MergeReport

CODEBOOK_CHANGES = ("codebook.rename", "codebook.move", "codebook.retire", "codebook.merge")
CODE_TEXTS = ("description", "include", "exclude", "example")
EventKey = tuple[str, str, str, str, str]


@dataclass
class Node:
    """A code of this project as the merge has left it so far."""

    guid: str
    name: str
    parent_id: int | None
    status: str
    merged_into_id: int | None
    key: str | None


class CodeTree:
    """This project's codes by id, kept up to date as the merge adds and changes them."""

    def __init__(self, codes: tuple[SnapshotCode, ...], ids: dict[str, int]):
        self.nodes = {ids[c.guid]: Node(c.guid, c.name, None, c.status, None, c.key) for c in codes}
        for code in codes:
            node = self.nodes[ids[code.guid]]
            node.parent_id = ids[code.parent_guid] if code.parent_guid else None
            node.merged_into_id = ids.get(code.merged_into_guid or "")

    def path(self, code_id: int) -> str:
        names, seen, node = [], set(), self.nodes[code_id]
        while True:
            names.append(node.name)
            if node.parent_id is None or node.parent_id in seen:
                return "/".join(reversed(names))
            seen.add(node.parent_id)
            node = self.nodes[node.parent_id]

    def ancestors(self, code_id: int | None) -> list[int]:
        found: list[int] = []
        while code_id is not None and code_id not in found:
            found.append(code_id)
            code_id = self.nodes[code_id].parent_id
        return found

    def named(self, parent_id: int | None, name: str) -> list[int]:
        return [i for i, n in self.nodes.items() if n.parent_id == parent_id and n.name == name]

    def active_children(self, code_id: int) -> list[int]:
        return [i for i, n in self.nodes.items() if n.parent_id == code_id and n.status == "active"]

    def final(self, code_id: int) -> int:
        """The code a merged code's codings belong to now, following merges to the end."""
        seen = {code_id}
        while (target := self.nodes[code_id].merged_into_id) is not None and target not in seen:
            seen.add(target)
            code_id = target
        return code_id

    def active_keys(self) -> set[str]:
        return {n.key for n in self.nodes.values() if n.key and n.status == "active"}


class CodebookMerge:
    """The codebook half of one merge: `ids` maps the other copy's guids to codes here."""

    def __init__(
        self,
        session: Session,
        here: tuple[SnapshotCode, ...],
        other: tuple[SnapshotCode, ...],
        here_only: list[EventInfo],
        other_only: list[EventInfo],
        report: MergeReport,
        logged: str,
    ):
        self.session, self.here, self.other, self.report = session, here, other, report
        self.here_only, self.other_only = here_only, other_only
        self.here_ids = rows.code_ids(session)
        self.tree = CodeTree(here, self.here_ids)
        self.ids: dict[str, int] = {}
        self.withheld: set[EventKey] = set()
        # A new code named like one here is stored as "Name (bea.db)": the copy's name as
        # the log keeps it (`logged`, through the gate), not as it was typed.
        self.origin = PurePath(logged).name or logged
        self.added: list[int] = []  # the codes added, parents first: the log names them
        self.filled: list[int] = []  # codes here whose empty texts the other copy's filled

    def run(self) -> None:
        here_by_guid = {code.guid: code for code in self.here}
        other_guids = {code.guid for code in self.other}
        by_path = {self.tree.path(i): n.guid for i, n in self.tree.nodes.items()}
        other_paths = _paths(self.other)
        matched: list[tuple[SnapshotCode, SnapshotCode]] = []
        merged_later: list[SnapshotCode] = []
        for code in _parents_first(self.other):
            mine = here_by_guid.get(code.guid)
            path = other_paths[code.guid]
            guid_there = by_path.get(path)
            # By path only a code the other copy does not hold under its own guid elsewhere
            # (a new code named like one it renamed is another code).
            if (
                mine is None
                and guid_there
                and guid_there not in other_guids
                and self.here_ids[guid_there] not in self.ids.values()
            ):
                mine = here_by_guid[guid_there]
                self.report.notes.append(f"code '{path}' matched by path (its guid differs)")
            if mine is None:
                self._add(code)
                if code.merged_into_guid:
                    merged_later.append(code)
                continue
            self.ids[code.guid] = self.here_ids[mine.guid]
            self.report.matched["code"] += 1
            matched.append((mine, code))
        for code in merged_later:
            self._merge_new(code)
        # Once every code of the other copy has its id here: parents and targets too.
        for mine, code in matched:
            self._reconcile(mine, code, other_paths[code.guid])

    def new_paths(self) -> list[str]:
        """The paths here, as the merge left them, of the codes it added."""
        return [self.tree.path(code_id) for code_id in self.added]

    def filled_paths(self) -> list[str]:
        """The paths here of the codes whose empty texts (or colour) it filled in."""
        return [self.tree.path(code_id) for code_id in self.filled]

    def coding_code(self, other_guid: str) -> int:
        """The code here that the other copy's codings of `other_guid` belong to."""
        return self.tree.final(self.ids[other_guid])

    # -- new codes -------------------------------------------------------------------------------

    def _add(self, code: SnapshotCode) -> None:
        parent = self.ids[code.parent_guid] if code.parent_guid else None
        name, status, key = code.name, code.status, code.key
        if parent is not None and self.tree.nodes[parent].status == "merged":
            merged_parent = self.tree.path(parent)
            parent = self.tree.final(parent)
            self.report.notes.append(
                f"new code '{name}' placed under '{self.tree.path(parent)}', which "
                f"'{merged_parent}' was merged into here"
            )
        if (
            parent is not None
            and self.tree.nodes[parent].status == "retired"
            and status == "active"
        ):
            status = "retired"
            self.report.notes.append(
                f"new code '{name}' added retired: '{self.tree.path(parent)}' is retired here"
            )
        if self.tree.named(parent, name):
            taken, number = name, 2
            name = f"{taken} ({self.origin})"
            while self.tree.named(parent, name):
                name, number = f"{taken} ({self.origin} {number})", number + 1
            self.report.notes.append(
                f"new code '{taken}' of {self.origin} added as '{name}': another code has "
                "that name here"
            )
        if key and (status != "active" or key in self.tree.active_keys()):
            if status == "active":
                self.report.notes.append(f"new code '{name}' added without key '{key}' (taken)")
            key = None
        added = replace(code, name=name, status=status, key=key, merged_into_guid=None)
        code_id = rows.add_code(self.session, added, parent, code.position)
        self.ids[code.guid] = self.here_ids[code.guid] = code_id
        self.tree.nodes[code_id] = Node(code.guid, name, parent, status, None, key)
        self.added.append(code_id)
        self.report.added["code"] += 1

    def _merge_new(self, code: SnapshotCode) -> None:
        code_id = self.ids[code.guid]
        target = self.ids.get(code.merged_into_guid or "")
        if target is not None:
            target = self.tree.final(target)
            rows.update_code(self.session, code_id, merged_into_id=target)
            self.tree.nodes[code_id].merged_into_id = target

    # -- codes both copies have ------------------------------------------------------------------

    def _reconcile(self, mine: SnapshotCode, theirs: SnapshotCode, their_path: str) -> None:
        code_id = self.ids[theirs.guid]
        node = self.tree.nodes[code_id]
        path = self.tree.path(code_id)
        parent = self.ids[theirs.parent_guid] if theirs.parent_guid else None
        target = self.ids.get(theirs.merged_into_guid or "")
        target = self.tree.final(target) if target is not None else None
        if (node.name, node.parent_id, node.status, node.merged_into_id) != (
            theirs.name,
            parent,
            theirs.status,
            target,
        ):
            theirs_changed = touched(self.other_only, their_path, CODEBOOK_CHANGES)
            mine_changed = touched(self.here_only, path, CODEBOOK_CHANGES)
            problem = self._unsafe(code_id, theirs, parent, target)
            if theirs_changed and not mine_changed and problem is None:
                self._apply(code_id, theirs, parent, target)
                self.report.added["codebook change"] += len(theirs_changed)
            elif theirs_changed or not mine_changed:  # a change here alone is simply kept
                self.withheld |= {event_key(e) for e in theirs_changed}
                why = (
                    problem
                    if theirs_changed and not mine_changed
                    else "changed in both copies"
                    if theirs_changed
                    else "different, and neither copy's log says why"
                )
                self.report.conflicts.append(
                    f"code '{path}' ({node.status}) is '{their_path}' ({theirs.status}) in "
                    f"{self.origin}: {why}; kept this copy's"
                )
        self._texts(code_id, mine, theirs, path)

    def _unsafe(
        self, code_id: int, theirs: SnapshotCode, parent: int | None, target: int | None
    ) -> str | None:
        """Why taking the other copy's state would break this codebook, or None."""
        tree = self.tree
        if code_id in tree.ancestors(parent):
            return "it would sit inside itself"
        if [i for i in tree.named(parent, theirs.name) if i != code_id]:
            return f"another code is named '{theirs.name}' there"
        if (
            parent is not None
            and tree.nodes[parent].status != "active"
            and theirs.status == ("active")
        ):
            return f"'{tree.path(parent)}' is {tree.nodes[parent].status} here"
        if theirs.status != "active" and tree.active_children(code_id):
            return "it has active codes below it here"
        if theirs.status == "merged" and (
            target is None or target == code_id or tree.nodes[target].status != "active"
        ):
            return "what it was merged into is not an active code here"
        return None

    def _apply(
        self, code_id: int, theirs: SnapshotCode, parent: int | None, target: int | None
    ) -> None:
        node = self.tree.nodes[code_id]
        key = node.key if theirs.status == "active" else None  # a code out of use keeps none
        rows.update_code(
            self.session,
            code_id,
            name=theirs.name,
            parent_id=parent,
            status=theirs.status,
            merged_into_id=target if theirs.status == "merged" else None,
            key=key,
        )
        if theirs.status == "merged" and target is not None and node.status != "merged":
            merge_codings(self.session, code_id, target)  # as `codebook merge` moves them
        node.name, node.parent_id, node.status, node.key = theirs.name, parent, theirs.status, key
        node.merged_into_id = target if theirs.status == "merged" else None

    def _texts(self, code_id: int, mine: SnapshotCode, theirs: SnapshotCode, path: str) -> None:
        filled = {
            column: getattr(theirs, column)
            for column in (*CODE_TEXTS, "colour")
            if not getattr(mine, column) and getattr(theirs, column)
        }
        if filled:
            rows.update_code(self.session, code_id, **filled)
            self.filled.append(code_id)
        for column in (*CODE_TEXTS, "colour", "key"):
            if getattr(mine, column) and getattr(theirs, column) not in (
                "",
                None,
                getattr(mine, column),
            ):
                self.report.conflicts.append(
                    f"code '{path}': its {column} differs in {self.origin}; kept this copy's"
                )


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
