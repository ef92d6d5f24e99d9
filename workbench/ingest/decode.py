"""Turn a text file's bytes into normalised text without ever guessing into mojibake."""

from __future__ import annotations

import codecs
import re

from workbench.errors import IngestError
from workbench.text.normalise import normalise

CP1252_WARNING = "decoded as Windows-1252 (cp1252), not UTF-8"

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)

# Line breaks as `normalise` counts them, for text that is not yet normalised.
_BYTE_LINE_BREAKS = re.compile(rb"\r\n|\r|\n|\x0b|\x0c")

# C0 controls other than tab, LF, VT, FF and CR (those are line breaks or whitespace).
_BAD_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")
# C1 controls: nobody types them; they are what cp1252 punctuation becomes when a file
# was decoded as Latin-1 and saved again as UTF-8.
_C1_CONTROL = re.compile("[\x80-\x84\x86-\x9f]")


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode a transcript file's bytes; return the normalised text and warnings.

    A byte-order mark decides the encoding; otherwise the file must be UTF-8, or else
    Windows-1252 throughout (with a warning). A file with NUL bytes is binary, and
    control characters other than tab and line breaks are refused with their line.
    """
    warnings: list[str] = []
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _decode_with_bom(data[len(bom) :], codec, name, source)
            break
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            line = len(_BYTE_LINE_BREAKS.findall(data, 0, nul)) + 1
            raise IngestError(
                f"binary file (NUL byte at line {line}); not a text transcript",
                source=source,
                line=line,
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_cp1252(data, source)
            warnings.append(CP1252_WARNING)

    control = _BAD_CONTROL.search(text)
    if control is not None:
        raise IngestError(
            f"control character U+{ord(control.group()):04X} in the text; "
            "not a plain-text transcript",
            source=source,
            line=_line_at(text, control.start()),
        )
    c1 = _C1_CONTROL.search(text)
    if c1 is not None:
        warnings.append(
            f"line {_line_at(text, c1.start())}: control character U+{ord(c1.group()):04X}; "
            "the file may have been converted from Windows-1252 wrongly (check quotes and "
            "accented letters)"
        )
    return normalise(text), warnings


def _line_at(text: str, index: int) -> int:
    """The 1-based line (as `normalise` breaks lines) holding `text[index]`."""
    return normalise(text[:index]).count("\n") + 1


def _decode_with_bom(data: bytes, codec: str, name: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode(codec, errors="replace")
        raise IngestError(
            f"not valid {name} text although it starts with a {name} byte-order mark",
            source=source,
            line=_line_at(prefix, len(prefix)),
        ) from None


def _decode_cp1252(data: bytes, source: str) -> str:
    """Decode a file that is not UTF-8 as cp1252, or refuse it, judging line by line."""
    first_not_utf8: int | None = None
    has_utf8_non_ascii = False
    for number, raw in enumerate(_BYTE_LINE_BREAKS.split(data), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                raw.decode("cp1252")
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"neither UTF-8 nor Windows-1252 text (byte 0x{raw[error.start]:02X}); "
                    "save the file as UTF-8 and import it again",
                    source=source,
                    line=number,
                ) from None
            if first_not_utf8 is None:
                first_not_utf8 = number
        else:
            has_utf8_non_ascii = has_utf8_non_ascii or not raw.isascii()
    if has_utf8_non_ascii:
        # Some lines are UTF-8 and some are not: reading it all as cp1252 would garble the
        # UTF-8 lines, reading it as UTF-8 would garble the others.
        raise IngestError(
            "not valid UTF-8, although other lines are (mixed encodings); "
            "save the file as UTF-8 and import it again",
            source=source,
            line=first_not_utf8,
        )
    return data.decode("cp1252")
