"""What the transcript view draws: coded spans per coder, disagreements, labels (pure logic)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc

FALLBACK_COLOURS = ("#e6b450", "#f07178", "#aad94c", "#59c2ff", "#d2a6ff", "#95e6cb")
STAMP_LENGTH = len("[hh:mm:ss] ")


@dataclass(frozen=True)
class Span:
    """A half-open character range of the transcript and the style name it is drawn with."""

    start: int
    end: int
    style: str


def code_colours(codes: Sequence[CodeInfo]) -> dict[str, str]:
    """Each code's colour; codes without one inherit their parent's, else a fallback picked
    by the code's id, so that adding a code never changes the colour of another."""
    colours: dict[str, str] = {}
    for code in codes:
        inherited = colours.get(code.parent_path or "")
        fallback = FALLBACK_COLOURS[code.id % len(FALLBACK_COLOURS)]
        colours[code.path] = code.colour or inherited or fallback
    return colours


def coder_rank(me: str, coders: Iterable[str]) -> dict[str, int]:
    """0 for me, then 1, 2, ... for the other coders in name order: picks their span style."""
    others = sorted(set(coders) - {me})
    return {me: 0} | {name: rank for rank, name in enumerate(others, start=1)}


def style_name(code: str, rank: int) -> str:
    return f"wb-code-{rank}-{code}"


def coding_spans(codings: Iterable[CodingInfo], me: str, show_others: bool) -> list[Span]:
    """My codings, and other coders' too when shown, each in a per-coder style of its code."""
    visible = [c for c in codings if show_others or c.coder == me]
    ranks = coder_rank(me, (c.coder for c in visible))
    # Longer spans first, so that a short span inside a long one is drawn on top.
    ordered = sorted(visible, key=lambda c: (-(c.end - c.start), c.start, ranks[c.coder]))
    return [Span(c.start, c.end, style_name(c.code, ranks[c.coder])) for c in ordered]


def disagreements(codings: Iterable[CodingInfo]) -> list[tuple[int, int]]:
    """Ranges where coders who coded this transcript did not apply the same set of codes."""
    codings = list(codings)
    coders = sorted({c.coder for c in codings})
    if len(coders) < 2:
        return []
    events: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for c in codings:
        events[c.start].append((c.coder, c.code, 1))
        events[c.end].append((c.coder, c.code, -1))
    active: dict[tuple[str, str], int] = defaultdict(int)
    ranges: list[tuple[int, int]] = []
    points = sorted(events)
    for position, following in itertools.pairwise(points):
        for coder, code, step in events[position]:
            active[(coder, code)] += step
        sets = [
            frozenset(code for (who, code), n in active.items() if who == c and n > 0)
            for c in coders
        ]
        if any(sets) and len(set(sets)) > 1:
            if ranges and ranges[-1][1] == position:
                ranges[-1] = (ranges[-1][0], following)
            else:
                ranges.append((position, following))
    return ranges


def label_spans(doc: TranscriptDoc) -> list[Span]:
    """Timestamps and speaker labels: what stands between the start of an utterance's line
    and the utterance's start offset. Only the utterances' offsets say where they are, so
    this holds for any layout the text was stored in (rendered turns, or the file as written).
    """
    spans: list[Span] = []
    previous_end = 0
    for utterance in doc.utterances:
        # An utterance that starts mid-line after another is labelled by what follows that one.
        line_start = max(doc.text.rfind("\n", 0, utterance.start) + 1, previous_end)
        previous_end = utterance.end
        prefix = doc.text[line_start : utterance.start]
        label_start = line_start
        if is_timestamp(prefix[:STAMP_LENGTH]):
            spans.append(Span(line_start, line_start + STAMP_LENGTH - 1, "wb-timestamp"))
            label_start += STAMP_LENGTH
        if utterance.speaker and label_start < utterance.start:
            spans.append(Span(label_start, utterance.start, "wb-speaker"))
    return spans


def is_timestamp(text: str) -> bool:
    """`[hh:mm:ss] `, as the stored text writes a turn's start time."""
    return (
        len(text) == STAMP_LENGTH
        and text[0] + text[3] + text[6] + text[9:] == "[::] "
        and (digits := text[1:3] + text[4:6] + text[7:9]).isascii()
        and digits.isdigit()
    )


def transcript_spans(
    doc: TranscriptDoc, codings: Sequence[CodingInfo], me: str, show_others: bool
) -> list[Span]:
    """Everything drawn on a transcript, bottom layer first: labels, where coders differ
    (when others are shown), then the coded spans."""
    drawn = label_spans(doc)
    if show_others:
        drawn += [Span(start, end, "wb-disagree") for start, end in disagreements(codings)]
    return drawn + coding_spans(codings, me, show_others)


def covering(codings: Iterable[CodingInfo], offset: int) -> list[CodingInfo]:
    """Codings whose span holds `offset` (a cursor at a span's end still counts as on it)."""
    return [c for c in codings if c.start <= offset < c.end or (offset == c.end > c.start)]
