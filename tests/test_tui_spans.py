"""What the transcript view draws, as pure logic: code colours, speaker and time labels."""

from __future__ import annotations

from workbench.domain import CodeInfo, TranscriptDoc, UtteranceInfo
from workbench.tui.spans import code_colours, is_timestamp, label_spans


def code(id_: int, path: str, colour: str | None = None) -> CodeInfo:
    parent = path.rpartition("/")[0] or None
    return CodeInfo(
        id_, f"g{id_}", path, path.rsplit("/", 1)[-1], path.count("/"), parent, None, colour,
        "", "", "", "", "active",
    )  # fmt: skip


def test_adding_a_code_changes_no_other_codes_colour() -> None:
    before = code_colours([code(1, "Alpha"), code(2, "Beta"), code(3, "Gamma")])
    after = code_colours([code(1, "Alpha"), code(4, "Aardvark"), code(2, "Beta"), code(3, "Gamma")])
    assert {path: after[path] for path in before} == before


def test_children_inherit_and_own_colours_win() -> None:
    colours = code_colours([code(1, "A", "#123456"), code(2, "A/b"), code(3, "C", "#abcdef")])
    assert colours == {"A": "#123456", "A/b": "#123456", "C": "#abcdef"}


def doc(text: str, *utterances: tuple[str | None, int, int]) -> TranscriptDoc:
    infos = tuple(
        UtteranceInfo(i, who, start, end) for i, (who, start, end) in enumerate(utterances)
    )
    return TranscriptDoc("t", text, "", infos)


def labelled(d: TranscriptDoc) -> list[tuple[str, str]]:
    return [(span.style, d.text[span.start : span.end]) for span in label_spans(d)]


def test_labels_of_the_rendered_layout_come_from_the_utterance_offsets() -> None:
    text = "[00:00:05] Interviewer: Why?\n\n[00:01:01] Because.\n\nRespondent: I see."
    d = doc(
        text,
        ("Interviewer", text.index("Why?"), text.index("Why?") + 4),
        (None, text.index("Because."), text.index("Because.") + 8),
        ("Respondent", text.index("I see."), len(text)),
    )
    assert labelled(d) == [
        ("wb-timestamp", "[00:00:05]"), ("wb-speaker", "Interviewer: "),
        ("wb-timestamp", "[00:01:01]"),
        ("wb-speaker", "Respondent: "),
    ]  # fmt: skip


def test_labels_of_a_file_kept_as_written() -> None:
    # Labels with their own spacing, a label on a line of its own (nothing to colour in
    # front of the text), a bracket that is not a timestamp, a turn continued on new lines.
    text = "ANNA:   So.\nmore of it\n\nBEN\nWell.\n[note] CARL - Yes.\n\n[01:02:03]   DORA: Hm."
    d = doc(
        text,
        ("ANNA", 8, 22),
        ("BEN", text.index("Well."), text.index("Well.") + 5),
        ("CARL", text.index("Yes."), text.index("Yes.") + 4),
        ("DORA", text.index("Hm."), len(text)),
    )
    assert labelled(d) == [
        ("wb-speaker", "ANNA:   "),
        ("wb-speaker", "[note] CARL - "),
        ("wb-timestamp", "[01:02:03]"),
        ("wb-speaker", "  DORA: "),
    ]


def test_an_utterance_starting_mid_line_is_labelled_from_the_one_before() -> None:
    text = "A: one. B: two."
    assert labelled(doc(text, ("A", 3, 7), ("B", 11, 15))) == [
        ("wb-speaker", "A: "),
        ("wb-speaker", " B: "),
    ]


def test_only_ascii_digits_make_a_timestamp() -> None:
    assert is_timestamp("[00:12:59] ")
    assert not is_timestamp("[0²:12:59] ") and not is_timestamp("[00:12:59]x")
