"""Tests for .vtt and .srt transcripts: speakers, merged cues, times, lines and errors."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import IngestError
from workbench.ingest import parse_bytes, parse_file
from workbench.ingest.model import ParsedTranscript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
VTT_TIMING = "(expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt')"


def vtt(text: str) -> ParsedTranscript:
    return parse_bytes(text.encode(), "c.vtt", ".vtt")


def srt(text: str) -> ParsedTranscript:
    return parse_bytes(text.encode(), "c.srt", ".srt")


def rows(parsed: ParsedTranscript) -> list[tuple[object, ...]]:
    return [(t.speaker, t.text, t.line, t.start_seconds, t.end_seconds) for t in parsed.turns]


def test_zoom_vtt() -> None:
    parsed = parse_file(FIXTURES / "zoom.vtt")
    assert parsed.format == "vtt"
    assert parsed.warnings == ()
    assert rows(parsed) == [
        ("Interviewer", "Thanks for joining. Can you hear me all right?", 5, 1.2, 4.5),
        (
            "Respondent",
            "Yes, loud and clear. Sorry, the dog was barking a moment ago.",
            9,
            5.0,
            12.0,
        ),
        (
            "Interviewer",
            "No problem at all. Let's start with your first week at the depot.",
            17,
            12.5,
            16.25,
        ),
        (None, "Right.", 22, 17.0, 19.0),
    ]
    merged = parsed.turns[1]
    assert merged.line_starts == (0, 21, 21, 21, 21)
    assert merged.source_line(merged.text.index("Sorry")) == 13
    assert merged.source_line(merged.text.index("clear")) == 9
    wrapped = parsed.turns[2]
    assert wrapped.source_line(wrapped.text.index("first week")) == 18


def test_teams_vtt() -> None:
    parsed = parse_file(FIXTURES / "teams.vtt")
    assert rows(parsed) == [
        (
            "Interviewer",
            "Okay, I think the recording has started. So first, what does a normal shift "
            "look like?",
            10,
            2.04,
            9.12,
        ),
        (
            "Participant 4",
            "Normally I start at six. I check the vans and the cold store. "
            "Every morning & evening.",
            18,
            9.8,
            16.0,
        ),
        ("Interviewer", "Right. And the cold store is checked how?", 27, 62.0, 64.48),
    ]
    participant = parsed.turns[1]
    assert participant.source_line(participant.text.index("and the cold")) == 19
    assert participant.source_line(participant.text.index("Every")) == 23


def test_an_empty_cue_is_a_pause_not_an_error() -> None:
    parsed = vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnna: Hello\n\n"
        "00:00:02.000 --> 00:00:03.000\n\n"
        "00:00:03.000 --> 00:00:04.000\nBen: Bye\n"
    )
    assert rows(parsed) == [("Anna", "Hello", 4, 1.0, 2.0), ("Ben", "Bye", 9, 3.0, 4.0)]


def test_two_voices_on_one_line_are_two_turns() -> None:
    parsed = vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Alice>Hi &amp; welcome</v> <v Bob>Hey</v>\n"
    )
    assert rows(parsed) == [("Alice", "Hi & welcome", 4, 1.0, 3.0), ("Bob", "Hey", 4, 1.0, 3.0)]


def test_srt() -> None:
    parsed = parse_file(FIXTURES / "interview.srt")
    assert parsed.format == "srt"
    assert rows(parsed) == [
        ("Interviewer", "When did you move to the estate?", 3, 1.0, 3.5),
        (
            "Resident",
            "About twelve years ago. Before the new school was built. It was quieter then.",
            7,
            4.0,
            10.0,
        ),
        (None, "[laughter]", 16, 11.0, 13.0),
    ]
    resident = parsed.turns[1]
    assert resident.source_line(resident.text.index("Before")) == 8
    assert resident.source_line(resident.text.index("quieter")) == 12


def test_malformed_vtt_fixture() -> None:
    path = FIXTURES / "malformed.vtt"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == (
        f"{path}:8: bad cue timing line '00:00:04,000 --> 00:00:06.000' {VTT_TIMING}"
    )


def test_malformed_srt_fixture() -> None:
    path = FIXTURES / "malformed.srt"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == (
        f"{path}:6: bad subtitle block at '00:00:04,000 -> 00:00:06,000' "
        "(expected a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then the text)"
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Q: hello\n", 1, "not a WebVTT file: the first line must start with 'WEBVTT'"),
        ("", 1, "not a WebVTT file: the first line must start with 'WEBVTT'"),
        (
            "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nQ: hi\n",
            3,
            f"bad cue timing line '00:00:01.000 -> 00:00:02.000' {VTT_TIMING}",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nQ: hi\n",
            3,
            f"bad cue timing line '00:00:01.000 --> 00:00:61.000' {VTT_TIMING}",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> \nQ: hi\n",
            3,
            f"bad cue timing line '00:00:01.000 -->' {VTT_TIMING}",
        ),
        (
            "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nQ: hi\n\nand more after a blank\n",
            7,
            "text outside a cue: no timing line before it (expected 'hh:mm:ss.ttt --> "
            "hh:mm:ss.ttt'; is there a blank line inside a cue?)",
        ),
        (
            "WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nQ: hi\n",
            3,
            "cue ends before it starts: '00:00:05.000 --> 00:00:02.000'",
        ),
    ],
)
def test_vtt_errors_name_their_line(text: str, line: int, message: str) -> None:
    with pytest.raises(IngestError) as error:
        vtt(text)
    assert str(error.value) == f"c.vtt:{line}: {message}"


def test_vtt_without_cues_has_no_text() -> None:
    with pytest.raises(IngestError) as error:
        vtt("WEBVTT\n\nNOTE nothing here\n")
    assert str(error.value) == "c.vtt: no text"


def test_vtt_header_metadata_notes_styles_and_regions_are_ignored() -> None:
    parsed = vtt(
        "WEBVTT - exported\nKind: captions\nLanguage: en\n\n"
        "REGION\nid:fred width:40%\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "NOTE a note\nover two lines\n\n"
        "00:01.000 --> 00:02.500 align:start line:0\n<v.loud Q>Short timestamps work.\n"
    )
    assert rows(parsed) == [("Q", "Short timestamps work.", 15, 1.0, 2.5)]


def test_cue_with_two_voices_splits_into_turns() -> None:
    parsed = vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Q>Ready?</v>\n<v R>Yes.</v>\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v R>Go on.</v>\n"
    )
    assert rows(parsed) == [
        ("Q", "Ready?", 4, 1.0, 3.0),
        ("R", "Yes. Go on.", 5, 1.0, 4.0),
    ]
    assert parsed.turns[1].line_starts == (0, 5, 5, 5)


def test_cues_without_speakers_stay_separate() -> None:
    parsed = vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne.\n\n00:00:02.000 --> 00:00:03.000\nTwo.\n"
    )
    assert [(t.speaker, t.text) for t in parsed.turns] == [(None, "One."), (None, "Two.")]


def test_label_only_counts_on_a_cues_first_line() -> None:
    parsed = vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nQ: I said\nHe said: fine.\n")
    assert [(t.speaker, t.text) for t in parsed.turns] == [("Q", "I said He said: fine.")]


def test_srt_tags_are_removed_and_empty_cues_skipped() -> None:
    parsed = srt(
        '1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#fff">Q: Hello?</font>\n\n'
        "2\n00:00:02,000 --> 00:00:03,000\n<i></i>\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nR: <b>Hi</b> & bye.\n"
    )
    assert rows(parsed) == [
        ("Q", "Hello?", 3, 1.0, 2.0),
        ("R", "Hi & bye.", 11, 3.0, 4.0),
    ]


def test_srt_with_a_bad_timestamp_in_the_middle() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nQ: Hi\n\n"
        "2\n00:00:02;000 --> 00:00:03,000\nR: Hello\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nQ: Ok\n"
    )
    with pytest.raises(IngestError) as error:
        srt(text)
    assert error.value.line == 6


def test_srt_without_subtitles_has_no_text() -> None:
    with pytest.raises(IngestError) as error:
        srt("\n\n")
    assert str(error.value) == "c.srt: no text"


# ---------------------------------------------------------- source lines are exact

_TOKEN = re.compile(r"w(\d+)x\d+")
_cue = st.tuples(
    st.sampled_from(["zoom", "teams", "none"]),
    st.sampled_from(["Interviewer", "Participant 4", "R1"]),
    st.integers(1, 3),  # text lines
    st.sampled_from(["", "7", "3f2a1c9e-8b7d-4e21-a0b4-5c6d7e8f9a01/15-0"]),  # identifier
    st.booleans(),  # a NOTE block before the cue (vtt only)
)


def _subtitle_file(cues: list[tuple[str, str, int, str, bool]], fmt: str) -> tuple[str, set[str]]:
    lines = ["WEBVTT", ""] if fmt == "vtt" else []
    tokens: set[str] = set()
    for index, (style, speaker, count, identifier, note) in enumerate(cues):
        if note and fmt == "vtt":
            lines += ["NOTE a comment", ""]
        if fmt == "srt":
            lines.append(str(index + 1))
        elif identifier:
            lines.append(identifier)
        sep = "." if fmt == "vtt" else ","
        lines.append(f"00:00:{index:02d}{sep}000 --> 00:00:{index + 1:02d}{sep}000")
        for k in range(count):
            number = len(lines) + 1
            words = f"w{number}x0 w{number}x1"
            tokens.update(words.split())
            if k == 0 and style == "zoom":
                words = f"{speaker}: {words}"
            elif k == 0 and style == "teams" and fmt == "vtt":
                words = f"<v {speaker}>{words}"
            lines.append(words + ("</v>" if style == "teams" and k == count - 1 else ""))
        lines.append("")
    return "\n".join(lines), tokens


@settings(max_examples=60, deadline=None)
@given(cues=st.lists(_cue, min_size=1, max_size=12), fmt=st.sampled_from(["vtt", "srt"]))
def test_source_line_is_exact_for_every_cue_character(
    cues: list[tuple[str, str, int, str, bool]], fmt: str
) -> None:
    text, expected = _subtitle_file(cues, fmt)
    parsed = parse_bytes(text.encode(), f"h.{fmt}", f".{fmt}")
    seen: list[str] = []
    for turn in parsed.turns:
        assert turn.start_seconds is not None and turn.end_seconds is not None
        assert turn.start_seconds < turn.end_seconds
        for match in _TOKEN.finditer(turn.text):
            seen.append(match.group())
            for offset in range(match.start(), match.end()):
                assert turn.source_line(offset) == int(match.group(1))
    assert sorted(seen) == sorted(expected)
    speakers = [t.speaker for t in parsed.turns]
    # consecutive turns never share a speaker: they would have been merged
    assert all(a is None or a != b for a, b in itertools.pairwise(speakers))


# ------------------------------------------------------------------------- broken cues


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        (
            "broken_cue.vtt",
            6,
            f"bad cue timing line '00:00:04.000 - 00:00:06.000' inside a cue's text {VTT_TIMING}",
        ),
        (
            "empty_cue.srt",
            6,
            "cue without text: the line after its timing is another timing line, "
            "'00:00:06,000 --> 00:00:08,000'",
        ),
        (
            "broken_cue.srt",
            4,
            "bad cue timing line '00:00:04,000' inside a cue's text (expected a number, "
            "a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then the text)",
        ),
    ],
)
def test_broken_cue_fixtures_are_refused_with_file_and_line(
    name: str, line: int, message: str
) -> None:
    path = FIXTURES / name
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == f"{path}:{line}: {message}"


def test_a_vtt_cue_without_text_before_the_next_timing_is_refused() -> None:
    with pytest.raises(IngestError) as error:
        vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n00:00:02.000 --> 00:00:03.000\nR: hello\n")
    assert str(error.value) == (
        "c.vtt:3: cue without text: the line after its timing is another timing line, "
        "'00:00:02.000 --> 00:00:03.000'"
    )


def test_times_in_what_was_said_are_not_broken_cues() -> None:
    said = "10:30 - 11:00 we had lunch\n1:02 was the fastest\nfrom 2015–2021, at 10:30"
    parsed = vtt(f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nQ: So\n{said}\n")
    assert rows(parsed) == [("Q", "So " + said.replace("\n", " "), 4, 1.0, 2.0)]
    parsed = srt(f"1\n00:00:01,000 --> 00:00:02,000\nQ: So\n{said}\n")
    assert rows(parsed) == [("Q", "So " + said.replace("\n", " "), 3, 1.0, 2.0)]


def test_an_srt_cue_left_empty_before_a_blank_line_is_a_pause() -> None:
    parsed = srt("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nR: Hello\n")
    assert rows(parsed) == [("R", "Hello", 6, 2.0, 3.0)]
