"""Map selection positions in an archive's raw text onto our normalised text.

The standard counts Unicode code points of the text file, so a CRLF line end is two. Some
tools count it as one (they count their LF-only copy), and some count UTF-16 code units
(an emoji is two). We store LF-only NFC text (`workbench.text.normalise`), so every position
is converted, and the counting convention is detected per source: the one under which the
selections' names (usually their quoted text) match, all selections fit in the text, and
none starts or ends inside a CRLF pair or a surrogate pair. Ties go to the standard's.

The raw text is cut at line breaks; NFC never composes across a line break, so each line
normalises on its own and positions inside a line that normalisation changes are mapped by
normalising the line's prefix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from workbench.text.normalise import normalise

_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\f\v\x85]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Convention:
    """How a tool counted: a CRLF as `crlf_units` positions; astral characters as two
    positions (UTF-16 code units) if `utf16`."""

    crlf_units: int = 2
    utf16: bool = False

    def describe(self) -> str:
        parts = [f"CRLF line ends as {'two characters' if self.crlf_units == 2 else 'one'}"]
        if self.utf16:
            parts.append("characters outside the BMP (emoji...) as two (UTF-16 code units)")
        return "positions counted " + ", and ".join(parts)


STANDARD = Convention()


class _Piece(NamedTuple):
    raw: str
    out: str
    is_crlf: bool
    astral: int  # characters outside the BMP, which are two UTF-16 code units
    linear: bool  # raw == out and no astral characters: offsets map one to one


class Located(NamedTuple):
    position: int  # in the normalised text
    clean: bool  # False if it fell inside a CRLF or surrogate pair


class PlainText:
    """An archive's text (BOM already removed) and its normalised form, `text`."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._pieces: list[_Piece] = []
        start = 0
        for match in _BREAK.finditer(raw):
            self._add_line(raw[start : match.start()])
            self._pieces.append(_Piece(match.group(), "\n", match.group() == "\r\n", 0, False))
            start = match.end()
        self._add_line(raw[start:])
        self.text = "".join(piece.out for piece in self._pieces)
        self.has_crlf = any(piece.is_crlf for piece in self._pieces)
        self.has_astral = any(piece.astral for piece in self._pieces)

    def _add_line(self, line: str) -> None:
        if line:
            out = normalise(line)
            astral = len(_ASTRAL.findall(line))
            self._pieces.append(_Piece(line, out, False, astral, out == line and not astral))

    def conventions(self) -> list[Convention]:
        """The conventions that would count this text differently, the standard's first."""
        crlf = (2, 1) if self.has_crlf else (2,)
        utf16 = (False, True) if self.has_astral else (False,)
        return [Convention(c, u) for u in utf16 for c in crlf]

    def positions(self, convention: Convention) -> PositionMap:
        return PositionMap(self._pieces, convention)


class PositionMap:
    """Positions counted under one convention -> positions in the normalised text."""

    def __init__(self, pieces: list[_Piece], convention: Convention) -> None:
        self._pieces = pieces
        self._utf16 = convention.utf16
        self._starts: list[int] = []
        self._outs: list[int] = []
        units = out = 0
        for piece in pieces:
            self._starts.append(units)
            self._outs.append(out)
            if piece.is_crlf:
                units += convention.crlf_units
            else:
                units += len(piece.raw) + (piece.astral if convention.utf16 else 0)
            out += len(piece.out)
        self.length = units
        self._text_length = out

    def locate(self, position: int, upward: bool) -> Located | None:
        """Where `position` lands; inside a pair it goes to the pair's start, or past its end
        if `upward` (for end positions). None if it is outside the text."""
        if not 0 <= position <= self.length:
            return None
        if position == self.length:
            return Located(self._text_length, True)
        index = bisect_right(self._starts, position) - 1
        piece, offset, out = self._pieces[index], position - self._starts[index], self._outs[index]
        if offset == 0:
            return Located(out, True)
        if piece.is_crlf:
            return Located(out + (1 if upward else 0), False)
        if piece.linear:
            return Located(out + offset, True)
        units = 0
        for at, character in enumerate(piece.raw):
            if units == offset:
                return Located(out + len(normalise(piece.raw[:at])), True)
            width = 2 if self._utf16 and ord(character) > 0xFFFF else 1
            if units + width > offset:  # between the two halves of a surrogate pair
                cut = at + 1 if upward else at
                return Located(out + len(normalise(piece.raw[:cut])), False)
            units += width
        return Located(out + len(piece.out), True)  # pragma: no cover - offset < piece length


class Span(NamedTuple):
    start: int
    end: int
    name: str  # the selection's name in the file: often its text, perhaps shortened


def choose_convention(text: PlainText, spans: Sequence[Span]) -> tuple[Convention, bool]:
    """The convention the spans were most likely counted in, and whether that was a tie
    (the evidence fits the standard's reading as well as another)."""
    candidates = text.conventions()
    if len(candidates) == 1 or not spans:
        return STANDARD, False
    scored = []
    for rank, convention in enumerate(candidates):
        positions = text.positions(convention)
        outside = splits = exact = loose = 0
        for span in spans:
            start = positions.locate(span.start, upward=False)
            end = positions.locate(span.end, upward=True)
            if start is None or end is None:
                outside += 1
                continue
            splits += (not start.clean) + (not end.clean)
            matched_exactly, matched_loosely = name_matches(
                span.name, text.text[start.position : end.position]
            )
            exact += matched_exactly
            loose += matched_loosely
        scored.append(((outside, -exact, -loose, splits), rank, convention))
    scored.sort(key=lambda entry: (entry[0], entry[1]))
    best = scored[0]
    tie = any(entry[0] == best[0] for entry in scored[1:])
    return best[2], tie


def name_matches(name: str, found: str) -> tuple[bool, bool]:
    """Whether a selection's name is its text, exactly and ignoring whitespace differences
    (attribute values lose line breaks); a trailing ellipsis means a shortened text."""
    if not name:
        return False, False
    name = normalise(name)
    shortened = name.endswith(("…", "..."))
    if shortened:
        name = name.rstrip(".…")

    def same(wanted: str, got: str) -> bool:
        return got.startswith(wanted) if shortened else got == wanted

    loose_name = _SPACE.sub(" ", name).strip()
    return same(name, found), bool(loose_name) and same(loose_name, _SPACE.sub(" ", found).strip())
