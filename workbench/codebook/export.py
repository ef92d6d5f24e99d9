"""The codebook out of a project: YAML that loads again (history marked) and CSV of every code."""

from __future__ import annotations

from workbench.codebook.files import TEXT_FIELDS, CodebookSpec, CodeSpec, dump_codebook
from workbench.codebook.reading import codebook, codes
from workbench.store.project import Project
from workbench.text.csvwrite import csv_rows

CSV_COLUMNS = (
    "path",
    "name",
    "parent",
    "key",
    "colour",
    "status",
    "merged_into",
    *TEXT_FIELDS,
    "guid",
)


def export_spec(project: Project) -> CodebookSpec:
    """The codebook as a file would give it: every code under its parent, in order."""
    top: list[CodeSpec] = []
    # The codes come depth-first, so a code's parent is on this stack of its ancestors
    # (the chain to the code before it): paths there differ even if a name holds a '/'.
    above: list[tuple[str, CodeSpec]] = []
    infos, settings = codebook(project)
    for code in infos:
        while above and above[-1][0] != code.parent_path:
            above.pop()
        item = CodeSpec(
            name=code.name,
            line=0,
            guid=code.guid,
            key=code.key if code.status == "active" else None,
            colour=code.colour,
            status=code.status,
            merged_into=code.merged_into,
            **{name: getattr(code, name) for name in TEXT_FIELDS},
        )
        (above[-1][1].children if above else top).append(item)
        above.append((code.path, item))
    name = settings.get("codebook.name") or "Codebook"
    return CodebookSpec(name, settings.get("codebook.description", ""), top)


def export_yaml(project: Project) -> str:
    """The codebook as YAML, merged and retired codes marked so that a load restores them."""
    return dump_codebook(export_spec(project))


def export_csv(project: Project) -> str:
    """Every code, including merged and retired ones, one row each."""
    rows = [
        (
            code.path,
            code.name,
            code.parent_path,
            code.key,
            code.colour,
            code.status,
            code.merged_into,
            code.description,
            code.include,
            code.exclude,
            code.example,
            code.guid,
        )
        for code in codes(project)
    ]
    return csv_rows([CSV_COLUMNS, *rows])
