"""Tests for .txt/.md transcripts and the line-to-turn rules shared with .docx/.odt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import IngestError
from workbench.ingest import parse_bytes, parse_file
from workbench.ingest.labels import is_speaker_label, parse_time
from workbench.ingest.model import ParsedTranscript, Turn
from workbench.ingest.plaintext import turns_from_lines
from workbench.ingest.tables import SourceLine, TableTurn

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def parse(text: str, suffix: str = ".txt") -> ParsedTranscript:
    return parse_bytes(text.encode(), "t" + suffix, suffix)


def spoken(parsed: ParsedTranscript) -> list[tuple[str | None, str]]:
    return [(turn.speaker, turn.text) for turn in parsed.turns]


def assert_lines_exact(turn: Turn, source: list[str]) -> None:
    """Every character of the turn's text comes from the line `source_line` names."""
    for offset, char in enumerate(turn.text):
        if char not in " \n":
            assert char in source[turn.source_line(offset) - 1], (offset, char)


# ------------------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    ("line", "speaker", "text"),
    [
        ("Interviewer: Hello there.", "Interviewer", "Hello there."),
        ("R1: Yes.", "R1", "Yes."),
        ("IOM official 3: We register arrivals.", "IOM official 3", "We register arrivals."),
        ("[Respondent]: It was fine.", "[Respondent]", "It was fine."),
        ("Q: Why?", "Q", "Why?"),
        ("INTERVIEWER:\tTabbed.", "INTERVIEWER", "Tabbed."),
        ("Élodie's mum: Accents work.", "Élodie's mum", "Accents work."),
        ("Speaker 1 (00:01:23): Rev style.", "Speaker 1", "Rev style."),
    ],
)
def test_speaker_labels(line: str, speaker: str, text: str) -> None:
    assert spoken(parse(line)) == [(speaker, text)]


@pytest.mark.parametrize(
    "line",
    [
        "10:30 we met at the hall.",
        "http://example.invalid is where it was.",
        "HTTPS://EXAMPLE.INVALID is where it was.",
        "she said: no, not at all.",  # lowercase
        "So then I told her: no.",  # five words
        "A label far longer than forty characters: x",
        "Note:no space after the colon",
        "[laughs] Well I said: no.",  # a bracket that does not close the label
        "Well, honestly: no.",  # punctuation a name does not have
    ],
)
def test_lines_that_are_not_labels(line: str) -> None:
    assert spoken(parse(line)) == [(None, line)]


def test_is_speaker_label_limits() -> None:
    assert is_speaker_label("A b c d")
    assert not is_speaker_label("A b c d e")
    assert is_speaker_label("X" * 40)
    assert not is_speaker_label("X" * 41)
    assert not is_speaker_label("")
    assert not is_speaker_label("[Open")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1:23", 83.0),
        ("00:01:23", 83.0),
        ("1:02:03", 3723.0),
        ("00:01:23.456", 83.456),
        ("00:01:23,5", 83.5),
        ("75:00", 4500.0),
        ("1:60", None),
        ("1:60:00", None),
        ("abc", None),
    ],
)
def test_parse_time(text: str, seconds: float | None) -> None:
    assert parse_time(text) == seconds


# ------------------------------------------------------------------------ turn layout


def test_hard_wraps_and_paragraphs_are_kept_as_written() -> None:
    source = (
        "Interviewer: Tell me about\n"
        "   the first winter.  \n"
        "Respondent: It was cold.\n"
        "\n"
        "Very cold, and\n"
        "dark.\n"
    )
    parsed = parse(source)
    assert parsed.text == source
    assert spoken(parsed) == [
        ("Interviewer", "Tell me about\n   the first winter."),
        ("Respondent", "It was cold.\n\nVery cold, and\ndark."),
    ]
    interviewer, respondent = parsed.turns
    assert (interviewer.offset, interviewer.label_offset) == (13, 0)
    assert (respondent.offset, respondent.label_offset) == (62, 50)
    assert (interviewer.line, interviewer.line_starts) == (1, (0, 14))
    assert respondent.line == 3
    # lines 3, 4 (blank), 5, 6: each starts right after its line break
    assert respondent.line_starts == (0, 13, 14, 29)
    assert [respondent.source_line(i) for i in (0, 11, 12, 13, 14, 28, 29)] == [
        3, 3, 3, 4, 5, 5, 6
    ]  # fmt: skip


def test_text_before_the_first_label_is_a_speakerless_turn() -> None:
    parsed = parse("Recorded in the hall.\nTwo people present.\n\nNoise at times.\nQ: Ready?\n")
    assert spoken(parsed) == [
        (None, "Recorded in the hall.\nTwo people present.\n\nNoise at times."),
        ("Q", "Ready?"),
    ]
    assert [(t.offset, t.label_offset) for t in parsed.turns] == [(0, None), (62, 59)]
    assert parsed.turns[0].line == 1
    assert parsed.turns[1].line == 5


def test_label_alone_on_a_line_starts_the_turn_on_the_next_line() -> None:
    parsed = parse("INTERVIEWER:\n\nThank you for coming.\nRESPONDENT: Pleasure.\nINTERVIEWER: Ok.")
    first = parsed.turns[0]
    assert (first.speaker, first.text, first.line) == ("INTERVIEWER", "Thank you for coming.", 3)


def test_label_without_any_text_is_skipped_with_a_warning() -> None:
    parsed = parse("Q: One?\nR:\nQ: Two?\nR: Yes.\n")
    assert spoken(parsed) == [("Q", "One?"), ("Q", "Two?"), ("R", "Yes.")]
    assert "line 2: speaker label 'R' has no text; skipped" in parsed.warnings


def test_characters_are_kept_as_written() -> None:
    parsed = parse('Q: "Straight" and “curly” -- *stars* and  two spaces.\nR: ok\nQ: ok')
    assert parsed.turns[0].text == '"Straight" and “curly” -- *stars* and  two spaces.'


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "Interviewer:\n"])
def test_a_file_without_text_is_refused(text: str) -> None:
    with pytest.raises(IngestError) as error:
        parse(text)
    assert str(error.value) == "t.txt: no text"


# ------------------------------------------------------------------------- timestamps


def test_timestamped_fixture() -> None:
    path = FIXTURES / "timestamped.txt"
    parsed = parse_file(path)
    assert parsed.format == "txt"
    assert parsed.warnings == ()
    assert [(t.speaker, t.start_seconds, t.line) for t in parsed.turns] == [
        ("Interviewer", 0.0, 1),
        ("Respondent", 6.0, 2),
        ("Interviewer", 11.0, 3),
        ("Respondent", 62.0, 4),
        ("Interviewer", 90.0, 6),
        ("Respondent", 105.0, 7),
        ("Interviewer", 123.25, 8),
    ]
    fourth = parsed.turns[3]
    assert fourth.text == "The first meeting was in the church hall. Nobody knew\nwhat to expect."
    assert fourth.source_line(fourth.text.index("what")) == 5
    assert parsed.turns[5].text == "Smaller, but friendlier. We met at 10:30 that time."
    assert all(t.end_seconds is None for t in parsed.turns)
    source = path.read_text().splitlines()
    for turn in parsed.turns:
        assert_lines_exact(turn, source)


def test_bracketed_time_before_plain_text_starts_a_speakerless_turn() -> None:
    parsed = parse("Q: Hello.\n[00:05:00] and then the tape ran out.\n")
    assert [(t.speaker, t.text, t.start_seconds) for t in parsed.turns] == [
        ("Q", "Hello.", None),
        (None, "and then the tape ran out.", 300.0),
    ]


def test_time_alone_on_a_line_belongs_to_the_next_label() -> None:
    parsed = parse("[00:00:10]\nQ: Hello.\n00:00:15\nR: Hi.\n")
    assert [(t.speaker, t.start_seconds, t.line) for t in parsed.turns] == [
        ("Q", 10.0, 2),
        ("R", 15.0, 4),
    ]


def test_timed_label_in_square_brackets_after_the_name() -> None:
    parsed = parse("Speaker 2 [1:02:03]: Later on.")
    assert [(t.speaker, t.text, t.start_seconds) for t in parsed.turns] == [
        ("Speaker 2", "Later on.", 3723.0)
    ]


# ------------------------------------------------------------------- transcript styles


def test_otter_fixture() -> None:
    parsed = parse_file(FIXTURES / "otter.txt")
    assert parsed.warnings == ()
    assert [(t.speaker, t.start_seconds, t.line) for t in parsed.turns] == [
        ("Interviewer", 3.0, 2),
        ("Participant", 9.0, 5),
        ("Interviewer", 21.0, 8),
        ("Participant", 24.0, 11),
        ("Participant", 3723.0, 14),
    ]
    # In an Otter export only the "Name  0:34" headers start turns.
    assert parsed.turns[-1].text == "One more thing: the shelter at the stop has no roof."


def test_otter_footer_is_left_out_with_a_warning() -> None:
    parsed = parse("Speaker 1  0:00\nHello.\n\nTranscribed by https://otter.ai\n\n")
    assert spoken(parsed) == [("Speaker 1", "Hello.")]
    assert parsed.warnings == ("line 4: left out the Otter.ai footer line",)


def test_otter_text_wrapped_over_lines() -> None:
    parsed = parse("Speaker 1  0:00\nHello and\nwelcome.\n\nSpeaker 2  0:05\nThanks.\n")
    assert spoken(parsed) == [("Speaker 1", "Hello and\nwelcome."), ("Speaker 2", "Thanks.")]
    assert parsed.turns[0].line_starts == (0, 10)


def test_human_service_fixture() -> None:
    path = FIXTURES / "human_service.txt"
    parsed = parse_file(path)
    wrap = "\n" + " " * 14
    assert spoken(parsed) == [
        (None, "Transcript: Interview 4\nProject: Commuting and care work\nDuration: 00:41:10"),
        (
            "INTERVIEWER",
            f"Thank you for agreeing to take part. Before we start,{wrap}"
            "could you say a little about your role?",
        ),
        (
            "RESPONDENT",
            f"I coordinate the evening shift at a care home. It's{wrap}"
            "twelve residents, and we're usually three staff.",
        ),
        ("INTERVIEWER", "And how do you get there?"),
        (
            "RESPONDENT",
            f"By bus, mostly. If I miss the last one I walk, which{wrap}takes about an hour.\n"
            f"{wrap}The walk is fine in summer.",
        ),
        ("INTERVIEWER", "Thanks. That's all my questions."),
    ]
    assert [t.line for t in parsed.turns] == [1, 5, 8, 11, 13, 18]
    assert parsed.warnings == (
        "read as header lines, not speaker turns (each label is used once): "
        "'Transcript' (line 1), 'Project' (line 2), 'Duration' (line 3)",
    )
    source = path.read_text().splitlines()
    for turn in parsed.turns:
        assert_lines_exact(turn, source)
    last_answer = parsed.turns[4]
    assert last_answer.source_line(last_answer.text.index("takes")) == 14
    assert last_answer.source_line(last_answer.text.index("The walk")) == 16


def test_header_lines_need_a_recurring_speaker() -> None:
    parsed = parse("Date: 3 May\nPlace: Library\n")
    assert spoken(parsed) == [("Date", "3 May"), ("Place", "Library")]


def test_single_turn_speakers_are_flagged() -> None:
    parsed = parse("Q: One?\nR: Yes.\nQ: Two?\nHe said: maybe.\nQ: Three?\n")
    assert parsed.warnings == (
        "speakers with a single turn (check they are speakers, not headings or part of a "
        "sentence): 'R' (line 2), 'He said' (line 4)",
    )


def test_markdown_fixture() -> None:
    path = FIXTURES / "interview.md"
    parsed = parse_file(path)
    assert parsed.format == "md"
    assert parsed.warnings == ()
    assert spoken(parsed) == [
        (None, "Interview 9: market traders\n\nRecorded at a stall, with background noise."),
        ("Interviewer", "How long have you had the stall?"),
        (
            "Trader",
            "Nineteen years. My aunt ran it before me.\n\n"
            "She sold fabric; I switched to vegetables.",
        ),
        ("Interviewer", "Why vegetables?"),
        (
            "Trader",
            "Fabric stopped selling. People buy clothes online now, don't they?\n"
            "Vegetables you still want to see and touch.",
        ),
        (None, "Closing remarks"),
        ("Interviewer", "Thank you, that's very helpful."),
    ]
    assert [t.line for t in parsed.turns] == [1, 5, 7, 11, 13, 16, 18]
    source = path.read_text().splitlines()
    for turn in parsed.turns:
        assert_lines_exact(turn, source)


def test_hash_lines_are_headings_only_in_markdown() -> None:
    text = "Q: Hello.\n# Part 2\nR: Hi.\nQ: Bye.\n"
    assert spoken(parse(text, ".md")) == [
        ("Q", "Hello."),
        (None, "Part 2"),
        ("R", "Hi."),
        ("Q", "Bye."),
    ]
    assert spoken(parse(text, ".txt"))[0] == ("Q", "Hello.\n# Part 2")


def test_bold_labels_also_work_in_plain_text() -> None:
    assert spoken(parse("**Q:** One?\n**R**: Yes.")) == [("Q", "One?"), ("R", "Yes.")]


@pytest.mark.parametrize(
    ("name", "speakers"),
    [
        ("cp1252.txt", ["Interviewer", "Respondent", "Interviewer", "Respondent"]),
        ("utf8_bom_crlf.txt", ["Interviewer", "Respondent", "Interviewer", "Respondent"]),
        ("utf16le_bom.txt", ["Interviewer", "Respondent", "Interviewer", "Respondent"]),
    ],
)
def test_encoded_fixtures(name: str, speakers: list[str]) -> None:
    parsed = parse_file(FIXTURES / name)
    assert [t.speaker for t in parsed.turns] == speakers
    assert [t.line for t in parsed.turns] == [1, 2, 3, 4]
    assert all("\r" not in t.text and "\ufeff" not in t.text for t in parsed.turns)


def test_cp1252_fixture_keeps_its_characters_and_warns() -> None:
    parsed = parse_file(FIXTURES / "cp1252.txt")
    assert parsed.warnings == ("decoded as Windows-1252 (cp1252), not UTF-8",)
    assert parsed.turns[0].text == "What did the café mean to you?"
    assert parsed.turns[1].text == "It was “our” place. I’d go there every day after the shift."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("binary.txt", "binary file (NUL byte at line 3); not a text transcript"),
        (
            "undecodable.txt",
            "neither UTF-8 nor Windows-1252 text (byte 0x9D); "
            "save the file as UTF-8 and import it again",
        ),
    ],
)
def test_refused_text_fixtures(name: str, message: str) -> None:
    path = FIXTURES / name
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == f"{path}:3: {message}"


# ------------------------------------------------------------------- paragraph sources


def test_paragraph_mode_joins_unlabelled_paragraphs_with_newlines() -> None:
    turns, warnings = turns_from_lines(
        [
            SourceLine("Interview 5", 1, structural=True),
            SourceLine("Q: How was it?", 2),
            SourceLine("R: Fine.", 3),
            SourceLine("", 4),
            SourceLine("Mostly fine.", 5),
            SourceLine("Honestly.", 5),  # after a soft line break in paragraph 5
            SourceLine("Q: And then?", 6),
        ],
        source="x.docx",
        paragraphs=True,
    )
    assert warnings == (
        "speakers with a single turn (check they are speakers, not headings or part of a "
        "sentence): 'R' (line 3)",
    )
    assert [(t.speaker, t.text, t.line, t.line_starts) for t in turns] == [
        (None, "Interview 5", 1, (0,)),
        ("Q", "How was it?", 2, (0,)),
        ("R", "Fine.\nMostly fine.\nHonestly.", 3, (0, 6, 6)),
        ("Q", "And then?", 6, (0,)),
    ]


def test_structural_lines_end_a_speakers_turn() -> None:
    turns, _ = turns_from_lines(
        [
            SourceLine("Q: Hello.", 1),
            SourceLine("Date | 3 May", 2, structural=True),
            SourceLine("Place | Library", 3, structural=True),
            SourceLine("Some notes.", 4),
            SourceLine("Q: Again.", 5),
        ],
        source="x.docx",
        paragraphs=True,
    )
    assert [(t.speaker, t.text) for t in turns] == [
        ("Q", "Hello."),
        (None, "Date | 3 May\nPlace | Library\nSome notes."),
        ("Q", "Again."),
    ]


def test_table_turns() -> None:
    turns, _ = turns_from_lines(
        [
            TableTurn("Q", "Hello?", 1, 5.0),
            TableTurn(None, "Anyone?", 2),
            TableTurn("R", "Hi.", 3, 7.5),
            TableTurn("R", "", 4),
        ],
        source="x.docx",
        paragraphs=True,
    )
    assert [(t.speaker, t.text, t.line, t.line_starts, t.start_seconds) for t in turns] == [
        ("Q", "Hello?\nAnyone?", 1, (0, 7), 5.0),
        ("R", "Hi.", 3, (0,), 7.5),
    ]


# ---------------------------------------------------------- source lines are exact

_LABELS = ["Interviewer", "R1", "IOM official 3", "[Respondent]", "Q", "INTERVIEWER"]
_TOKEN = re.compile(r"w(\d+)x\d+")

_line_kind = st.one_of(
    st.tuples(st.just("blank")),
    st.tuples(st.just("text"), st.integers(1, 4), st.sampled_from(["", "  ", "\t"])),
    st.tuples(st.just("label"), st.sampled_from(_LABELS), st.integers(0, 3)),
    st.tuples(st.just("bold"), st.sampled_from(_LABELS), st.integers(1, 3)),
    st.tuples(st.just("timed"), st.sampled_from(["[00:01:02]", "(1:02)", "00:00:03.5"]),
              st.sampled_from(_LABELS), st.integers(1, 3)),
    st.tuples(st.just("stamp"), st.sampled_from(["[00:01:02]", "(1:02)"]), st.integers(1, 3)),
    st.tuples(st.just("otter"), st.sampled_from(_LABELS), st.sampled_from(["0:34", "1:02:03"])),
    st.tuples(st.just("heading"), st.integers(1, 3)),
)  # fmt: skip


def _tokens(line: int, count: int) -> str:
    return " ".join(f"w{line}x{k}" for k in range(count))


def _render(kind: tuple[object, ...], line: int) -> str:
    match kind:
        case ("blank",):
            return ""
        case ("text", int(count), str(indent)):
            return f"{indent}{_tokens(line, count)} "
        case ("label", str(label), int(count)):
            return f"{label}: {_tokens(line, count)}".rstrip()
        case ("bold", str(label), int(count)):
            return f"**{label}:** {_tokens(line, count)}"
        case ("timed", str(stamp), str(label), int(count)):
            return f"{stamp} {label}: {_tokens(line, count)}"
        case ("stamp", str(stamp), int(count)):
            return f"{stamp} {_tokens(line, count)}"
        case ("otter", str(label), str(stamp)):
            return f"{label}  {stamp}"
        case ("heading", int(count)):
            return f"## {_tokens(line, count)}"
    raise AssertionError(kind)


def assert_tokens_map_to_their_lines(parsed: ParsedTranscript, expected: set[str]) -> None:
    seen: list[str] = []
    for turn in parsed.turns:
        assert turn.line_starts[0] == 0
        assert list(turn.line_starts) == sorted(turn.line_starts)
        for match in _TOKEN.finditer(turn.text):
            seen.append(match.group())
            for offset in range(match.start(), match.end()):
                assert turn.source_line(offset) == int(match.group(1)), (turn, match.group())
    assert sorted(seen) == sorted(expected)  # no text lost, none repeated


@settings(max_examples=150, deadline=None)
@given(kinds=st.lists(_line_kind, min_size=1, max_size=25), markdown=st.booleans())
def test_source_line_is_exact_for_every_character(
    kinds: list[tuple[object, ...]], markdown: bool
) -> None:
    lines = [_render(kind, number) for number, kind in enumerate(kinds, start=1)]
    expected = {m.group() for line in lines for m in _TOKEN.finditer(line)}
    suffix = ".md" if markdown else ".txt"
    try:
        parsed = parse_bytes("\n".join(lines).encode(), "h" + suffix, suffix)
    except IngestError as error:
        assert error.message == "no text"
        assert not expected
        return
    assert_tokens_map_to_their_lines(parsed, expected)


@settings(max_examples=100, deadline=None)
@given(
    paragraphs=st.lists(
        st.tuples(
            st.sampled_from(["", "Q: ", "[Respondent]: ", "#"]),
            st.integers(0, 3),
            st.integers(1, 2),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_source_line_is_exact_for_paragraph_sources(
    paragraphs: list[tuple[str, int, int]],
) -> None:
    items: list[SourceLine | TableTurn] = []
    for number, (prefix, words, pieces) in enumerate(paragraphs, start=1):
        if prefix == "#":
            items.append(TableTurn("Q" if words else None, _tokens(number, words), number))
            continue
        for piece in range(pieces):  # soft line breaks: pieces share the paragraph number
            tokens = " ".join(f"w{number}x{piece}{k}" for k in range(words))
            items.append(SourceLine((prefix if piece == 0 else "") + tokens, number))
    expected = {m.group() for item in items for m in _TOKEN.finditer(item.text)}
    try:
        turns, _ = turns_from_lines(items, source="p.docx", paragraphs=True)
    except IngestError:
        assert not expected
        return
    parsed = ParsedTranscript(source="p.docx", format="docx", turns=turns)
    assert_tokens_map_to_their_lines(parsed, expected)
