"""The codebook out of a project: YAML that loads again (history marked) and CSV of every code."""

from __future__ import annotations

from workbench.codebook.files import TEXT_FIELDS, CodebookSpec, CodeSpec, dump_codebook
from workbench.codebook.service import codes
from workbench.store.codebook_rows import read_setting
from workbench.store.codeindex import CodeIndex
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
    with project.session() as session:
        index = CodeIndex(session)

        def specs(parent_id: int | None) -> list[CodeSpec]:
            out: list[CodeSpec] = []
            for code in index.children(parent_id):
                merged = index.by_id.get(code.merged_into_id) if code.merged_into_id else None
                out.append(
                    CodeSpec(
                        name=code.name,
                        line=0,
                        guid=code.guid,
                        key=code.key if code.status == "active" else None,
                        colour=code.colour,
                        children=specs(code.id),
                        status=code.status,
                        merged_into=index.path(merged) if merged is not None else None,
                        **{name: getattr(code, name) for name in TEXT_FIELDS},
                    )
                )
            return out

        name = read_setting(session, "codebook.name") or "Codebook"
        return CodebookSpec(name, read_setting(session, "codebook.description"), specs(None))


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
