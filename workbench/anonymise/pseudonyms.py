"""Pseudonym tables (CSV `original,replacement`) kept by the researcher outside the project."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import AnonymisationError
from workbench.text import normalise


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    kind: str
    replacement: str


class PseudonymTable:
    """Whole-word, case-insensitive replacements applied consistently across a project."""

    def __init__(self, pairs: dict[str, str]):
        self.pairs = {original.casefold(): replacement for original, replacement in pairs.items()}
        # Longest originals first so that "Maria Lopez" wins over "Maria".
        alternatives = sorted(self.pairs, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    @classmethod
    def load(cls, path: Path) -> PseudonymTable:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise AnonymisationError(f"cannot read pseudonym table: {error.strerror}") from error
        try:
            text = normalise(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise AnonymisationError("pseudonym table is not UTF-8", source=str(path)) from error
        reader = csv.reader(text.splitlines())
        pairs: dict[str, str] = {}
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
            original, replacement = (cell.strip() for cell in row)
            if not original or not replacement:
                raise AnonymisationError(
                    "empty original or replacement", source=str(path), line=line
                )
            replacement = replacement.strip("[]").strip()
            known = pairs.get(original.casefold())
            if known is not None and known != replacement:
                raise AnonymisationError(
                    f"row repeats an original with another replacement ('{known}')",
                    source=str(path),
                    line=line,
                )
            pairs[original.casefold()] = replacement
        if not pairs:
            raise AnonymisationError("pseudonym table has no rows", source=str(path))
        return cls(pairs)

    def find(self, text: str) -> list[Replacement]:
        if self._pattern is None:
            return []
        return [
            Replacement(
                match.start(), match.end(), "pseudonym", self.pairs[match.group().casefold()]
            )
            for match in self._pattern.finditer(text)
        ]

    def leftovers(self, text: str) -> list[tuple[int, int]]:
        """Originals still inside words after replacement ("Lopezes", "MariaJose")."""
        spans: list[tuple[int, int]] = []
        for original in self.pairs:
            if len(original) < 4:  # short originals inside words are ordinary English
                continue
            for match in re.finditer(re.escape(original), text, re.IGNORECASE):
                if not _inside_brackets(text, match.start()):
                    spans.append(match.span())
        return sorted(spans)


def _inside_brackets(text: str, index: int) -> bool:
    opening = text.rfind("[", 0, index)
    return opening != -1 and text.find("]", opening) >= index
