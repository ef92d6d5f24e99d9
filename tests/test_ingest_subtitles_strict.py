"""Strict subtitles: every broken cue refused at its line, or with --lenient repaired and listed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.cli import main
from workbench.errors import IngestError
from workbench.ingest import parse_bytes, parse_file
from workbench.ingest.model import ParsedTranscript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SAMPLE = Path(__file__).parent.parent / "sample_transcripts"
VTT = "(expected 'hh:mm:ss.ttt --> hh:mm:ss.ttt')"
SRT = "(expected a number, a line 'hh:mm:ss,mmm --> hh:mm:ss,mmm', then the text)"

# name, line refused at, message, then with --lenient: the repair and the turns read
BROKEN: list[tuple[str, int, str, str, list[tuple[object, ...]]]] = [
    (
        "strict_missing_blank.srt",
        4,
        "missing blank line before the cue at '2'",
        "read as a cue apart",
        [
            ("Interviewer", "Where did you train?", 3, 1.0, 3.0),
            ("Nurse", "In the city, at the old infirmary.", 6, 3.5, 6.0),
        ],
    ),
    (
        "strict_missing_timing.srt",
        5,
        f"subtitle block without a timing line at '2' {SRT}",
        "its text kept as a cue at 00:00:03,000",
        [
            ("Interviewer", "How long was the course?", 3, 1.0, 3.0),
            ("Nurse", "Three years, with placements.", 6, 3.0, 3.0),
            ("Interviewer", "And after that?", 10, 8.0, 10.0),
        ],
    ),
    (
        "strict_junk_block.srt",
        5,
        f"subtitle block without a timing line at '#### exported by SubEdit ####' {SRT}",
        "its text kept as a cue at 00:00:03,000",
        [
            ("Interviewer", "Did you like the night shifts?", 3, 1.0, 3.0),
            (None, "#### exported by SubEdit ####", 5, 3.0, 3.0),
            ("Nurse", "Not at first.", 9, 3.5, 6.0),
        ],
    ),
    (
        "strict_reversed.srt",
        6,
        "cue ends before it starts: '00:00:09,000 --> 00:00:04,000'",
        "start and end swapped",
        [
            ("Interviewer", "Who trained you on the ward?", 3, 1.0, 3.0),
            ("Nurse", "A sister who had been there thirty years.", 7, 4.0, 9.0),
        ],
    ),
    (
        "strict_minutes.srt",
        6,
        f"bad subtitle block at '00:75:00,000 --> 01:15:04,000' {SRT}",
        "read as 01:15:00,000 --> 01:15:04,000",
        [
            ("Interviewer", "Is there anything you would add?", 3, 4490.0, 4498.0),
            ("Nurse", "Only that it was worth it.", 7, 4500.0, 4504.0),
        ],
    ),
    (
        "strict_no_milliseconds.srt",
        2,
        f"bad subtitle block at '00:00:01 --> 00:00:03' {SRT}",
        "read as 00:00:01,000 --> 00:00:03,000",
        [
            ("Interviewer", "When did you start?", 3, 1.0, 3.0),
            ("Nurse", "In the spring.", 7, 3.5, 5.0),
        ],
    ),
    (
        "strict_missing_blank.vtt",
        6,
        "missing blank line before the cue at '2'",
        "read as a cue apart",
        [
            ("Interviewer", "What did the allotment give you?", 5, 1.0, 3.0),
            ("Gardener", "Somewhere to be that was not the flat.", 8, 3.5, 7.0),
        ],
    ),
    (
        "strict_missing_timing.vtt",
        7,
        f"text outside a cue: no timing line before it ({VTT[1:-1]}; "
        "is there a blank line inside a cue?)",
        "its text kept as a cue at 00:00:03.000",
        [
            ("Interviewer", "Who else has a plot?", 5, 1.0, 3.0),
            ("Gardener", "Mostly retired people, and two young families.", 8, 3.0, 3.0),
            ("Interviewer", "Do you share tools?", 12, 9.0, 11.0),
        ],
    ),
    (
        "strict_junk_block.vtt",
        6,
        f"text outside a cue: no timing line before it ({VTT[1:-1]}; "
        "is there a blank line inside a cue?)",
        "its text kept as a cue at 00:00:03.000",
        [
            ("Interviewer", "What grows best?", 4, 1.0, 3.0),
            (None, "[[caption break]]", 6, 3.0, 3.0),
            ("Gardener", "Beans, every year.", 9, 3.5, 6.0),
        ],
    ),
    (
        "strict_reversed.vtt",
        8,
        "cue ends before it starts: '00:00:12.000 --> 00:00:04.000'",
        "start and end swapped",
        [
            ("Interviewer", "And the worst year?", 5, 1.0, 3.0),
            ("Gardener", "The wet summer. Everything rotted.", 9, 4.0, 12.0),
        ],
    ),
    (
        "strict_seconds.vtt",
        3,
        f"bad cue timing line '00:00:75.000 --> 00:01:18.000' {VTT}",
        "read as 00:01:15.000 --> 00:01:18.000",
        [
            ("Interviewer", "Would you give it up?", 4, 75.0, 78.0),
            ("Gardener", "Never.", 7, 78.5, 80.0),
        ],
    ),
    (
        "strict_no_milliseconds.vtt",
        4,
        f"bad cue timing line '00:00:01 --> 00:00:03' {VTT}",
        "read as 00:00:01.000 --> 00:00:03.000",
        [
            ("Interviewer", "How did you get the plot?", 5, 1.0, 3.0),
            ("Gardener", "A waiting list, four years long.", 9, 3.5, 6.0),
        ],
    ),
    (
        "strict_note_ran_into_cue.vtt",
        4,
        "missing blank line before the cue at '1'",
        "read as a cue apart",
        [
            ("Interviewer", "Is the hut shared?", 6, 1.0, 3.0),
            ("Gardener", "By everyone, yes.", 10, 3.5, 5.0),
        ],
    ),
]
VALID = ["zoom.vtt", "teams.vtt", "interview.srt"]


def rows(parsed: ParsedTranscript) -> list[tuple[object, ...]]:
    return [(t.speaker, t.text, t.line, t.start_seconds, t.end_seconds) for t in parsed.turns]


def test_every_broken_shape_has_its_fixture() -> None:
    assert sorted(name for name, *_ in BROKEN) == sorted(
        path.name for path in FIXTURES.glob("strict_*")
    )


@pytest.mark.parametrize(("name", "line", "message", "repair", "turns"), BROKEN)
def test_a_broken_cue_is_refused_at_its_line(
    name: str, line: int, message: str, repair: str, turns: list[tuple[object, ...]]
) -> None:
    path = FIXTURES / name
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == f"{path}:{line}: {message}"


@pytest.mark.parametrize(("name", "line", "message", "repair", "turns"), BROKEN)
def test_lenient_imports_a_broken_cue_and_lists_the_repair(
    name: str, line: int, message: str, repair: str, turns: list[tuple[object, ...]]
) -> None:
    parsed = parse_file(FIXTURES / name, lenient=True)
    assert parsed.warnings == (f"line {line}: repaired: {message}; {repair}",)
    assert rows(parsed) == turns


@pytest.mark.parametrize("name", VALID)
def test_valid_subtitles_read_the_same_strict_or_lenient(name: str) -> None:
    strict = parse_file(FIXTURES / name)
    assert strict.warnings == ()
    assert parse_file(FIXTURES / name, lenient=True) == strict


def test_other_formats_ignore_lenient() -> None:
    data = b"Interviewer: Hello?\nRespondent: Hi.\n"
    assert parse_bytes(data, "a.txt", ".txt", lenient=True) == parse_bytes(data, "a.txt", ".txt")


@pytest.mark.parametrize("lenient", [False, True])
def test_vtt_identifiers_notes_styles_and_regions_are_never_text(lenient: bool) -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1 width:40%\n\n"
        "NOTE 00:00:01.000 is when the recording starts\n\n"
        "intro-1\n00:00:01.000 --> 00:00:02.000\nQ: Ready?\n\n"
        "3f2a1c9e-8b7d-4e21-a0b4-5c6d7e8f9a01/15-0\n00:00:02.000 --> 00:00:03.000\nR: Yes.\n"
    )
    parsed = parse_bytes(text.encode(), "c.vtt", ".vtt", lenient=lenient)
    assert [(t.speaker, t.text) for t in parsed.turns] == [("Q", "Ready?"), ("R", "Yes.")]
    assert parsed.warnings == ()


def test_lenient_keeps_identifiers_out_of_text_when_a_blank_line_is_lost() -> None:
    text = (
        "WEBVTT\n\ncue-1\n00:00:01.000 --> 00:00:02.000\nQ: Ready?\n"
        "cue-2\n00:00:02.000 --> 00:00:03.000\nR: Yes.\n"
    )
    with pytest.raises(IngestError) as error:
        parse_bytes(text.encode(), "c.vtt", ".vtt")
    assert str(error.value) == "c.vtt:6: missing blank line before the cue at 'cue-2'"
    parsed = parse_bytes(text.encode(), "c.vtt", ".vtt", lenient=True)
    assert [(t.speaker, t.text) for t in parsed.turns] == [("Q", "Ready?"), ("R", "Yes.")]


def test_an_arrow_in_what_was_said_is_refused_strictly_and_kept_as_text_leniently() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nQ: It went A --> B\nand back.\n"
    with pytest.raises(IngestError) as error:
        parse_bytes(text.encode(), "c.srt", ".srt")
    assert str(error.value) == (
        f"c.srt:3: bad cue timing line 'Q: It went A --> B' inside a cue's text {SRT}"
    )
    parsed = parse_bytes(text.encode(), "c.srt", ".srt", lenient=True)
    assert rows(parsed) == [("Q", "It went A --> B and back.", 3, 1.0, 2.0)]
    assert parsed.warnings == (
        f"line 3: repaired: bad cue timing line 'Q: It went A --> B' inside a cue's text {SRT}; "
        "kept as text",
    )


# ----------------------------------------------------------------------- the command line


def test_import_refuses_a_broken_file_in_one_line_and_imports_it_with_lenient(
    tmp_path: Path,
) -> None:
    project = str(tmp_path / "p.db")
    broken = str(FIXTURES / "strict_missing_timing.srt")
    runner = CliRunner()
    assert runner.invoke(main, ["init", "-p", project]).exit_code == 0
    refused = runner.invoke(main, ["import", "-p", project, broken])
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"error: {broken}:5: subtitle block without a timing line at '2' {SRT}"
    ]
    imported = runner.invoke(main, ["import", "-p", project, "--lenient", broken])
    assert imported.exit_code == 0, imported.output
    assert f"warning: {broken}: line 5: repaired: subtitle block without a timing line" in (
        imported.stderr
    )
    shown = runner.invoke(main, ["transcripts", "show", "-p", project, "strict_missing_timing"])
    assert "Nurse: Three years, with placements." in shown.stdout
    assert "How long was the course? 2" not in shown.stdout


@pytest.mark.parametrize("name", ["hr_05", "iom_17"])
def test_the_sample_subtitles_show_exactly_as_before(
    name: str, tmp_path: Path, golden: Callable[[str, bytes], None]
) -> None:
    """The golden files are `transcripts show` as it was before strict parsing."""
    project = str(tmp_path / "p.db")
    runner = CliRunner()
    assert runner.invoke(main, ["init", "-p", project]).exit_code == 0
    imported = runner.invoke(main, ["import", "-p", project, str(SAMPLE / f"{name}.vtt")])
    assert imported.exit_code == 0, imported.output
    assert "warning" not in imported.stderr
    shown = runner.invoke(main, ["transcripts", "show", "-p", project, name])
    assert shown.exit_code == 0
    golden(f"subtitles_show_{name}.txt", shown.stdout.encode("utf-8"))


# ------------------------------------------------------- generated files, one corruption each

_WORD = re.compile(r"w\d+x\d")
_cue = st.tuples(
    st.sampled_from(["zoom", "teams", "none"]),
    st.integers(1, 3),  # text lines
    st.sampled_from(["", "7", "3f2a1c9e-8b7d-4e21-a0b4-5c6d7e8f9a01/15-0"]),  # .vtt identifier
    st.booleans(),  # a NOTE block before the cue (.vtt)
)
_CORRUPTIONS = ["drop blank", "drop timing", "garble arrow", "garble millis", "no millis",
                "minutes", "junk timing", "swap times"]  # fmt: skip


def _subtitles(cues: list[tuple[str, int, str, bool]], fmt: str) -> tuple[list[str], set[int]]:
    """The lines of a valid file, and the indexes of its timing lines."""
    lines = ["WEBVTT", ""] if fmt == "vtt" else []
    timings: set[int] = set()
    sep = "." if fmt == "vtt" else ","
    for index, (style, count, identifier, note) in enumerate(cues):
        if note and fmt == "vtt":
            lines += ["NOTE a comment", ""]
        if fmt == "srt":
            lines.append(str(index + 1))
        elif identifier:
            lines.append(identifier)
        timings.add(len(lines))
        lines.append(f"00:{index:02d}:01{sep}000 --> 00:{index:02d}:02{sep}500")
        for k in range(count):
            words = f"w{len(lines)}x0 w{len(lines)}x1"
            if k == 0 and style == "zoom":
                words = f"Speaker {index % 2}: {words}"
            elif k == 0 and style == "teams" and fmt == "vtt":
                words = f"<v Speaker {index % 2}>{words}</v>"
            lines.append(words)
        lines.append("")
    return lines, timings


def _corrupt(lines: list[str], timings: set[int], what: str, at: int) -> list[str]:
    """`lines` with one corruption, on the `at`-th place it can go (modulo)."""
    lines = list(lines)
    # A blank line between two blocks (or after the header); not one before a NOTE: a note
    # run into the header or a cue is header metadata or cue text, as WebVTT says.
    places = [
        i for i, line in enumerate(lines[:-1]) if not line and lines[i + 1] != "NOTE a comment"
    ]
    if what == "drop blank" and places:
        del lines[places[at % len(places)]]
        return lines
    i = sorted(timings)[at % len(timings)]
    timing = lines[i]
    if what == "drop timing":
        del lines[i]
    elif what == "garble arrow":
        lines[i] = timing.replace("-->", "->")
    elif what == "garble millis":
        lines[i] = timing.replace(".", ",") if "." in timing else timing.replace(",", ".")
    elif what == "no millis":
        lines[i] = re.sub(r"[.,]\d{3}", "", timing)
    elif what == "minutes":
        lines[i] = "00:75" + timing[5:]
    elif what == "junk timing":
        lines[i] = "[timing lost]"
    else:  # "swap times", or "drop blank" in a file of one cue
        start, end = timing.split(" --> ")
        lines[i] = f"{end} --> {start}"
    return lines


def _words(parsed: ParsedTranscript) -> list[str]:
    return sorted(word for turn in parsed.turns for word in _WORD.findall(turn.text))


@settings(max_examples=150, deadline=None)
@given(
    cues=st.lists(_cue, min_size=1, max_size=8),
    fmt=st.sampled_from(["vtt", "srt"]),
    what=st.sampled_from(_CORRUPTIONS),
    at=st.integers(0, 50),
)
def test_one_corruption_is_refused_at_a_line_or_repaired_with_a_warning(
    cues: list[tuple[str, int, str, bool]], fmt: str, what: str, at: int
) -> None:
    lines, timings = _subtitles(cues, fmt)
    text = "\n".join(lines)
    name, suffix = f"g.{fmt}", f".{fmt}"
    valid = parse_bytes(text.encode(), name, suffix)
    assert valid.warnings == ()
    assert parse_bytes(text.encode(), name, suffix, lenient=True) == valid
    words = _words(valid)
    assert len(words) == 2 * sum(count for _, count, _, _ in cues)

    broken = _corrupt(lines, timings, what, at)
    data = "\n".join(broken).encode()
    with pytest.raises(IngestError) as error:
        parse_bytes(data, name, suffix)
    assert error.value.line is not None and 1 <= error.value.line <= len(broken)

    repaired = parse_bytes(data, name, suffix, lenient=True)
    assert repaired.warnings and all(" repaired: " in w for w in repaired.warnings)
    assert _words(repaired) == words  # nothing said is lost
    for turn in repaired.turns:
        assert "3f2a1c9e" not in turn.text and "NOTE" not in turn.text
        assert turn.start_seconds is not None and turn.end_seconds is not None
        assert turn.start_seconds <= turn.end_seconds


_FRAGMENTS = st.sampled_from(
    ["", "", "WEBVTT", "1", "2", "NOTE x", "STYLE", "REGION", "Q: hello", "<v R>yes</v>",
     "00:00:01.000 --> 00:00:02.000", "00:00:01,000 --> 00:00:02,000", "00:01.000 --> 00:00.500",
     "00:00:04.000", "-->", "1:2:3 -> 4:5:6", "99:99:99,999 --> 0:0:0", "3f2a1c9e-8b7d-4e21-"
     "a0b4-5c6d7e8f9a01/15-0", "0" * 60 + ":00:01.000 --> 00:00:02.000"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=14),
    fmt=st.sampled_from(["vtt", "srt"]),
    lenient=st.booleans(),
)
def test_any_lines_give_a_transcript_or_a_one_line_error(
    lines: list[str], fmt: str, lenient: bool
) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    try:
        parsed = parse_bytes(data, f"f.{fmt}", f".{fmt}", lenient=lenient)
    except IngestError as error:
        assert "\n" not in str(error)
        return
    assert parsed.turns
    if not lenient:
        assert not any(" repaired: " in warning for warning in parsed.warnings)
