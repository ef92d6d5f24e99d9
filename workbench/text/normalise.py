"""Text normalisation applied once at import, so that offsets index exactly what is shown."""

from __future__ import annotations

import re
import unicodedata

_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\f|\v|\x85")


def normalise(text: str) -> str:
    """NFC, no BOM (nor U+FEFF anywhere), every line break (CRLF, CR, U+2028/9, form feed,
    NEL) as a single LF."""
    text = text.replace("\ufeff", "")
    text = _LINE_BREAKS.sub("\n", text)
    return unicodedata.normalize("NFC", text)
