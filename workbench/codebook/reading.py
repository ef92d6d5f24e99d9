"""The codebook as it stands: its codes in order and their coding counts, read with Core rows.

Reads only, on `Project.reading()`: `workbench codebook show` loads neither the ORM nor the
checks and the anonymisation gate that changing a codebook needs (see `service`).
"""

from __future__ import annotations

from collections import defaultdict

from workbench.domain import CodeInfo
from workbench.store import codeindex
from workbench.store.project import Project, read_settings


def codes(project: Project) -> list[CodeInfo]:
    """Every code, depth-first in codebook order."""
    with project.reading() as connection:
        return codeindex.code_infos(connection)


def codebook(project: Project) -> tuple[list[CodeInfo], dict[str, str]]:
    """Every code (as `codes`) and the codebook's name and description settings, in one
    read: a load committing meanwhile cannot pair new codes with the old name."""
    with project.reading() as connection:
        infos = codeindex.code_infos(connection)
        return infos, read_settings(connection, ("codebook.name", "codebook.description"))


def code_info(project: Project, reference: str) -> CodeInfo:
    """One code, by name or path."""
    with project.reading() as connection:
        return codeindex.code_info(connection, reference)


def coding_counts(project: Project) -> dict[str, dict[str, int]]:
    """code path -> coder -> number of codings."""
    with project.reading() as connection:
        rows = codeindex.coding_counts(connection)
        tree = codeindex.code_tree(connection)  # after the codings: see Project.codings
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code_id, coder, count in rows:
        counts[tree.path(tree.by_id[code_id])][coder] = count
    return dict(counts)


def theme_counts(counts: dict[str, dict[str, int]], coder: str) -> dict[str, int]:
    """Top-level code path -> `coder`'s codings of it and of every code below it."""
    themes: dict[str, int] = defaultdict(int)
    for path, per_coder in counts.items():
        themes[path.split("/", 1)[0]] += per_coder.get(coder, 0)
    return dict(themes)


def coder_totals(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """coder -> number of codings, over every code."""
    totals: dict[str, int] = defaultdict(int)
    for per_coder in counts.values():
        for coder, n in per_coder.items():
            totals[coder] += n
    return dict(totals)
