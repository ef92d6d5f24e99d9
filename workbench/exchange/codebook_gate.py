"""Loading a codebook file (YAML or CSV) through the anonymisation gate."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from workbench.anonymise.gate import FieldScreen, project_fields, refusal
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.codebook import service
from workbench.codebook.files import CodebookSpec, CodeSpec, load_codebook
from workbench.store.project import Project


def load_screened(
    project: Project,
    path: Path,
    *,
    pseudonyms: Path | None = None,
    allow_identifiers: bool = False,
) -> tuple[CodebookSpec, int, int]:
    """Load a codebook file whose names and texts passed the gate: the table's names and
    detected identifiers replaced, or (without a table) refused unless allowed. The spec
    as stored, codes added and codes updated."""
    fields = project_fields(project, PseudonymTable.load(pseudonyms) if pseudonyms else None)
    return store_screened(project, load_codebook(path), fields, path, allow_identifiers)


def store_screened(
    project: Project, spec: CodebookSpec, fields: FieldScreen, path: Path, allow_identifiers: bool
) -> tuple[CodebookSpec, int, int]:
    """`spec`, read from `path` (a YAML, CSV or .qdc file), through the gate and stored: the
    spec as stored, codes added and codes updated; refused if the gate found identifiers that
    neither the table replaced nor `allow_identifiers` lets through."""
    screened = screen_codebook(spec, fields, str(path))
    # The audit log names the file as the gate left its name (codebook_maria.yaml).
    logged = fields.file_name(path.name, f"{path} (file name)")
    if fields.findings and not allow_identifiers:
        raise refusal(
            fields.findings,
            "the codebook texts",
            "pass --pseudonyms TABLE to replace them, or --allow-identifiers after checking them",
        )
    created, updated = service.load(project, screened, str(path), logged)
    return screened, created, updated


def screen_codebook(spec: CodebookSpec, fields: FieldScreen, source: str) -> CodebookSpec:
    """`spec` with its name, description and every code's name and texts through `fields`."""

    def code(item: CodeSpec) -> CodeSpec:
        line = item.line
        return replace(
            item,
            name=fields.text(item.name, source, line),
            description=fields.text(item.description, source, line),
            include=fields.text(item.include, source, line),
            exclude=fields.text(item.exclude, source, line),
            example=fields.text(item.example, source, line),
            children=[code(child) for child in item.children],
        )

    return replace(
        spec,
        name=fields.text(spec.name, f"{source} (codebook name)"),
        description=fields.text(spec.description, f"{source} (codebook description)"),
        codes=[code(item) for item in spec.codes],
    )
