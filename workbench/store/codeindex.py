"""The code tree of a project: paths `Parent/Child`, lookups by name or path, order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain import CodeInfo
from workbench.errors import CodebookError
from workbench.store import models as m


class CodeIndex:
    """Every code of a project (a few hundred at most), loaded once per operation."""

    def __init__(self, session: Session):
        self.codes = list(session.scalars(select(m.Code).order_by(m.Code.position, m.Code.id)))
        self.by_id = {code.id: code for code in self.codes}

    def path(self, code: m.Code) -> str:
        names = [code.name]
        seen = {code.id}
        while code.parent_id is not None and code.parent_id not in seen:
            code = self.by_id[code.parent_id]
            seen.add(code.id)
            names.append(code.name)
        return "/".join(reversed(names))

    def children(self, parent_id: int | None) -> list[m.Code]:
        return [code for code in self.codes if code.parent_id == parent_id]

    def ordered(self) -> list[tuple[int, m.Code]]:
        """(depth, code) depth-first in codebook order."""
        out: list[tuple[int, m.Code]] = []

        def visit(parent_id: int | None, depth: int) -> None:
            for code in self.children(parent_id):
                out.append((depth, code))
                visit(code.id, depth + 1)

        visit(None, 0)
        return out

    def find(self, reference: str) -> m.Code | None:
        """A code by full path (`A/B`), or by name when that name is unique."""
        reference = reference.strip().strip("/")
        if "/" in reference:
            for code in self.codes:
                if self.path(code) == reference:
                    return code
            return None
        named = [code for code in self.codes if code.name == reference]
        if len(named) > 1:
            active = [code for code in named if code.status == "active"]
            if len(active) == 1:
                return active[0]
            paths = ", ".join(sorted(self.path(code) for code in named))
            raise CodebookError(f"code name '{reference}' is ambiguous ({paths}); use a path")
        return named[0] if named else None

    def resolve(self, reference: str) -> m.Code:
        code = self.find(reference)
        if code is None:
            raise CodebookError(f"no code '{reference}' in the codebook")
        return code

    def info(self, code: m.Code) -> CodeInfo:
        parent = self.by_id.get(code.parent_id) if code.parent_id is not None else None
        merged = self.by_id.get(code.merged_into_id) if code.merged_into_id is not None else None
        path = self.path(code)
        return CodeInfo(
            id=code.id,
            guid=code.guid,
            path=path,
            name=code.name,
            depth=path.count("/"),
            parent_path=self.path(parent) if parent is not None else None,
            key=code.key,
            colour=code.colour,
            description=code.description,
            include=code.include,
            exclude=code.exclude,
            example=code.example,
            status=code.status,
            merged_into=self.path(merged) if merged is not None else None,
        )
