"""Open untrusted .qdpx archives and XML safely: refuse hostile ones before reading anything.

Nothing is extracted to disk. Members are read into memory through zipfile, which stops at
the size the central directory declares and checks the CRC, so the declared sizes we vet
up front bound what is read.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any

from lxml import etree

from workbench.exchange.refi.model import RefiError
from workbench.text.infile import check_regular_file, read_regular_file

MAX_MEMBERS = 10_000
MAX_TOTAL_SIZE = 2 * 1024**3
MAX_RATIO = 100
RATIO_FLOOR = 1024**2  # small members compress well for honest reasons; judge only big ones
PROJECT_MEMBER = "project.qde"

_DRIVE = re.compile(r"^[A-Za-z]:")
_WHERE = re.compile(r", line \d+, column \d+$")
_DOCTYPES = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def check_zip(archive: zipfile.ZipFile, source: str) -> None:
    """Refuse member names that leave the archive, too many members, and zip bombs."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise RefiError(
            f"refused: {len(members):,} members (at most {MAX_MEMBERS:,})", source=source
        )
    total = 0
    for info in members:
        name = info.filename
        if name.startswith("/") or "\\" in name or _DRIVE.match(name) or ".." in name.split("/"):
            raise RefiError(
                f"refused: member name {name!r} points outside the archive", source=source
            )
        total += info.file_size
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / compressed > MAX_RATIO:
            raise RefiError(
                f"refused: member {name!r} expands {info.file_size // compressed:,} times"
                f" (at most {MAX_RATIO})",
                source=source,
            )
    if total > MAX_TOTAL_SIZE:
        raise RefiError(
            f"refused: {total:,} bytes uncompressed (at most {MAX_TOTAL_SIZE:,})", source=source
        )


class Archive:
    """A vetted .qdpx archive; `read` finds members case-insensitively ('Sources/X.TXT')."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = str(path)
        check_regular_file(path, RefiError, "cannot open")  # a FIFO would block the zip reader
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, zlib.error, ValueError):
            raise RefiError(
                "not a REFI-QDA archive (.qdpx): not a zip file", source=self.source
            ) from None
        except OSError as error:
            raise RefiError(f"cannot open: {error.strerror}", source=self.source) from None
        try:
            check_zip(self._zip, self.source)
        except RefiError:
            self._zip.close()
            raise
        self._names = {info.filename.lower(): info for info in self._zip.infolist()}
        if PROJECT_MEMBER not in self._names:
            self._zip.close()
            raise RefiError(
                f"not a REFI-QDA archive: it has no {PROJECT_MEMBER}", source=self.source
            )

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._zip.close()

    def find(self, name: str) -> str | None:
        """The member's real name for `name`, compared without case; None if absent."""
        info = self._names.get(name.lower())
        return info.filename if info is not None else None

    def read(self, name: str) -> bytes:
        info = self._names[name.lower()]
        where = f"{self.source}:{info.filename}"
        if info.flag_bits & 0x1:
            raise RefiError("refused: the member is encrypted", source=where)
        try:
            stream: IO[bytes]
            with self._zip.open(info) as stream:
                data = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError) as error:
            # OSError: offsets that point before the file's start (a cut or shifted archive)
            raise RefiError(f"damaged archive member: {error}", source=where) from None
        if len(data) != info.file_size:
            raise RefiError(
                "refused: the member is not the size the archive declares", source=where
            )
        return data

    def project_xml(self) -> Any:
        name = self._names[PROJECT_MEMBER].filename
        return parse_xml(self.read(name), f"{self.source}:{name}")


def read_file(path: Path) -> bytes:
    """A whole (XML) file, refused if it is larger than an archive may be."""
    check_regular_file(path, RefiError, "cannot read")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise RefiError(f"cannot read: {error.strerror}", source=str(path)) from None
    if size > MAX_TOTAL_SIZE:
        raise RefiError(f"refused: {size:,} bytes (at most {MAX_TOTAL_SIZE:,})", source=str(path))
    return read_regular_file(path, RefiError, "cannot read")


def hardened_parser() -> Any:
    """No DTD loading, no entity expansion, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str) -> Any:
    """The root element of `data`, parsed without DTDs, entities or network access."""
    if any(marker in data for marker in _DOCTYPES):
        raise RefiError("XML with a DOCTYPE is not accepted", source=source)
    parser = hardened_parser()
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        message = _WHERE.sub("", str(error.msg or error).splitlines()[0])
        raise RefiError(f"malformed XML: {message}", source=source, line=error.lineno) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # e.g. a UTF-16 DOCTYPE past the head
        raise RefiError("XML with a DOCTYPE is not accepted", source=source)
    return root


def member_candidates(reference: str) -> list[str]:
    """Archive members a source path may name: 'internal://x.txt' or a bare 'x.txt' live in
    sources/ (some tools write 'sources/x.txt'); 'relative://' and 'absolute://' paths are
    outside the archive (no candidates)."""
    if reference.startswith("internal://"):
        reference = reference[len("internal://") :]
    elif "://" in reference:
        return []
    parts = PurePosixPath(reference.replace("\\", "/")).parts
    if not parts or ".." in parts or parts[0] == "/":
        return []
    name = "/".join(parts)
    return ["sources/" + name, name]
