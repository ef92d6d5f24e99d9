"""Subtitle transcripts (.vtt with webvtt-py, .srt with srt): cues grouped into speaker turns.

The speaker of a cue is its ``<v Name>`` voice span (Microsoft Teams) or a ``Name:`` label
at the start of its text (Zoom). Consecutive cues of one speaker merge into one turn, the
cue texts joined with a space; cues without a speaker are each a turn of their own. A cue's
lines are joined with a space; cue tags are removed. Cue identifiers, NOTE, STYLE and
REGION blocks are ignored. A cue without text is a pause when a blank line ends it; a broken
cue is refused with its line rather than read as words said: a timing line right after a
cue's own timing (the cue lost its text), or a timing line that does not parse inside a
cue's text (a blank line lost before it).

webvtt-py skips malformed cues silently and neither library reports line numbers, so the
.vtt blocks are split here (by the WebVTT rules webvtt-py follows) and each cue is checked
with webvtt-py's ``Caption``; .srt errors are located from the character offset that
``srt.SRTParseError`` reports, and cue text positions from ``srt.SRT_REGEX``, the pattern
``srt.parse`` matches with.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

import srt
import webvtt
from webvtt.errors import MalformedCaptionError

from workbench.errors import IngestError
from workbench.ingest.builder import TurnBuilder
from workbench.ingest.decode import decode
from workbench.ingest.labels import speaker_label
from workbench.ingest.model import ParsedTranscript

VTT_TIMING = "expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt'"
SRT_BLOCK = "expected a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then the text"

_VOICE = re.compile(r"\s*<v(?:\.[^\s>]+)*\s+([^>]*?)\s*>")
_VOICE_ANYWHERE = re.compile(r"<v(?:\.[^\s>]+)*\s+[^>]*>")
_CUE_TAG = re.compile(r"<[^>]*>")  # what webvtt's Caption.text strips, line by line
_SRT_TAG = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")
_TIMING_LIKE = re.compile(r"\s*\d+:\d+|.*\d\s*-+>")
# A cue text line that is a timing line gone wrong: it starts with two times joined by an
# arrow, or with a time in milliseconds, which speech never has ("10:30 - 11:00" is speech).
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,:;]\d{1,3})?"
_MS_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}"
_BROKEN_TIMING = re.compile(rf"\s*(?:{_TIME}\s*(?:-+>|[–—=]+>|→)\s*{_TIME}|{_MS_TIME}(?!\S))")


@dataclass(frozen=True)
class _Segment:
    """The lines of one cue (or the part of a cue in one voice) with one speaker."""

    speaker: str | None
    lines: tuple[tuple[int, str], ...]  # (source line, text without tags), text not empty
    start: float
    end: float


def parse_vtt(data: bytes, source: str) -> ParsedTranscript:
    """Parse a WebVTT transcript (Zoom, Teams and plain captions)."""
    text, warnings = decode(data, source)
    segments: list[_Segment] = []
    for block in _vtt_cue_blocks(text.split("\n"), source):
        segments.extend(_vtt_segments(block, source))
    return _parsed(segments, source, "vtt", warnings)


def parse_srt(data: bytes, source: str) -> ParsedTranscript:
    """Parse a SubRip (.srt) transcript."""
    text, warnings = decode(data, source)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        line = _srt_error_line(text, int(error.expected_start), str(error.unmatched_content))
        bad = text.split("\n")[line - 1].strip()
        raise IngestError(
            f"bad subtitle block at {_quote(bad)} ({SRT_BLOCK})", source=source, line=line
        ) from None
    segments: list[_Segment] = []
    matches = srt.SRT_REGEX.finditer(text)
    position, line = 0, 1
    for subtitle, match in zip(subtitles, matches, strict=True):
        line += text.count("\n", position, match.start(5))
        position = match.start(5)
        first_line = line
        raw_lines = str(subtitle.content).split("\n")
        _refuse_timing_in_text(raw_lines, first_line, source, SRT_BLOCK)
        lines = [(first_line + n, _SRT_TAG.sub("", raw)) for n, raw in enumerate(raw_lines)]
        start = float(subtitle.start.total_seconds())
        end = float(subtitle.end.total_seconds())
        segments.extend(_segments(lines, raw_lines, start, end))
    return _parsed(segments, source, "srt", warnings)


def _refuse_timing_in_text(
    raw_lines: list[str], first_line: int, source: str, expected: str
) -> None:
    """Refuse a cue whose text holds a timing line (`first_line` is its first text line):
    right after the cue's own timing, the cue has no text; later, a timing is broken."""
    for number, raw in enumerate(raw_lines, start=first_line):
        if "-->" in raw or _BROKEN_TIMING.match(raw):
            if number == first_line:
                raise IngestError(
                    f"cue without text: the line after its timing is another timing line, "
                    f"{_quote(raw.strip())}",
                    source=source,
                    line=first_line - 1,
                )
            raise IngestError(
                f"bad cue timing line {_quote(raw.strip())} inside a cue's text ({expected})",
                source=source,
                line=number,
            )


def _srt_error_line(text: str, position: int, unmatched: str) -> int:
    """The line to blame for text srt could not match: a timing-like line, else the first."""
    first_line = text.count("\n", 0, position) + 1
    lines = unmatched.split("\n")
    for offset, line in enumerate(lines):
        if _TIMING_LIKE.match(line):
            return first_line + offset
    return first_line + next((i for i, line in enumerate(lines) if line.strip()), 0)


def _quote(line: str) -> str:
    return repr(line if len(line) <= 60 else line[:57] + "...")


@dataclass(frozen=True)
class _CueBlock:
    timing_line: int
    timing: str
    payload: tuple[tuple[int, str], ...]


def _vtt_blocks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    """Blocks of (line number, line) as webvtt-py splits them.

    A block ends at an empty line; a line with "-->" also starts a new block unless it can
    be the timing line of the current block (its first line, or its second after an id).
    """
    block: list[tuple[int, str]] = []
    in_header = True
    for number, line in enumerate(lines, start=1):
        starts_new = bool(
            block and "-->" in line and (in_header or len(block) > 1 or "-->" in block[0][1])
        )
        if (not line or starts_new) and block:
            yield block
            block = []
            in_header = False
        if line:
            block.append((number, line))
    if block:
        yield block


def _vtt_cue_blocks(lines: list[str], source: str) -> Iterator[_CueBlock]:
    if not lines or not lines[0].startswith("WEBVTT"):
        raise IngestError(
            "not a WebVTT file: the first line must start with 'WEBVTT'", source=source, line=1
        )
    blocks = _vtt_blocks(lines)
    next(blocks)  # the header: WEBVTT and metadata lines
    for block in blocks:
        first = block[0][1]
        if re.match(r"NOTE(?:\s|$)", first) or first.strip() in ("STYLE", "REGION"):
            continue
        timing_index = next((i for i, (_, line) in enumerate(block[:2]) if "-->" in line), None)
        if timing_index is None:
            bad = next(((n, line) for n, line in block if _TIMING_LIKE.match(line)), None)
            if bad is not None:
                raise IngestError(
                    f"bad cue timing line {_quote(bad[1].strip())} ({VTT_TIMING})",
                    source=source,
                    line=bad[0],
                )
            raise IngestError(
                f"text outside a cue: no timing line before it ({VTT_TIMING}; "
                "is there a blank line inside a cue?)",
                source=source,
                line=block[0][0],
            )
        number, timing = block[timing_index]
        payload = tuple(block[timing_index + 1 :])
        if payload:
            _refuse_timing_in_text([line for _, line in payload], payload[0][0], source, VTT_TIMING)
        elif number < len(lines) and lines[number]:
            # An empty cue is a pause when a blank line ends it; here a timing follows.
            _refuse_timing_in_text([lines[number]], number + 1, source, VTT_TIMING)
        yield _CueBlock(number, timing, payload)


def _vtt_segments(block: _CueBlock, source: str) -> list[_Segment]:
    start_text, _, rest = block.timing.partition("-->")
    end_text = (rest.split() or [""])[0]
    raw_lines = [line for _, line in block.payload]
    try:
        if not start_text.strip() or not end_text:  # Caption would default them to 0
            raise MalformedCaptionError("missing time")
        caption = webvtt.Caption(start_text.strip(), end_text, raw_lines)
    except MalformedCaptionError:
        raise IngestError(
            f"bad cue timing line {_quote(block.timing.strip())} ({VTT_TIMING})",
            source=source,
            line=block.timing_line,
        ) from None
    start = caption.start_time.in_milliseconds() / 1000
    end = caption.end_time.in_milliseconds() / 1000
    if end < start:
        raise IngestError(
            f"cue ends before it starts: {_quote(block.timing.strip())}",
            source=source,
            line=block.timing_line,
        )
    if not raw_lines:
        return []  # an empty cue: a pause in the recording, nothing said
    texts = [html.unescape(text) for text in caption.text.split("\n")]
    lines = [(number, text) for (number, _), text in zip(block.payload, texts, strict=True)]
    lines, raw_lines = _one_voice_each(lines, raw_lines)
    return _segments(lines, raw_lines, start, end)


def _one_voice_each(
    lines: list[tuple[int, str]], raw_lines: list[str]
) -> tuple[list[tuple[int, str]], list[str]]:
    """Lines holding several voice spans (`<v A>Hi</v> <v B>Hey</v>`) split at each span,
    so that every piece has one speaker; other lines are left as they are."""
    out_lines: list[tuple[int, str]] = []
    out_raw: list[str] = []
    for (number, text), raw in zip(lines, raw_lines, strict=True):
        starts = [match.start() for match in _VOICE_ANYWHERE.finditer(raw)]
        if len(starts) < 2:
            out_lines.append((number, text))
            out_raw.append(raw)
            continue
        for a, b in pairwise(sorted({0, *starts, len(raw)})):
            piece = raw[a:b]
            out_raw.append(piece)
            out_lines.append((number, html.unescape(_CUE_TAG.sub("", piece))))
    return out_lines, out_raw


def _segments(
    lines: list[tuple[int, str]], raw_lines: list[str], start: float, end: float
) -> list[_Segment]:
    """Split a cue at its voice spans; a cue without one may start with a ``Name:`` label."""
    segments: list[_Segment] = []
    speaker: str | None = None
    current: list[tuple[int, str]] = []
    for index, ((number, text), raw) in enumerate(zip(lines, raw_lines, strict=True)):
        voice = _VOICE.match(raw)
        text = text.strip()
        if voice is not None and voice.group(1) != speaker:
            if current:
                segments.append(_Segment(speaker, tuple(current), start, end))
            speaker, current = voice.group(1) or None, []
        elif voice is None and index == 0:
            label = speaker_label(text)
            if label is not None:
                speaker, text = label
        if text:
            current.append((number, text))
    if current:
        segments.append(_Segment(speaker, tuple(current), start, end))
    return segments


def _parsed(
    segments: Iterable[_Segment], source: str, format: str, warnings: list[str]
) -> ParsedTranscript:
    builder = TurnBuilder(paragraphs=False)
    for segment in segments:
        if segment.speaker is None or segment.speaker != builder.open_speaker:
            builder.start(segment.speaker, segment.lines[0][0], segment.start, segment.end)
        builder.extend_to(segment.end)
        for number, text in segment.lines:
            builder.add(text, number)
    builder.finish()
    if not builder.turns:
        raise IngestError("no text", source=source)
    return ParsedTranscript(
        source=source,
        format=format,
        turns=tuple(builder.turns),
        warnings=(*warnings, *builder.warnings),
    )
