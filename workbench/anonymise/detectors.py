"""Detectors for direct identifiers in interview text: e-mail, URL, phone, long digit runs."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: earlier kinds win where matches overlap (an e-mail holds a domain and digits).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")),
    (
        "url",
        re.compile(
            r"\b(?:https?://|ftp://|www\.)[^\s<>\"'\]\)]+"
            r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|int|edu|gov|info|io)(?:/[^\s<>\"']*)?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "phone",
        re.compile(
            # +41 22 717 91 11, (020) 7946 0958, 020 7946 0958, 212-555-0100
            r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?|\(\d{2,5}\)\s?|0)"
            r"\d{1,4}(?:[\s.-]\d{2,4}){1,4}\b"
            r"|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
        ),
    ),
    ("number", re.compile(r"(?<![\d.,])\d{6,}(?![\d])")),
)

# What a text must hold for a kind to be worth looking for: a few substring scans of a long
# interview (C speed) instead of a full pattern search that cannot match.
URL_HINTS = ("://", "www.", ".com", ".org", ".net", ".int", ".edu", ".gov", ".info", ".io")
_ANY_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    if any(digit in text for digit in "0123456789"):
        return True
    return not text.isascii() and _ANY_DIGIT.search(text) is not None  # other scripts' digits


def _worth_searching(text: str) -> dict[str, bool]:
    lowered = text.lower()
    digits = _has_digit(text)
    return {
        "email": "@" in text,
        "url": any(hint in lowered for hint in URL_HINTS),
        "phone": digits,
        "number": digits,
    }


# A phone number has at least this many digits; fewer is a date, a range or a quantity.
MIN_PHONE_DIGITS = 8


@dataclass(frozen=True)
class Detection:
    start: int
    end: int
    kind: str


def detect(text: str) -> list[Detection]:
    """Non-overlapping identifier candidates in `text`, in order of position."""
    found: list[Detection] = []
    taken: list[tuple[int, int]] = []
    worth = _worth_searching(text)
    for kind, pattern in PATTERNS:
        if not worth[kind]:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "phone" and sum(c.isdigit() for c in match.group()) < MIN_PHONE_DIGITS:
                continue
            if kind == "url":
                end = start + len(match.group().rstrip(".,;:!?"))
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(Detection(start, end, kind))
    return sorted(found, key=lambda d: d.start)
