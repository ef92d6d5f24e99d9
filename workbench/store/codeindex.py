"""The code tree of a project: paths `Parent/Child`, lookups by name or path, order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import Connection, func, select

from workbench.domain import CodeInfo
from workbench.errors import CodebookError, did_you_mean
from workbench.store import tables

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store import models as m


@dataclass(frozen=True)
class CodeNode:
    """A code as a Core read gives it: enough for paths, order and lookups."""

    id: int
    name: str
    parent_id: int | None
    status: str


# An ORM code for operations that change codes in a session, a Core row's node for reads.
C = TypeVar("C", "m.Code", CodeNode)


class CodeTree(Generic[C]):
    """Every code of a project, loaded once per operation.

    Paths, children and names are worked out once, on first use, so that every lookup is
    a dictionary's and a whole-codebook operation is linear in the number of codes (a
    codebook of 20,000 codes exports in a second, not minutes). An operation that renames
    or moves a code calls `changed()` before it asks again.
    """

    def __init__(self, codes: list[C]):
        self.codes: list[C] = codes  # in codebook order: position, then id
        self.by_id: dict[int, C] = {code.id: code for code in self.codes}
        self.changed()

    def changed(self) -> None:
        """Forget the worked-out paths and children: a code's name or parent changed."""
        self._paths: dict[int, str] = {}
        self._children: dict[int | None, list[C]] | None = None
        self._by_path: dict[str, C] | None = None
        self._by_name: dict[str, list[C]] | None = None

    def path(self, code: C) -> str:
        known = self._paths.get(code.id)
        if known is not None:
            return known
        # Up to the nearest code whose path is known (or the top), then back down.
        chain = [code]
        seen = {code.id}
        parent_path = ""
        while code.parent_id is not None and code.parent_id not in seen:
            code = self.by_id[code.parent_id]
            if code.id in self._paths:
                parent_path = self._paths[code.id] + "/"
                break
            seen.add(code.id)
            chain.append(code)
        for link in reversed(chain):
            parent_path += link.name
            self._paths[link.id] = parent_path
            parent_path += "/"
        return self._paths[chain[0].id]

    def children(self, parent_id: int | None) -> list[C]:
        if self._children is None:
            self._children = {}
            for code in self.codes:
                self._children.setdefault(code.parent_id, []).append(code)
        return list(self._children.get(parent_id, ()))

    def ordered(self) -> list[tuple[int, C]]:
        """(depth, code) depth-first in codebook order."""
        out: list[tuple[int, C]] = []
        # A stack, not recursion: a codebook may be deeper than Python's recursion limit.
        stack = [(0, code) for code in reversed(self.children(None))]
        while stack:
            depth, code = stack.pop()
            out.append((depth, code))
            stack.extend((depth + 1, child) for child in reversed(self.children(code.id)))
        return out

    def find(self, reference: str) -> C | None:
        """A code by full path (`A/B`), or by name when that name is unique."""
        reference = reference.strip().strip("/")
        if "/" in reference:
            if self._by_path is None:
                self._by_path = {self.path(code): code for code in reversed(self.codes)}
            return self._by_path.get(reference)
        if self._by_name is None:
            self._by_name = {}
            for code in self.codes:
                self._by_name.setdefault(code.name, []).append(code)
        named = self._by_name.get(reference, [])
        if len(named) > 1:
            active = [code for code in named if code.status == "active"]
            if len(active) == 1:
                return active[0]
            paths = ", ".join(sorted(self.path(code) for code in named))
            raise CodebookError(f"code name '{reference}' is ambiguous ({paths}); use a path")
        return named[0] if named else None

    def names(self, reference: str) -> list[str]:
        """What a mistyped `reference` may have meant: paths for a path, else names."""
        if "/" in reference:
            return [self.path(code) for code in self.codes]
        return [code.name for code in self.codes]

    def resolve(self, reference: str) -> C:
        code = self.find(reference)
        if code is None:
            close = did_you_mean(reference, self.names(reference))
            raise CodebookError(f"no code '{reference}' in the codebook{close}")
        return code


class CodeIndex(CodeTree["m.Code"]):
    """The code tree of the ORM's codes, for operations that change them in a session."""

    def __init__(self, session: Session):
        from workbench.store import models as m

        super().__init__(list(session.scalars(select(m.Code).order_by(m.Code.position, m.Code.id))))

    def info(self, code: m.Code) -> CodeInfo:
        return _info(code, lambda code_id: self.path(self.by_id[code_id]))


def _info(code: Any, path: Callable[[int], str]) -> CodeInfo:
    """A code's row, an ORM object or a Core row (the same column names), as a CodeInfo;
    `path` gives a code's path by its id."""
    own = path(code.id)
    return CodeInfo(
        id=code.id,
        guid=code.guid,
        path=own,
        name=code.name,
        depth=own.count("/"),
        parent_path=path(code.parent_id) if code.parent_id is not None else None,
        key=code.key,
        colour=code.colour,
        description=code.description,
        include=code.include,
        exclude=code.exclude,
        example=code.example,
        status=code.status,
        merged_into=path(code.merged_into_id) if code.merged_into_id is not None else None,
    )


def code_tree(connection: Connection) -> CodeTree[CodeNode]:
    """The code tree from Core rows, for reads that need no ORM objects."""
    code = tables.code.c
    rows = connection.execute(
        select(code.id, code.name, code.parent_id, code.status).order_by(code.position, code.id)
    )
    return CodeTree([CodeNode(int(i), str(n), p, str(s)) for i, n, p, s in rows])


def code_infos(connection: Connection) -> list[CodeInfo]:
    """Every code as a CodeInfo, depth-first in codebook order, from Core rows."""
    code = tables.code.c
    rows = connection.execute(select(tables.code).order_by(code.position, code.id)).all()
    tree = CodeTree([CodeNode(row.id, row.name, row.parent_id, row.status) for row in rows])
    by_id = {row.id: row for row in rows}
    path = lambda code_id: tree.path(tree.by_id[code_id])  # noqa: E731
    return [_info(by_id[node.id], path) for _depth, node in tree.ordered()]


def code_info(connection: Connection, reference: str) -> CodeInfo:
    """One code, by name or path (see `CodeTree.find`), from Core rows."""
    tree = code_tree(connection)
    node = tree.resolve(reference)
    row = connection.execute(select(tables.code).where(tables.code.c.id == node.id)).one()
    return _info(row, lambda code_id: tree.path(tree.by_id[code_id]))


def coding_counts(connection: Connection) -> list[tuple[int, str, int]]:
    """(code id, coder name, number of codings) for every code and coder that has any."""
    coding, coder = tables.coding.c, tables.coder.c
    query = (
        select(coding.code_id, coder.name, func.count())
        .join(tables.coder, coder.id == coding.coder_id)
        .group_by(coding.code_id, coder.name)
    )
    return [
        (int(code_id), str(name), int(count)) for code_id, name, count in connection.execute(query)
    ]
