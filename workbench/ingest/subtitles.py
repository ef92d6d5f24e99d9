"""Subtitle transcripts (.vtt, .srt): cues grouped into speaker turns.

The cues are read by `workbench.ingest.cues`: strictly (a broken cue is refused with its
line), or with ``lenient`` repaired and listed as warnings. The speaker of a cue is its
``<v Name>`` voice span (Microsoft Teams) or a ``Name:`` label at the start of its text
(Zoom). Consecutive cues of one speaker merge into one turn, the cue texts joined with a
space; cues without a speaker are each a turn of their own. A cue's lines are joined with a
space; cue tags are removed (in .vtt as webvtt-py's ``Caption.text`` removes them, then
HTML entities decoded). A cue without text is a pause.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from workbench.errors import IngestError
from workbench.ingest.builder import TurnBuilder
from workbench.ingest.cues import Cue, read_srt_cues, read_vtt_cues
from workbench.ingest.decode import decode
from workbench.ingest.labels import speaker_label
from workbench.ingest.model import ParsedTranscript

_VOICE = re.compile(r"\s*<v(?:\.[^\s>]+)*\s+([^>]*?)\s*>")
_VOICE_ANYWHERE = re.compile(r"<v(?:\.[^\s>]+)*\s+[^>]*>")
_CUE_TAG = re.compile(r"<[^>]*>")  # what webvtt's Caption.text strips, line by line
_SRT_TAG = re.compile(r"</?[A-Za-z][^<>]*>|\{\\[^{}]*\}")


@dataclass(frozen=True)
class _Segment:
    """The lines of one cue (or the part of a cue in one voice) with one speaker."""

    speaker: str | None
    lines: tuple[tuple[int, str], ...]  # (source line, text without tags), text not empty
    start: float
    end: float


def parse_vtt(data: bytes, source: str, *, lenient: bool = False) -> ParsedTranscript:
    """Parse a WebVTT transcript (Zoom, Teams and plain captions)."""
    text, warnings = decode(data, source)
    cues, repairs = read_vtt_cues(text.split("\n"), source, lenient=lenient)
    segments: list[_Segment] = []
    for cue in cues:
        raw_lines = [line for _, line in cue.payload]
        lines = [(number, html.unescape(_CUE_TAG.sub("", line))) for number, line in cue.payload]
        lines, raw_lines = _one_voice_each(lines, raw_lines)
        segments.extend(_segments(lines, raw_lines, *_seconds(cue)))
    return _parsed(segments, source, "vtt", [*warnings, *repairs])


def parse_srt(data: bytes, source: str, *, lenient: bool = False) -> ParsedTranscript:
    """Parse a SubRip (.srt) transcript."""
    text, warnings = decode(data, source)
    cues, repairs = read_srt_cues(text.split("\n"), source, lenient=lenient)
    segments: list[_Segment] = []
    for cue in cues:
        raw_lines = [line for _, line in cue.payload]
        lines = [(number, _SRT_TAG.sub("", line)) for number, line in cue.payload]
        segments.extend(_segments(lines, raw_lines, *_seconds(cue)))
    return _parsed(segments, source, "srt", [*warnings, *repairs])


def _seconds(cue: Cue) -> tuple[float, float]:
    return cue.start_ms / 1000, cue.end_ms / 1000


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
