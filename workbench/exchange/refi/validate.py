"""Check project and codebook XML against the REFI-QDA project schema (QDA-XML 1.0)."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from workbench.exchange.refi.model import RefiError
from workbench.resources import schema_dir

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
SCHEMA_FILE = "Project-mrt2019.xsd"


def schema_path() -> Path:
    """The project XSD, in `schema/refi-qda/` beside the migrations."""
    path = schema_dir() / "refi-qda" / SCHEMA_FILE
    if not path.is_file():
        raise RefiError(f"cannot find the REFI-QDA schema (schema/refi-qda/{SCHEMA_FILE})")
    return path


@cache
def _schema() -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(schema_path()), parser))


def _parse(xml: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(xml, parser)


def validate_project(xml: bytes) -> None:
    """Raise RefiError listing the schema violations if `xml` is not a valid project.qde."""
    schema = _schema()
    if not schema.validate(_parse(xml).getroottree()):
        raise RefiError(_describe(schema.error_log), source="project.qde")


def validate_codebook(xml: bytes) -> None:
    """Raise RefiError if `xml` is not a valid .qdc codebook.

    No sound standalone codebook XSD exists, so the codebook is moved into the project
    namespace and checked as the `CodeBook` of an otherwise empty project.
    """
    root = _parse(xml)
    if etree.QName(root).namespace != CODEBOOK_NS or etree.QName(root).localname != "CodeBook":
        raise RefiError(f"the root is {root.tag}, not {{{CODEBOOK_NS}}}CodeBook", source="codebook")
    project = etree.Element(f"{{{PROJECT_NS}}}Project", name="codebook", nsmap={None: PROJECT_NS})
    embedded = copy.deepcopy(root)
    for element in embedded.iter():
        if isinstance(element.tag, str):
            element.tag = f"{{{PROJECT_NS}}}{etree.QName(element).localname}"
    project.append(embedded)
    schema = _schema()
    if not schema.validate(project.getroottree()):
        raise RefiError(_describe(schema.error_log), source="codebook")


def _describe(error_log: Any) -> str:
    errors = [f"line {error.line}: {error.message}" for error in error_log]
    more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    return "not valid REFI-QDA: " + "; ".join(errors[:3]) + more
