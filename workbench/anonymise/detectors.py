"""Detectors for identifiers known by their shape: e-mail, URL, phone, ID, IP, date, address."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from workbench.anonymise.phones import DEFAULT_REGIONS, find_phones
from workbench.anonymise.shapes import (
    find_addresses,
    find_dates,
    find_ibans,
    find_ids,
    find_ips,
)

# Every kind a finding can have; the people module finds names and places.
KINDS = ("name", "place", "email", "phone", "url", "id", "date", "address", "ip")
# What the import gate refuses (or, with a pseudonym table, replaces) by default.
GATE_KINDS = frozenset({"email", "phone", "url", "id", "ip"})
CONFIDENCES = ("high", "medium", "low")

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
# soren at iom dot int, maria [at] example [dot] org, j.doe(at)un(dot)org
_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:(?:{_DOT}|\.)[\w-]+)*{_DOT}[A-Za-z]{{2,}}\b",
    re.IGNORECASE,
)
URL = re.compile(
    r"\b(?:https?://|ftp://|www\.)[^\s<>\"'\]\)]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|int|edu|gov|info|io)(?:/[^\s<>\"']*)?\b",
    re.IGNORECASE,
)

# What a text must hold for a kind to be worth looking for: a few substring scans of a long
# interview (C speed) instead of a full pattern search that cannot match.
URL_HINTS = ("://", "www.", ".com", ".org", ".net", ".int", ".edu", ".gov", ".info", ".io")
_ANY_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Detection:
    start: int
    end: int
    kind: str
    confidence: str = "high"


def _has_digit(text: str) -> bool:
    if any(digit in text for digit in "0123456789"):
        return True
    return not text.isascii() and _ANY_DIGIT.search(text) is not None  # other scripts' digits


def _emails(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in EMAIL.finditer(text)] if "@" in text else []
    lowered = text.lower()
    if "at" in lowered and "dot" in lowered:
        spans += [m.span() for m in OBFUSCATED_EMAIL.finditer(text)]
    return spans


def _urls(text: str) -> list[tuple[int, int]]:
    if not any(hint in text.lower() for hint in URL_HINTS):
        return []
    return [(m.start(), m.start() + len(m.group().rstrip(".,;:!?"))) for m in URL.finditer(text)]


def detect(
    text: str,
    kinds: Collection[str] = GATE_KINDS,
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> list[Detection]:
    """Non-overlapping identifier candidates of `kinds` in `text`, in order of position.

    Phone numbers are read as national numbers of `regions` (and international ones)."""
    digits = _has_digit(text)
    # Order matters: earlier kinds win where matches overlap (an e-mail holds a domain and
    # digits, an IBAN a long digit run, an IP address something like a phone number).
    finders: list[tuple[str, Callable[[str], list[tuple[int, int]]]]] = [
        ("email", _emails),
        ("url", _urls),
    ]
    if digits:
        finders += [
            ("ip", find_ips),
            ("id", find_ibans),
            ("date", find_dates),
            ("phone", lambda t: find_phones(t, regions)),
            ("address", find_addresses),
            ("id", find_ids),
        ]
    found: list[Detection] = []
    for kind, finder in finders:
        if kind not in kinds:
            continue
        for start, end in finder(text):
            if any(start < d.end and d.start < end for d in found):
                continue
            found.append(Detection(start, end, kind))
    return sorted(found, key=lambda d: d.start)
