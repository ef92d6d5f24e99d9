"""Pseudonym tables (CSV `original,replacement`) kept by the researcher outside the project."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workbench.errors import AnonymisationError
from workbench.text.infile import read_regular_file
from workbench.text.normalise import normalise


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    kind: str
    replacement: str


# Characters that people and word processors use interchangeably in a name.
_SAME = {
    **{ord(c): "'" for c in "\u2019\u2018\u02bc\u2032`\u00b4"},  # apostrophes
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014"},  # hyphens and dashes
    ord("\u0131"): "i",  # Turkish dotless i: "IŞIK" is "Işık"
    # Letters Unicode does not decompose, written without them in many tables and e-mails.
    **{ord(c): "l" for c in "łŀ"},
    **{ord(c): "d" for c in "đðɖ"},
    **{ord(c): "o" for c in "ø"},
    ord("æ"): "ae",
    ord("œ"): "oe",
    ord("þ"): "th",
    ord("ħ"): "h",
    ord("ŧ"): "t",
}

# Spellings of a letter that a table original may stand for besides its folded form:
# "Søren" is also written "Soeren", "Håkon" "Haakon", "Müller" "Mueller".
_SPELLED = {
    "ø": ("o", "oe"),
    "å": ("a", "aa"),
    "ä": ("a", "ae"),
    "ö": ("o", "oe"),
    "ü": ("u", "ue"),
}
# Hyphens and spaces between a name's parts: "Álvarez-Núñez", "Álvarez Núñez", "ÁlvarezNúñez".
_JOINS = re.compile("[ -]+")


def fold(text: str) -> str:
    """The form in which a name is compared: casefolded, without accents, one kind of
    apostrophe, hyphen and space ("Weiß" = "WEISS", "José" = "JOSE", "O’Brien" = "o'brien")."""
    return _Folded(text).text


@cache
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
    return "".join(c for c in folded if not unicodedata.combining(c)).translate(_SAME)


# ASCII folds one character to one: lower case, whitespace as a space, ` as '.
_ASCII = str.maketrans({**{chr(c): " " for c in range(128) if chr(c).isspace()}, "`": "'"})


class _Folded:
    """A text in folded form, with the way back from folded offsets to the text's own."""

    def __init__(self, text: str):
        if text.isascii():
            self.text = text.translate(_ASCII).lower()
            self.starts: Sequence[int] = range(len(text))
            self.ends: Sequence[int] = range(1, len(text) + 1)
            return
        pieces = [_fold_char(ch) for ch in text]
        self.text = "".join(pieces)
        # For each folded character: the index of the character it came from, and the end
        # of that character together with any accents after it that fold to nothing.
        starts: list[int] = []
        ends: list[int] = []
        for i, piece in enumerate(pieces):
            if not piece:
                continue
            end = i + 1
            while end < len(pieces) and not pieces[end]:
                end += 1
            starts += [i] * len(piece)
            ends += [end] * len(piece)
        self.starts, self.ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text's [start, end) for the folded [start, end)."""
        return self.starts[start], self.ends[end - 1]


class PseudonymTable:
    """Whole-word replacements applied consistently across a project, matched in folded
    form (see `fold`) so that case, accents, apostrophes and spacing cannot hide a name."""

    def __init__(self, pairs: dict[str, str]):
        self.pairs = {_key(original): replacement for original, replacement in pairs.items()}
        # Each spelling of each original as a key, and its replacement by the key's letters
        # alone: a match may join the parts with a hyphen, a space or nothing.
        self._spellings: dict[str, str] = {}
        self._by_letters: dict[str, str] = {}
        for original, replacement in pairs.items():
            for spelling in _spellings(original):
                self._spellings.setdefault(spelling, replacement)
                self._by_letters.setdefault(_letters(spelling), replacement)
        # Longest originals first so that "Maria Lopez" wins over "Maria".
        alternatives = sorted(self._spellings, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(_spaced(a) for a in alternatives) + r")(?!\w)")
            if alternatives
            else None
        )

    @classmethod
    def load(cls, path: Path) -> PseudonymTable:
        raw = read_regular_file(path, AnonymisationError, "cannot read pseudonym table")
        try:
            text = normalise(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise AnonymisationError("pseudonym table is not UTF-8", source=str(path)) from error
        reader = csv.reader(text.splitlines())
        pairs: dict[str, str] = {}
        originals: dict[str, str] = {}  # as written: their spellings come from their letters
        for row in reader:
            line = reader.line_num
            if not row or all(not cell.strip() for cell in row):
                continue
            if line == 1 and [c.strip().lower() for c in row[:2]] == ["original", "replacement"]:
                continue
            if len(row) != 2:
                raise AnonymisationError(
                    f"expected 2 columns (original,replacement), found {len(row)}",
                    source=str(path),
                    line=line,
                )
            original, replacement = row[0].strip(), row[1].strip().strip("[]").strip()
            if not original or not replacement:
                raise AnonymisationError(
                    "empty original or replacement", source=str(path), line=line
                )
            known = pairs.get(_key(original))
            if known is not None and known != replacement:
                raise AnonymisationError(
                    f"row repeats an original with another replacement ('{known}')",
                    source=str(path),
                    line=line,
                )
            pairs[_key(original)] = replacement
            originals[original] = replacement
        if not pairs:
            raise AnonymisationError("pseudonym table has no rows", source=str(path))
        return cls(originals)

    def find(self, text: str) -> list[Replacement]:
        if self._pattern is None:
            return []
        folded = _Folded(text)
        found = []
        for match in self._pattern.finditer(folded.text):
            start, end = folded.span(*match.span())
            replacement = self._by_letters[_letters(match.group())]
            found.append(Replacement(start, end, "pseudonym", replacement))
        return found

    def leftovers(self, text: str) -> list[tuple[int, int]]:
        """Originals still inside words after replacement ("Lopezes", "MariaJose")."""
        folded = _Folded(text)
        spans: list[tuple[int, int]] = []
        for original in self._spellings:
            if (
                len(original.replace(" ", "")) < 4
            ):  # short originals inside words are ordinary English
                continue
            for match in re.finditer(_spaced(original), folded.text):
                start, end = folded.span(*match.span())
                if not _inside_brackets(text, start):
                    spans.append((start, end))
        return sorted(spans)

    def names_in(self, label: str) -> bool:
        """Whether a file or transcript name holds an original, its words split at `_`,
        digits and punctuation too ("interview_ali_2016.docx")."""
        words = re.sub(r"[\W_\d]+", " ", label)
        return bool(self.find(words) or self.leftovers(words) or self.leftovers(label))


def _key(original: str) -> str:
    """How a table original is looked up: folded, runs of spaces and hyphens as one space."""
    return " ".join(_JOINS.sub(" ", fold(original)).split())


def _letters(key: str) -> str:
    return key.replace(" ", "").replace("-", "")


def _spellings(original: str) -> set[str]:
    """The keys of every spelling of `original` (see `_SPELLED`), "aa" also as "å"."""
    spelled = [original.lower()]
    for letter, ways in _SPELLED.items():
        spelled = [way.join(s.split(letter)) for s in spelled for way in ways]
    spelled += [s.replace("aa", "a") for s in spelled if "aa" in s]
    return {_key(s) for s in spelled}


def _spaced(key: str) -> str:
    """A pattern for a key in folded text: where the key has a space, any run of spaces and
    hyphens, or none."""
    return "[ -]*".join(re.escape(word) for word in key.split(" "))


def _inside_brackets(text: str, index: int) -> bool:
    opening = text.rfind("[", 0, index)
    return opening != -1 and text.find("]", opening) >= index
