"""Sentence units against a plain-Python reference: regular expressions and str.strip."""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.agreement.sentences import sentence_units
from workbench.agreement.units import Corpus, TextUnits

# A break follows . ! ? or an ellipsis, then up to three closing quotes or brackets, when
# whitespace comes next; and every line break ends a sentence.
BREAK = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]{0,3}(?=\\s)")


def reference(text: str, utterances: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """(start, end, utterance index, sentence number) of each sentence, the slow way."""
    cuts = {m.end() for m in BREAK.finditer(text)}
    cuts |= {k + 1 for k, ch in enumerate(text) if ch == "\n"}
    found = []
    for u, (start, end) in enumerate(utterances):
        inner = sorted({start, end} | {c for c in cuts if start < c < end})
        number = 0
        for lo, hi in pairwise(inner):
            piece = text[lo:hi]
            if piece.strip():
                number += 1
                left = lo + len(piece) - len(piece.lstrip())
                found.append((left, left + len(piece.strip()), u, number))
    return found


def corpus_of(text: str, utterances: list[tuple[int, int]]) -> Corpus:
    """A one-transcript corpus with these utterances and no codings."""
    n = len(utterances)
    ints = np.zeros(0, dtype=np.int64)
    units = TextUnits(
        np.array([s for s, _ in utterances], dtype=np.int64),
        np.array([e for _, e in utterances], dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.arange(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        ("Respondent",),
    )
    return Corpus(
        coders=("a", "b"),
        coder_ids=(1, 2),
        transcripts=("t",),
        transcript_ids=(1,),
        transcript_rule="chosen by name",
        lengths=np.array([len(text)], dtype=np.int64),
        offsets=np.zeros(1, dtype=np.int64),
        codes=(),
        code_ids=(),
        coding_transcript=ints,
        coding_coder=ints,
        coding_code=ints,
        coding_start=ints,
        coding_end=ints,
        texts=(text,),
        utterances=units,
    )


def ours(text: str, utterances: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    units = sentence_units(corpus_of(text, utterances))
    return list(
        zip(
            units.start.tolist(),
            units.end.tolist(),
            units.utterance.tolist(),
            units.sentence.tolist(),
            strict=True,
        )
    )


def test_splits_after_final_punctuation_and_closers_and_at_line_breaks() -> None:
    text = 'Interviewer: Why? \u201cWe deliver.\u201d Then\nmore... "Done!") ok'
    found = [text[s:e] for s, e, _u, _n in ours(text, [(13, len(text))])]
    assert found == ["Why?", "\u201cWe deliver.\u201d", "Then", "more...", '"Done!")', "ok"]


def test_abbreviations_split_and_four_closers_do_not() -> None:
    text = 'Dr. Smith said "a."""" b'
    assert [text[s:e] for s, e, _u, _n in ours(text, [(0, len(text))])] == [
        "Dr.",
        'Smith said "a."""" b',
    ]


def test_non_ascii_text_and_wide_spaces() -> None:
    text = "Réponse\u3000un.\u3000Deux\u2026\u00a0trois ?\u2028fin"
    found = [text[s:e] for s, e, _u, _n in ours(text, [(0, len(text))])]
    assert found == ["Réponse\u3000un.", "Deux\u2026", "trois ?", "fin"]


def test_sentences_are_numbered_within_their_utterance_and_never_cross_it() -> None:
    text = "A. B. C.  D? E"
    found = ours(text, [(0, 5), (5, len(text))])
    assert [(text[s:e], u, n) for s, e, u, n in found] == [
        ("A.", 0, 1),
        ("B.", 0, 2),
        ("C.", 1, 1),
        ("D?", 1, 2),
        ("E", 1, 3),
    ]


ALPHABET = "ab .!?\u2026\"')]\u201d\u2019\n\t\u3000\u00a0\u2028\u00e9"


@st.composite
def texts_with_utterances(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(st.text(alphabet=ALPHABET, max_size=120))
    points = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    pairs = list(zip(points[::2], points[1::2], strict=False))
    return text, [(s, e) for s, e in pairs if e > s]


@settings(max_examples=400, deadline=None)
@given(texts_with_utterances())
def test_matches_the_reference_on_any_text(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, utterances = case
    assert ours(text, utterances) == reference(text, utterances)
