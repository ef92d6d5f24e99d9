"""Transcript import: a file's bytes in, a `ParsedTranscript` (speaker turns) out."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from workbench.errors import IngestError
from workbench.ingest.model import ParsedTranscript, Turn
from workbench.text.infile import read_regular_file

__all__ = [
    "SUPPORTED_SUFFIXES",
    "ParsedTranscript",
    "Turn",
    "parse_bytes",
    "parse_file",
]

# Suffix -> (module in workbench.ingest, function, keyword arguments). A parser's module is
# imported when a file needs it: python-docx and odfpy alone cost a tenth of a second, and
# the coding screens import this package (for the gate) without parsing any file.
_PARSERS: dict[str, tuple[str, str, dict[str, Any]]] = {
    ".docx": ("docx", "parse_docx", {}),
    ".md": ("plaintext", "parse_text", {"markdown": True}),
    ".odt": ("odt", "parse_odt", {}),
    ".srt": ("subtitles", "parse_srt", {}),
    ".txt": ("plaintext", "parse_text", {}),
    ".vtt": ("subtitles", "parse_vtt", {}),
}

# Formats that can repair what they would refuse, listing each repair as a warning.
_LENIENT = {".srt", ".vtt"}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(_PARSERS))


def _parser(
    suffix: str, source: str, lenient: bool = False
) -> Callable[[bytes, str], ParsedTranscript]:
    key = suffix.lower()
    if key and not key.startswith("."):
        key = "." + key
    home = _PARSERS.get(key)
    if home is None:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        what = f"unsupported format '{key}'" if key else "no file extension"
        raise IngestError(f"{what} (supported: {supported})", source=source)
    module, name, keywords = home
    parser = getattr(importlib.import_module(f"workbench.ingest.{module}"), name)
    if lenient and key in _LENIENT:
        keywords = {**keywords, "lenient": True}
    return partial(parser, **keywords) if keywords else parser


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
