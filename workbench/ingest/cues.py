"""Subtitle cues read from .vtt and .srt lines: strictly, or leniently with each repair listed.

A cue is a block of lines between blank lines: a number (.srt, optional) or an identifier
(.vtt, optional), exactly one timing line, then its text. Anything else is refused with the
line to fix: a blank line missing between two cues, a block without a timing line (junk, or
a cue that lost it), a timing line that does not parse (a bad arrow, minutes or seconds past
59, milliseconds left out), a cue that ends before it starts. With ``lenient`` the file is
read the likely way instead, and every repair is a warning ``line N: repaired: ...``: two
cues where a blank line was missing, times read loosely or swapped, text without a timing
kept as a cue of its own at the end of the cue before (nothing is dropped but cue numbers
and identifiers). .vtt cue identifiers and NOTE, STYLE and REGION blocks are never text.

Neither webvtt-py nor srt reports line numbers, and both skip or merge broken blocks, so the
blocks are split here; the libraries read the timestamps that pass the strict patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

import srt
from webvtt.models import Timestamp

from workbench.errors import IngestError

VTT_TIMING = "expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'"
SRT_BLOCK = "expected a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then the text"

# A line that is a timing line gone wrong wherever it stands: it starts with two times
# joined by an arrow, or with a time in milliseconds, which speech never has ("10:30 -
# 11:00" is speech).
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,:;]\d{1,3})?"
_MS_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}"
_BROKEN_TIMING = re.compile(rf"\s*(?:{_TIME}\s*(?:-+>|[–—=]+>|→)\s*{_TIME}|{_MS_TIME}(?!\S))")
# Where a timing line belongs, also a line of nothing but one or two times ("00:00:04 - 6").
_BARE_TIMING = re.compile(r"\s*\d+[:.,;]\d[\d:.,;]*\s*(?:\S{1,3}\s*\d[\d:.,;]*)?\s*")
# At most nine digits a field: longer numbers are no time (and would overflow one).
_LOOSE_TIME = re.compile(r"(?<!\d)\d{1,9}(?:[:.,;]\d{1,9}){1,3}(?!\d)")
_VTT_HEADER_BLOCK = re.compile(r"NOTE(?:\s|$)|(?:STYLE|REGION)\s*$")


@dataclass(frozen=True)
class Cue:
    """One cue: its times in milliseconds and its text lines (line number, text as written)."""

    start_ms: int
    end_ms: int
    payload: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class _Format:
    """What a cue block looks like in one subtitle format."""

    timing: re.Pattern[str]  # a whole strict timing line, the two timestamps as groups 1, 2
    to_ms: Callable[[str], int]  # the library's reading of a strict timestamp
    identifier: re.Pattern[str]  # a line that numbers or names a cue (where text could be)
    identifier_anywhere_before_timing: bool  # .vtt: any one line before a timing is its id
    expected: str
    bad_timing: str  # "{line}" is the quoted timing line
    no_timing: str  # "{line}" is the quoted first line of the block
    fraction_separator: str


def _timing_pattern(timestamp: str) -> re.Pattern[str]:
    return re.compile(rf"\s*({timestamp})[ \t]*-->[ \t]*({timestamp})(?:[ \t]+.*)?\s*")


def _srt_ms(timestamp: str) -> int:
    delta: timedelta = srt.srt_timestamp_to_timedelta(timestamp)
    return delta // timedelta(milliseconds=1)


def _vtt_ms(timestamp: str) -> int:
    return int(Timestamp.from_string(timestamp).in_milliseconds())


_VTT = _Format(
    timing=_timing_pattern(r"(?:\d{2,9}:)?[0-5]\d:[0-5]\d\.\d{3}"),
    to_ms=_vtt_ms,
    identifier=re.compile(
        r"\s*(?:\d+|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}(?:/[\w-]+)?)\s*"
    ),
    identifier_anywhere_before_timing=True,
    expected=VTT_TIMING,
    bad_timing=f"bad cue timing line {{line}} ({VTT_TIMING})",
    no_timing=f"text outside a cue: no timing line before it ({VTT_TIMING}; "
    "is there a blank line inside a cue?)",
    fraction_separator=".",
)
_SRT = _Format(
    timing=_timing_pattern(r"\d{1,9}:[0-5]\d:[0-5]\d,\d{3}"),
    to_ms=_srt_ms,
    identifier=re.compile(r"\s*\d+\s*"),
    identifier_anywhere_before_timing=False,
    expected=SRT_BLOCK,
    bad_timing=f"bad subtitle block at {{line}} ({SRT_BLOCK})",
    no_timing=f"subtitle block without a timing line at {{line}} ({SRT_BLOCK})",
    fraction_separator=",",
)

_Line = tuple[int, str]  # (line number, text)


def _quote(line: str) -> str:
    line = line.strip()
    return repr(line if len(line) <= 60 else line[:57] + "...")


def _blocks(lines: list[str]) -> Iterator[list[_Line]]:
    """Runs of non-blank lines with their numbers; a line of spaces is blank too."""
    block: list[_Line] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def read_vtt_cues(lines: list[str], source: str, *, lenient: bool) -> tuple[list[Cue], list[str]]:
    """The cues of a WebVTT file's lines, and the repairs made (only when `lenient`)."""
    if not lines or not lines[0].startswith("WEBVTT"):
        raise IngestError(
            "not a WebVTT file: the first line must start with 'WEBVTT'", source=source, line=1
        )
    reader = _CueReader(_VTT, source, lenient)
    for index, block in enumerate(_blocks(lines)):
        if index > 0 and not _VTT_HEADER_BLOCK.match(block[0][1]):
            reader.read_block(block)
            continue
        # The header, a NOTE, STYLE or REGION block: never text, but a cue may have run
        # into it when the blank line before the cue was lost.
        arrow = next((i for i, (_, line) in enumerate(block[1:], 1) if "-->" in line), None)
        if arrow is not None:
            reader.read_block(block[reader.missing_blank_line(block, arrow, first=1) :])
    return reader.cues, reader.warnings


def read_srt_cues(lines: list[str], source: str, *, lenient: bool) -> tuple[list[Cue], list[str]]:
    """The cues of a SubRip file's lines, and the repairs made (only when `lenient`)."""
    reader = _CueReader(_SRT, source, lenient)
    for block in _blocks(lines):
        reader.read_block(block)
    return reader.cues, reader.warnings


def _loose_ms(time: str) -> int:
    """A time however written: [h:]m:s with any separators, then an optional fraction."""
    fields = re.split(r"[:.,;]", time)
    separators = re.findall(r"[:.,;]", time)
    fraction = 0
    if len(fields) == 4 or separators[-1] != ":":
        fraction = int(fields.pop()[:3].ljust(3, "0"))
    hours, minutes, seconds = ([0, 0] + [int(field) for field in fields])[-3:]
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction


def _loose_times(line: str) -> tuple[int, int] | None:
    times = [_loose_ms(match.group()) for match in _LOOSE_TIME.finditer(line)]
    if not times:
        return None
    return times[0], times[1] if len(times) > 1 else times[0]


class _CueReader:
    """Reads blocks into cues; a problem is refused, or with `lenient` repaired and listed."""

    def __init__(self, format: _Format, source: str, lenient: bool) -> None:
        self.format = format
        self.source = source
        self.lenient = lenient
        self.cues: list[Cue] = []
        self.warnings: list[str] = []
        self.id_shapes: set[str] = set()  # .vtt identifiers seen, digits as "#"

    def problem(self, line: int, message: str, repair: str) -> None:
        if not self.lenient:
            raise IngestError(message, source=self.source, line=line)
        self.warnings.append(f"line {line}: repaired: {message}; {repair}")

    def clock(self, ms: int) -> str:
        seconds, fraction = divmod(ms, 1000)
        minutes, seconds = divmod(seconds, 60)
        hours, minutes = divmod(minutes, 60)
        separator = self.format.fraction_separator
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{fraction:03d}"

    def is_identifier(self, line: str) -> bool:
        """A cue number or identifier, or a line shaped like the identifiers seen so far."""
        return bool(self.format.identifier.fullmatch(line)) or _shape(line) in self.id_shapes

    def missing_blank_line(self, block: list[_Line], timing: int, first: int = 0) -> int:
        """Where a cue that ran into the lines before it starts: its id, else its timing."""
        start = timing
        if timing - 1 >= first and self.is_identifier(block[timing - 1][1]):
            start = timing - 1
        number, line = block[start]
        self.problem(
            number, f"missing blank line before the cue at {_quote(line)}", "read as a cue apart"
        )
        return start

    def read_block(self, block: list[_Line]) -> None:
        timings = self._timing_lines(block)
        if not timings:
            self._untimed(block)
            return
        first = timings[0]
        before = first
        if first == 1 and self.format.identifier_anywhere_before_timing:
            before = 0  # the cue's identifier: never text
            self.id_shapes.add(_shape(block[0][1]))
        elif first > 0 and self.is_identifier(block[first - 1][1]):
            before = first - 1
        if before > 0:
            self._untimed(block[:before])
        for k, timing in enumerate(timings):
            end = timings[k + 1] if k + 1 < len(timings) else len(block)
            if end - 1 > timing and end < len(block) and self.is_identifier(block[end - 1][1]):
                end -= 1  # the next cue's number or identifier: never text
            in_text = k > 0 and not self._ran_into(block, timings[k - 1], timing)
            start_ms, end_ms = self._times(*block[timing], in_text=in_text)
            self.cues.append(Cue(start_ms, end_ms, tuple(block[timing + 1 : end])))

    def _timing_lines(self, block: list[_Line]) -> list[int]:
        """The indexes of a block's timing lines, well formed or not.

        Any line with an arrow or a millisecond time counts; in a timing line's place (the
        first line, or the second after an id) a line of bare times counts too. With
        `lenient`, a line without any time, or one in a cue's text that does not start like
        a timing line ("so A --> B at 10:30"), is text after all.
        """
        timings = [i for i, (_, line) in enumerate(block) if _is_timing_line(line)]
        if not timings or timings[0] > 1:
            place = [0, 1] if self.format.identifier_anywhere_before_timing else [0]
            if place == [0] and self.format.identifier.fullmatch(block[0][1]):
                place = [1]
            bare = [i for i in place if i < len(block) and _BARE_TIMING.fullmatch(block[i][1])]
            timings = bare[:1] + timings
        if not self.lenient:
            return timings
        kept: list[int] = []
        for i in timings:
            number, line = block[i]
            in_text = bool(kept) or i > 1
            # In a cue's text, only a line that starts like a timing line is one.
            timing_like = (
                not in_text or _BROKEN_TIMING.match(line) or self.format.timing.match(line)
            )
            if timing_like and _loose_times(line) is not None:
                kept.append(i)
            else:
                self.problem(number, self._bad_timing(line, in_text=in_text), "kept as text")
        return kept

    def _ran_into(self, block: list[_Line], previous: int, timing: int) -> bool:
        """Report a timing line that follows the cue timed at `previous` without a blank
        line; True if it is a timing line in its own right, not a line of the cue's text."""
        line = block[timing][1]
        if _loose_times(line) is None:
            return False  # an arrow in what was said, or a timing line that lost its times
        if timing == previous + 1:
            self.problem(
                block[previous][0],
                "cue without text: the line after its timing is another timing line, "
                f"{_quote(line)}",
                "read as a pause, then the next cue",
            )
            return True
        if self.format.timing.fullmatch(line):
            self.missing_blank_line(block, timing, first=previous + 2)
            return True
        return False  # a broken timing line: reported by `_times` as inside the text

    def _bad_timing(self, line: str, *, in_text: bool) -> str:
        if in_text:
            expected = self.format.expected
            return f"bad cue timing line {_quote(line)} inside a cue's text ({expected})"
        return self.format.bad_timing.format(line=_quote(line))

    def _times(self, number: int, line: str, *, in_text: bool) -> tuple[int, int]:
        match = self.format.timing.fullmatch(line)
        if match is not None:
            start, end = self.format.to_ms(match.group(1)), self.format.to_ms(match.group(2))
        else:
            bad_timing = self._bad_timing(line, in_text=in_text)
            loose = _loose_times(line)
            if loose is None:  # only reached strictly: lenient keeps such lines as text
                raise IngestError(bad_timing, source=self.source, line=number)
            start, end = loose
            self.problem(number, bad_timing, f"read as {self.clock(start)} --> {self.clock(end)}")
        if end < start:
            self.problem(
                number, f"cue ends before it starts: {_quote(line)}", "start and end swapped"
            )
            start, end = end, start
        return start, end

    def _untimed(self, lines: list[_Line]) -> None:
        """Lines without a timing line: refused, or kept as a cue at the last cue's end."""
        text = lines[1:] if self.is_identifier(lines[0][1]) else lines
        at = self.cues[-1].end_ms if self.cues else 0
        repair = f"its text kept as a cue at {self.clock(at)}" if text else "left out"
        self.problem(lines[0][0], self.format.no_timing.format(line=_quote(lines[0][1])), repair)
        if text:
            self.cues.append(Cue(at, at, tuple(text)))


def _is_timing_line(line: str) -> bool:
    return "-->" in line or _BROKEN_TIMING.match(line) is not None


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())
