"""Residual identifier candidates in stored transcripts, for a person to review."""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field

from workbench.anonymise.detectors import KINDS, detect
from workbench.anonymise.people import WORD, find_people, is_role
from workbench.anonymise.settings import ALLOWED_KINDS, StudySettings, listed, study_settings
from workbench.errors import WorkbenchError
from workbench.store.allowed_words import add_allowed_words, allowed_words
from workbench.store.codebook_rows import read_setting, write_setting
from workbench.store.document_rows import read_documents
from workbench.store.project import Project

DIGITS = re.compile(r"\d+(?:[.,:/-]\d+)*")
# A bare year says when, not who: the date detector flags a full date that holds one.
YEAR = re.compile(r"(?:1[89]|20)\d\d")
OWN_NUMBERS = re.compile(r"\d+")
NEWLINE = re.compile("\n")
# A bracketed replacement; in a text kept as written it may wrap onto the next line.
BRACKETED = re.compile(r"\[(?!\s*(?:at|dot)\s*\])(?:[^\]\n]|\n(?![ \t]*\n))*\]")
# Formats stored as written, where a lone line break may be a hard wrap inside a sentence.
WRAPPED_FORMATS = frozenset({"txt", "md", "qdpx"})  # qdpx: another tool's text, as kept
SENTENCE_END = set(".!?:;…")
OPENERS = set("\"'“‘(«—–- ")
ALWAYS_ALLOWED = {
    "i",
    *(name.lower() for name in calendar.month_name if name),
    *(name.lower() for name in calendar.day_name),
}
STRUCTURED_KINDS = frozenset(KINDS) - {"name", "place"}


@dataclass
class Candidate:
    """A word or passage that may identify someone, with every line it occurs on."""

    transcript: str
    word: str
    kind: str
    confidence: str = "high"
    lines: list[int] = field(default_factory=list)
    first: int = field(default=0, repr=False)  # offset of the first occurrence, for order

    def __str__(self) -> str:
        lines = ", ".join(str(n) for n in self.lines)
        label = "line" if len(self.lines) == 1 else "lines"
        return f"{self.transcript}: {self.word} ({self.kind}, {self.confidence}) {label} {lines}"


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise WorkbenchError(f"unknown kind '{kind}' (one of {', '.join(KINDS)})")
    return kind


def allow(project: Project, words: list[str], kinds: Collection[str] = ()) -> int:
    """Add words to the project's allowlist and kinds to its allowed classes; returns how
    many were new."""
    for kind in kinds:
        check_kind(kind)
    with project.session() as session:
        known = {w.casefold() for w in allowed_words(session)}
        new = sorted({w.strip() for w in words if w.strip() and w.strip().casefold() not in known})
        add_allowed_words(session, new)
        if new:
            project.log(session, "anonymise.allow", ", ".join(new))
        allowed_kinds = listed(read_setting(session, ALLOWED_KINDS))
        new_kinds = sorted(set(kinds) - set(allowed_kinds))
        if new_kinds:
            write_setting(session, ALLOWED_KINDS, ",".join(sorted({*allowed_kinds, *kinds})))
            project.log(session, "anonymise.allow_kind", ", ".join(new_kinds))
        return len(new) + len(new_kinds)


def candidates(project: Project, kinds: Collection[str] = ()) -> list[Candidate]:
    """What `anonymise check` lists: of `kinds` only when given, never an allowed kind."""
    for kind in kinds:
        check_kind(kind)
    settings = study_settings(project)
    with project.session() as session:
        allowed = ALWAYS_ALLOWED | {w.casefold() for w in allowed_words(session)}
        transcripts = read_documents(
            session.connection()
        )  # by name, whatever the database's collation
    wanted = (set(kinds) or set(KINDS)) - settings.allowed_kinds
    found: list[Candidate] = []
    for transcript in transcripts:
        by_word: dict[tuple[str, str], Candidate] = {}
        line_starts = [0, *(match.end() for match in NEWLINE.finditer(transcript.text))]
        wraps = transcript.source_format in WRAPPED_FORMATS
        lowered = _lowered_words(transcript.text)
        # The number in the transcript's own name (01 of ms_01, written 1 or 01) identifies
        # nobody; a word in it is not made safe (geneva_01 may still name Geneva in its text).
        own = {_number(found) for found in OWN_NUMBERS.findall(transcript.name)}
        hits: list[tuple[int, str, str, str]] = []
        for utterance in transcript.utterances:
            speaker = utterance.speaker
            if speaker and not is_role(speaker, settings.roles):
                hits.append((utterance.start, speaker, "name", "high"))
            text = transcript.text[utterance.start : utterance.end]
            for offset, word, kind, confidence in _scan(text, lowered, wraps, settings):
                hits.append((utterance.start + offset, word, kind, confidence))
        # A word found as a place somewhere in the transcript is that place everywhere in it.
        places = {word for _, word, kind, _ in hits if kind == "place"}
        for at, word, kind, confidence in hits:
            if kind not in wanted or _bare(word).casefold() in allowed:
                continue
            if kind == "id" and word.isdecimal() and _number(word) in own:
                continue
            if kind == "name" and word in places:
                continue
            line = bisect_right(line_starts, at)
            candidate = by_word.setdefault(
                (word, kind), Candidate(transcript.name, word, kind, confidence, first=at)
            )
            if line not in candidate.lines:
                candidate.lines.append(line)
        found += sorted(by_word.values(), key=lambda c: c.first)
    return found


def _lowered_words(text: str) -> set[str]:
    """Words written in lower case, outside e-mail and web addresses (anne-marie.d@...)."""
    for found in reversed(detect(text, {"email", "url"})):
        text = text[: found.start] + " " + text[found.end :]
    return {w.casefold() for w in WORD.findall(text) if w[0].islower()}


def _number(digits: str) -> str:
    """Digits without leading zeros: 07 and 7 are one number (as text: no length limit)."""
    return digits.lstrip("0") or "0"


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word)


def _scan(
    text: str, lowered: set[str], wraps: bool, settings: StudySettings
) -> list[tuple[int, str, str, str]]:
    masked = BRACKETED.sub(lambda match: " " * len(match.group()), text)
    hits: list[tuple[int, str, str, str]] = []
    # What the import gate refuses (e-mail, URL, phone, ID) may have been let in with
    # --allow-identifiers: report it whole, then leave its pieces out of the rest.
    for found in detect(masked, STRUCTURED_KINDS, settings.regions):
        hits.append((found.start, masked[found.start : found.end], found.kind, found.confidence))
        gap = " " * (found.end - found.start)
        masked = masked[: found.start] + gap + masked[found.end :]
    for found in find_people(masked, lambda at: starts_sentence(masked, at, wraps), lowered):
        hits.append((found.start, masked[found.start : found.end], found.kind, found.confidence))
    for match in DIGITS.finditer(masked):
        if not YEAR.fullmatch(match.group()):
            hits.append((match.start(), match.group(), "id", "low"))
    return sorted(hits)


def starts_sentence(text: str, index: int, wraps: bool = False) -> bool:
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
