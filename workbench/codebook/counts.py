"""The codebook as read for showing it: its codes, and how many codings each has per coder."""

from __future__ import annotations

from collections import defaultdict

from workbench.domain import CodeInfo
from workbench.store import progress_rows
from workbench.store.codeindex import code_infos, code_tree
from workbench.store.project import Project

# Core reads only: the home screen's worker reads these while the first keys are typed
# (see `progress_rows`); changing the codebook is `workbench.codebook.service`'s.


def codes(project: Project) -> list[CodeInfo]:
    """Every code, depth-first in codebook order."""
    with project.reading() as connection:
        return code_infos(connection)


def coding_counts(project: Project) -> dict[str, dict[str, int]]:
    """code path -> coder -> number of codings."""
    with project.reading() as connection:
        rows = progress_rows.coding_counts(connection)
        tree = code_tree(connection)  # after the codings: see Project.codings
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
