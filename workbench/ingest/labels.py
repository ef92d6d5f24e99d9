"""Speaker labels and timestamps at the start of a transcript line (see plaintext's docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass

TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIME_PARTS = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")

# A label word: letters, digits and a little punctuation found in speaker names.
_WORD = r"[\w\[\]().'’#&-]+"
_LABEL = rf"{_WORD}(?: +{_WORD}){{0,3}}"
_PLAIN_LABEL = re.compile(rf"(?P<label>{_LABEL}) *:(?:\s+(?P<rest>.*)|)", re.DOTALL)
_BOLD_LABEL = re.compile(
    rf"(?:\*\*(?P<a>{_LABEL}) *:\*\*|\*\*(?P<b>{_LABEL})\*\* *:)(?:\s*(?P<rest>.*)|)", re.DOTALL
)
_TIMED_LABEL = re.compile(
    rf"(?P<label>{_LABEL}) +(?:\((?P<p>{TIME})\)|\[(?P<b>{TIME})\]) *:(?:\s+(?P<rest>.*)|)",
    re.DOTALL,
)
_TIME_PREFIX = re.compile(
    rf"(?:\[(?P<b>{TIME})\]|\((?P<p>{TIME})\)|(?P<n>{TIME})(?=\s|$))\s*(?P<rest>.*)", re.DOTALL
)
_OTTER_HEADER = re.compile(rf"(?P<label>{_LABEL}) {{2,}}(?P<time>{TIME})")

MAX_LABEL_CHARS = 40


def parse_time(text: str) -> float | None:
    """Seconds in ``[h:]m:ss[.fff]`` (``1:23``, ``00:01:23``, ``00:01:23.456``), else None."""
    match = _TIME_PARTS.fullmatch(text)
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        return None
    whole = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    millis = int((fraction or "0").ljust(3, "0"))
    return (whole * 1000 + millis) / 1000


def is_speaker_label(label: str) -> bool:
    """Whether `label` (without its colon) can be a speaker name: see the module docstring."""
    if not label or len(label) > MAX_LABEL_CHARS or len(label.split()) > 4:
        return False
    if label.startswith("["):
        return re.fullmatch(r"\[[^\[\]]+\]", label) is not None
    return label[0].isupper()


@dataclass(frozen=True)
class Label:
    speaker: str
    rest: str
    start_seconds: float | None = None
    text_follows: bool = False  # Otter header: the text is on the next lines


@dataclass(frozen=True)
class StampedText:
    start_seconds: float
    rest: str


@dataclass(frozen=True)
class TimeOnly:
    start_seconds: float


def _label(text: str) -> Label | None:
    """A speaker label at the start of `text` (plain, bold or with a time), or None."""
    match = _BOLD_LABEL.fullmatch(text)
    if match is not None:
        speaker = (match.group("a") or match.group("b")).strip()
        if is_speaker_label(speaker):
            return Label(speaker, (match.group("rest") or "").strip())
    match = _TIMED_LABEL.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        seconds = parse_time(match.group("p") or match.group("b"))
        if seconds is not None:
            return Label(match.group("label"), (match.group("rest") or "").strip(), seconds)
    plain = speaker_label(text)
    return None if plain is None else Label(*plain)


def speaker_label(text: str) -> tuple[str, str] | None:
    """(speaker, rest) if `text` starts with a plain ``Name:`` label, else None."""
    match = _PLAIN_LABEL.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        return match.group("label"), (match.group("rest") or "").strip()
    return None


def classify(text: str) -> Label | StampedText | TimeOnly | None:
    """What a stripped, non-empty line starts: a turn, a timed text, a lone time, or None."""
    match = _TIME_PREFIX.fullmatch(text)
    if match is not None:
        bracketed = match.group("b") or match.group("p")
        seconds = parse_time(bracketed or match.group("n"))
        if seconds is not None:
            rest = match.group("rest").strip()
            if not rest:
                return TimeOnly(seconds)
            label = _label(rest)
            if label is not None:
                return Label(label.speaker, label.rest, seconds)
            if bracketed:
                return StampedText(seconds, rest)
            return None  # "10:30 we met at the hall": plain text
    label = _label(text)
    if label is not None:
        return label
    match = _OTTER_HEADER.fullmatch(text)
    if match is not None and is_speaker_label(match.group("label")):
        seconds = parse_time(match.group("time"))
        if seconds is not None:
            return Label(match.group("label"), "", seconds, text_follows=True)
    return None
