"""Offsets through the gate's replacements: spans stay inside the new text, keep their order,
and hold the same words, each replaced passage whole as its label."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from workbench.anonymise.offsets import Passage, replace_passages


@st.composite
def replaced(draw: st.DrawFn) -> tuple[str, list[Passage]]:
    """A text and sorted passages of it, not overlapping but possibly touching, each with a
    label shorter, longer or as long as itself (empty too: the map must not rely on labels)."""
    text = draw(st.text(alphabet="ab \n", max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    labels = st.text(alphabet="[]XY", max_size=8)
    return text, [
        Passage(start, end, draw(labels))
        for start, end in zip(cuts[::2], cuts[1::2], strict=False)
        if start < end
    ]


def made_by_hand(text: str, passages: list[Passage]) -> str:
    for passage in reversed(passages):
        text = text[: passage.start] + passage.label + text[passage.end :]
    return text


def outward(offset: int, passages: list[Passage], *, end: bool) -> int:
    """`offset`, or the edge of the passage it is strictly inside: its start, or its end."""
    for passage in passages:
        if passage.start < offset < passage.end:
            return passage.end if end else passage.start
    return offset


spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=6)


@given(replaced(), spans)
def test_mapped_spans_stay_inside_keep_order_and_keep_the_text_around_them(
    case: tuple[str, list[Passage]], raw_spans: list[tuple[int, int]]
) -> None:
    text, passages = case
    new_text, offsets = replace_passages(text, passages)
    assert new_text == made_by_hand(text, passages)
    old_spans = sorted((min(a, b, len(text)), min(max(a, b), len(text))) for a, b in raw_spans)
    new_spans = [offsets.span(a, b) for a, b in old_spans]
    for (a, b), (start, end) in zip(old_spans, new_spans, strict=True):
        assert 0 <= start <= end <= len(new_text)
        # The span holds the same text, each passage it touches whole as its label.
        wide_start, wide_end = outward(a, passages, end=False), outward(b, passages, end=True)
        inside = [
            Passage(p.start - wide_start, p.end - wide_start, p.label)
            for p in passages
            if wide_start <= p.start and p.end <= wide_end
        ]
        assert new_text[start:end] == made_by_hand(text[wide_start:wide_end], inside)
    # Spans keep their order: starts and ends each move monotonically.
    assert [s for s, _ in new_spans] == sorted(s for s, _ in new_spans)
    for (a, b), (c, d) in pairwise(old_spans):
        if b <= d:
            assert offsets.span(a, b)[1] <= offsets.span(c, d)[1]


@given(replaced())
def test_every_offset_moves_monotonically_and_text_between_passages_is_unchanged(
    case: tuple[str, list[Passage]],
) -> None:
    text, passages = case
    new_text, offsets = replace_passages(text, passages)
    for snap in ("start", "end", None):
        moved = [offsets.position(i, snap=snap) for i in range(len(text) + 1)]
        assert moved == sorted(moved) and moved[0] >= 0 and moved[-1] <= len(new_text)
    assert offsets.position(len(text)) == len(new_text)
    edges = [0, *(x for p in passages for x in (p.start, p.end)), len(text)]
    for start, end in zip(edges[::2], edges[1::2], strict=True):  # the gaps between passages
        assert new_text[offsets.position(start) : offsets.position(end)] == text[start:end]


def test_a_boundary_inside_a_name_snaps_outward_to_its_label() -> None:
    text = "I met Dr Okafor there."
    new_text, offsets = replace_passages(text, [Passage(6, 15, "[Colleague B]")])
    assert new_text == "I met [Colleague B] there."

    def moved(old: str) -> str:
        start = text.index(old)
        new_start, new_end = offsets.span(start, start + len(old))
        return new_text[new_start:new_end]

    assert moved("I met") == "I met"
    assert moved("met Dr") == "met [Colleague B]"
    assert moved("Okaf") == "[Colleague B]"
    assert moved("kafor there") == "[Colleague B] there"
    assert moved("there.") == "there."
