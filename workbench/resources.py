"""Where the files that ship with workbench live: migrations and schemas, the sample study."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import ProjectError

_PACKAGE = Path(__file__).resolve().parent


def schema_dir() -> Path:
    """Migrations and schemas: `schema/` in a checkout, `workbench/_schema` in a wheel."""
    for candidate in (_PACKAGE / "_schema", _PACKAGE.parent / "schema"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise ProjectError("cannot find the schema migrations (schema/migrations)")


def data_dir(name: str) -> Path:
    """`sample_transcripts/` or `codebooks/`: in a checkout, or inside an installed wheel."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise ProjectError(f"cannot find the bundled folder '{name}'")
