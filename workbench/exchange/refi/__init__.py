"""REFI-QDA exchange (.qdpx projects, .qdc codebooks) with NVivo, ATLAS.ti, MAXQDA, QualCoder.

A pure layer: the model, a writer and a reader, with no database, Textual or click.
"""

from __future__ import annotations

from workbench.exchange.refi.model import (
    RETIRED_MARK,
    RefiCode,
    RefiError,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    normalise_guid,
)
from workbench.exchange.refi.read import read_qdc, read_qdpx
from workbench.exchange.refi.validate import validate_codebook, validate_project
from workbench.exchange.refi.write import codebook_xml, project_xml, qdpx_bytes, write_qdpx

__all__ = [
    "RETIRED_MARK",
    "RefiCode",
    "RefiError",
    "RefiNote",
    "RefiProject",
    "RefiSelection",
    "RefiSource",
    "RefiUser",
    "codebook_xml",
    "normalise_guid",
    "project_xml",
    "qdpx_bytes",
    "read_qdc",
    "read_qdpx",
    "validate_codebook",
    "validate_project",
    "write_qdpx",
]
