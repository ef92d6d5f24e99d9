"""Zip-packaged documents (.docx, .odt) checked before a parser opens them, and their text kept
within bounds: a few kilobytes must not unpack or expand into gigabytes.

Every XML part of the package is parsed here first, with entities never resolved and
nothing fetched: it must be well-formed, declare no DOCTYPE (Word and LibreOffice never
write one; it is how entities that hide or invent text get in) and nest at most
`MAX_DEPTH` elements deep, so that the parsers after this one never recurse without end.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from lxml import etree

from workbench.errors import IngestError

MAX_TEXT_CHARS = 50_000_000
TEXT_PER_BYTE = 50  # characters of text per byte of the file: text:c="20000000" is not a space
UNPACKED_PER_BYTE = 100  # zipped XML is 5 to 25 times smaller; a zip bomb is ~1000 times
UNPACKED_FLOOR = 10 * 2**20  # small files with a big unpacked style sheet are fine
MAX_XML_BYTES = 256 * 2**20  # all XML parts together, as parsed into memory
MAX_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE, which python-docx keeps too
_XML_SUFFIXES = (".xml", ".rels")
_TOO_DEEP = etree.XPath("boolean(" + "/*" * (MAX_DEPTH + 1) + ")")


def text_limit(file_size: int) -> int:
    """How many characters of text a document of `file_size` bytes may expand to."""
    return min(TEXT_PER_BYTE * file_size, MAX_TEXT_CHARS)


class TextBudget:
    """The characters a document's text may still grow by; `line` is the paragraph being
    read, for the error."""

    def __init__(self, file_size: int, source: str) -> None:
        self.limit = text_limit(file_size)
        self.left = self.limit
        self.source = source
        self.line: int | None = None

    def spend(self, characters: int) -> None:
        self.left -= characters
        if self.left < 0:
            raise IngestError(
                f"its text expands to more than {self.limit:,} characters ({TEXT_PER_BYTE} "
                f"per byte of the file, at most {MAX_TEXT_CHARS:,}); is it damaged?",
                source=self.source,
                line=self.line,
            )


def check_package(data: bytes, source: str, invalid: str) -> None:
    """Refuse a package that unpacks too large or has an XML part that is not well-formed,
    declares a DOCTYPE or nests too deep. `invalid` begins every message ("not a valid
    .odt file")."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError):
        raise IngestError(f"{invalid} (it is not a zip archive)", source=source) from None
    with archive:
        members = archive.infolist()
        unpacked = sum(member.file_size for member in members)
        if unpacked > UNPACKED_PER_BYTE * len(data) + UNPACKED_FLOOR:
            raise IngestError(
                f"{invalid} (it unpacks to {unpacked:,} bytes, over {UNPACKED_PER_BYTE} times "
                "its size)",
                source=source,
            )
        parts = [m for m in members if m.filename.lower().endswith(_XML_SUFFIXES)]
        if sum(member.file_size for member in parts) > MAX_XML_BYTES:
            raise IngestError(
                f"{invalid} (its XML unpacks to more than {MAX_XML_BYTES:,} bytes)", source=source
            )
        parser = _parser()
        for member in parts:
            try:
                blob = archive.read(member)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
                raise IngestError(
                    f"{invalid} (damaged: {member.filename} cannot be unpacked: {error})",
                    source=source,
                ) from None
            except (RuntimeError, NotImplementedError):  # encrypted, or an unknown compression
                raise IngestError(
                    f"{invalid} ({member.filename} is encrypted or compressed in an unusual "
                    "way); save it again without a password",
                    source=source,
                ) from None
            root = parse_part(blob, member.filename, source, invalid, parser)
            check_part(root, member.filename, source, invalid)


def parse_part(blob: bytes, name: str, source: str, invalid: str, parser: Any | None = None) -> Any:
    """The root element of one XML part, parsed safely; a damaged part is an IngestError."""
    try:
        root = etree.fromstring(blob, parser if parser is not None else _parser())
    except etree.XMLSyntaxError as error:
        if "excessive depth" in str(error).lower():
            raise IngestError(
                f"{invalid} ({name} nests more than {MAX_DEPTH} elements deep)", source=source
            ) from None
        reason = (error.msg or "not well-formed").splitlines()[0]
        raise IngestError(f"{invalid} (damaged XML in {name}: {reason})", source=source) from None
    if root is None:  # an empty part
        raise IngestError(f"{invalid} (damaged XML in {name}: no element)", source=source)
    return root


def check_part(root: Any, name: str, source: str, invalid: str) -> None:
    """Refuse a parsed part that has a DOCTYPE or nests more than `MAX_DEPTH` deep."""
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise IngestError(
            f"{invalid} ({name} has a DOCTYPE, which Word and LibreOffice never write; "
            "entities declared in one can hide or invent text)",
            source=source,
        )
    if _TOO_DEEP(root):
        raise IngestError(
            f"{invalid} ({name} nests more than {MAX_DEPTH} elements deep)", source=source
        )


def _parser() -> Any:
    """A parser that resolves no entity, fetches nothing and keeps libxml2's depth limit; one
    per call because an lxml parser must not be shared between threads."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
