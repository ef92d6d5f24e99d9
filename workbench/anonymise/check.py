"""Residual identifier candidates in stored transcripts, for a person to review."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from workbench.anonymise.detectors import detect
from workbench.anonymise.gate import KIND_LABELS
from workbench.store.allowed_words import add_allowed_words, allowed_words
from workbench.store.project import Project
from workbench.store.transcript_rows import all_documents

WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
DIGITS = re.compile(r"\d+(?:[.,:/-]\d+)*")
NEWLINE = re.compile("\n")
# A bracketed replacement; in a text kept as written it may wrap onto the next line.
BRACKETED = re.compile(r"\[(?:[^\]\n]|\n(?![ \t]*\n))*\]")
# Formats stored as written, where a lone line break may be a hard wrap inside a sentence.
WRAPPED_FORMATS = frozenset({"txt", "md", "qdpx"})  # qdpx: another tool's text, as kept
SENTENCE_END = set(".!?:;…")
OPENERS = set("\"'“‘(«—–- ")
ALWAYS_ALLOWED = {
    "i",
    "i'm",
    "i've",
    "i'd",
    "i'll",
    "i’m",
    "i’ve",
    "i’d",
    "i’ll",
    *(name.lower() for name in calendar.month_name if name),
    *(name.lower() for name in calendar.day_name),
}


@dataclass
class Candidate:
    """A word (or number) that may identify someone, with every line it occurs on."""

    transcript: str
    word: str
    kind: str
    lines: list[int] = field(default_factory=list)
    first: int = field(default=0, repr=False)  # offset of the first occurrence, for order

    def __str__(self) -> str:
        lines = ", ".join(str(n) for n in self.lines)
        label = "line" if len(self.lines) == 1 else "lines"
        return f"{self.transcript}: {self.word} ({self.kind}) {label} {lines}"


def allow(project: Project, words: list[str]) -> int:
    """Add words to the project's allowlist; returns how many were new."""
    with project.session() as session:
        known = {w.casefold() for w in allowed_words(session)}
        new = sorted({w.strip() for w in words if w.strip() and w.strip().casefold() not in known})
        add_allowed_words(session, new)
        if new:
            project.log(session, "anonymise.allow", ", ".join(new))
        return len(new)


def candidates(project: Project) -> list[Candidate]:
    with project.session() as session:
        allowed = ALWAYS_ALLOWED | {w.casefold() for w in allowed_words(session)}
        transcripts = all_documents(session)  # by name, whatever the database's collation
    found: list[Candidate] = []
    for transcript in transcripts:
        by_word: dict[tuple[str, str], Candidate] = {}
        line_starts = [0, *(match.end() for match in NEWLINE.finditer(transcript.text))]
        wraps = transcript.source_format in WRAPPED_FORMATS
        for utterance in transcript.utterances:
            text = transcript.text[utterance.start : utterance.end]
            for offset, word, kind in _scan(text, allowed, wraps):
                at = utterance.start + offset
                line = bisect_right(line_starts, at)
                candidate = by_word.setdefault(
                    (word, kind), Candidate(transcript.name, word, kind, first=at)
                )
                if line not in candidate.lines:
                    candidate.lines.append(line)
        found += sorted(by_word.values(), key=lambda c: c.first)
    return found


def _scan(text: str, allowed: set[str], wraps: bool) -> list[tuple[int, str, str]]:
    masked = BRACKETED.sub(lambda match: " " * len(match.group()), text)
    hits: list[tuple[int, str, str]] = []
    # What the import gate refuses (e-mail, URL, phone, long numbers) may have been let in
    # with --allow-identifiers: report it whole, then leave its pieces out of the rest.
    for found in detect(masked):
        hits.append((found.start, masked[found.start : found.end], KIND_LABELS[found.kind]))
        gap = " " * (found.end - found.start)
        masked = masked[: found.start] + gap + masked[found.end :]
    for match in WORD.finditer(masked):
        word = match.group().rstrip("'’-")
        base = re.sub(r"['’]s$", "", word)
        if not word[0].isupper() or base.casefold() in allowed:
            continue
        if _starts_sentence(masked, match.start(), wraps):
            continue
        hits.append((match.start(), word, "capitalised"))
    for match in DIGITS.finditer(masked):
        hits.append((match.start(), match.group(), "digits"))
    return sorted(hits)


def _starts_sentence(text: str, index: int, wraps: bool) -> bool:
    """True after a sentence end or a paragraph break, skipping quotes, dashes and asides
    like "(laughs)". With `wraps`, a lone line break is a hard wrap, not a paragraph break."""
    position = index - 1
    while position >= 0:
        char = text[position]
        if char in OPENERS or (char == "\n" and wraps and not _after_blank_line(text, position)):
            position -= 1
        elif char in ")]":
            opening = text.rfind("(" if char == ")" else "[", 0, position)
            if opening == -1:
                return False
            position = opening - 1
        else:
            return char in SENTENCE_END or char == "\n"
    return True


def _after_blank_line(text: str, newline: int) -> bool:
    """Whether the line break at `newline` ends a blank line (a paragraph break)."""
    return text[:newline].rstrip(" \t").endswith("\n")
