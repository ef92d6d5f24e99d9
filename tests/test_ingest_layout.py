"""Rendering turns to stored text: every utterance's offsets slice out exactly its text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workbench.ingest.layout import render
from workbench.ingest.model import Turn

speakers = st.one_of(st.none(), st.sampled_from(["Interviewer", "R1", "[Respondent A]", "É"]))
texts = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\u2028\u2029"
    ),
    min_size=0,
    max_size=60,
)
seconds = st.one_of(st.none(), st.floats(min_value=0, max_value=20_000, allow_nan=False))
turns = st.lists(
    st.builds(lambda s, t, at: Turn(s, t, 1, (0,), at), speakers, texts, seconds), max_size=12
)


@given(turns)
def test_offsets_slice_out_each_turn_and_labels_precede_it(parsed: list[Turn]) -> None:
    text, utterances = render(parsed)
    assert len(utterances) == len(parsed)
    previous_end = 0
    for turn, utterance in zip(parsed, utterances, strict=True):
        assert text[utterance.start : utterance.end] == turn.text
        assert previous_end <= utterance.start <= utterance.end <= len(text)
        before = text[previous_end : utterance.start]
        if turn.speaker:
            assert before.endswith(f"{turn.speaker}: ")
        if turn.start_seconds is not None:
            assert "[" in before and "] " in before
        assert (utterance.seq, utterance.speaker) == (utterances.index(utterance) + 1, turn.speaker)
        previous_end = utterance.end


def test_the_layout_is_label_text_and_a_blank_line_between_turns() -> None:
    text, _ = render([Turn("Interviewer", "Hello?", 1), Turn("R1", "Hi.", 3, (0,), 83.9)])
    assert text == "Interviewer: Hello?\n\n[00:01:23] R1: Hi."
