"""Transcript import: a file's bytes in, a `ParsedTranscript` (speaker turns) out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from workbench.errors import IngestError
from workbench.ingest.docx import parse_docx
from workbench.ingest.model import ParsedTranscript, Turn
from workbench.ingest.odt import parse_odt
from workbench.ingest.plaintext import parse_text
from workbench.ingest.subtitles import parse_srt, parse_vtt
from workbench.text.infile import read_regular_file

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ParsedTranscript",
    "Turn",
    "parse_bytes",
    "parse_file",
]

_PARSERS: dict[str, Callable[[bytes, str], ParsedTranscript]] = {
    ".docx": parse_docx,
    ".md": partial(parse_text, markdown=True),
    ".odt": parse_odt,
    ".srt": parse_srt,
    ".txt": parse_text,
    ".vtt": parse_vtt,
}

# Formats that can repair what they would refuse, listing each repair as a warning.
_LENIENT_PARSERS: dict[str, Callable[[bytes, str], ParsedTranscript]] = {
    ".srt": partial(parse_srt, lenient=True),
    ".vtt": partial(parse_vtt, lenient=True),
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_PARSERS))


def _parser(
    suffix: str, source: str, lenient: bool = False
) -> Callable[[bytes, str], ParsedTranscript]:
    key = suffix.lower()
    if key and not key.startswith("."):
        key = "." + key
    parser = _PARSERS.get(key)
    if parser is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        what = f"unsupported format '{key}'" if key else "no file extension"
        raise IngestError(f"{what} (supported: {supported})", source=source)
    return _LENIENT_PARSERS.get(key, parser) if lenient else parser


def parse_bytes(
    data: bytes, source: str, suffix: str, *, lenient: bool = False
) -> ParsedTranscript:
    """Parse a transcript's bytes; `suffix` (".txt", ".DOCX"...) picks the format.

    `source` is the file name as the user gave it; every error names it. With `lenient`,
    subtitles import what they would refuse, each repair a warning; other formats ignore it.
    """
    return _parser(suffix, source, lenient)(data, source)


def parse_file(path: Path, *, lenient: bool = False) -> ParsedTranscript:
    """Read and parse the transcript at `path`, choosing the format by its suffix."""
    source = str(path)
    parser = _parser(path.suffix, source, lenient)
    data = read_regular_file(path, IngestError, "cannot read the file")
    return parser(data, source)
