""".txt and .md transcripts are stored as written, so offsets from other tools stay valid."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.cli import main
from workbench.ingest import parse_bytes
from workbench.ingest.layout import lay_out

FIXTURES = Path(__file__).parent / "fixtures"
INGEST = FIXTURES / "ingest"


def run(*args: str) -> bytes:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def as_stored(data: bytes) -> bytes:
    """What the file's bytes should come back as: LF line ends, no BOM, NFC."""
    text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text).encode("utf-8")


@pytest.mark.parametrize(
    "name",
    [
        "human_service.txt",  # hard wraps with hanging indents, a header, paragraphs
        "timestamped.txt",  # [00:00:00], (00:01:02), 00:01:30 and [1:45] stamps
        "otter.txt",  # "Name  0:34" headers
        "otter_footer.txt",  # ... and the Otter.ai footer (a URL the gate leaves alone)
        "interview.md",  # headings and bold labels
    ],
)
def test_show_gives_an_lf_nfc_file_back_byte_for_byte(tmp_path: Path, name: str) -> None:
    db = str(tmp_path / "p.db")
    run("init", "-p", db)
    run("import", "-p", db, str(INGEST / name))
    data = (INGEST / name).read_bytes()
    assert as_stored(data) == data  # these fixtures are LF, without a BOM, NFC already
    assert run("transcripts", "show", "-p", db, Path(name).stem) == data


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("utf8_bom_crlf.txt", lambda data: b"\r\n" in data and data.startswith(b"\xef\xbb\xbf")),
        ("nfd.txt", lambda data: "e\u0301".encode() in data),
    ],
)
def test_show_gives_crlf_bom_and_nfd_files_back_as_lf_without_bom_and_nfc(
    tmp_path: Path, name: str, what: object
) -> None:
    db = str(tmp_path / "p.db")
    run("init", "-p", db)
    run("import", "-p", db, str(INGEST / name))
    data = (INGEST / name).read_bytes()
    assert callable(what) and what(data)  # the fixture is what the test is about
    shown = run("transcripts", "show", "-p", db, Path(name).stem)
    assert shown == as_stored(data) != data
    assert b"\r" not in shown and b"\xef\xbb\xbf" not in shown
    assert unicodedata.is_normalized("NFC", shown.decode("utf-8"))


def test_codings_with_offsets_from_the_original_file_land_on_the_same_words(
    tmp_path: Path,
) -> None:
    """A codings CSV made by another tool on the .txt file, hard wraps and all."""
    source = INGEST / "human_service.txt"
    original = source.read_text(encoding="utf-8")
    passages = [
        ("Funding", "Before we start,\n              could you say a little"),
        ("Legitimation", "twelve residents, and we're usually three staff."),
        ("Protection DNA", "If I miss the last one I walk, which\n              takes about"),
        ("Funding", "The walk is fine in summer."),
        ("Legitimation", "Project: Commuting"),  # in the header, not a turn of a speaker
    ]
    path = tmp_path / "codings.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transcript", "coder", "code", "start", "end", "text"])
        for code, passage in passages:
            start = original.index(passage)
            writer.writerow(["human_service", "anna", code, start, start + len(passage), passage])
    db = str(tmp_path / "p.db")
    run("init", "-p", db)
    run("codebook", "load", "-p", db, str(FIXTURES / "codebooks" / "small.yaml"))
    run("import", "-p", db, str(source))
    run("codings", "import", "-p", db, str(path))  # checks each text cell against the span
    exported = run("codings", "export", "-p", db).decode("utf-8")
    rows = list(csv.DictReader(exported.splitlines(keepends=True)))
    found = sorted((int(r["start"]), r["text"], r["speaker"]) for r in rows)
    assert found == sorted(
        (original.index(passage), passage, speaker)
        for (_, passage), speaker in zip(
            passages, ["INTERVIEWER", "RESPONDENT", "RESPONDENT", "RESPONDENT", ""], strict=True
        )
    )


# ------------------------------------------------------------- generated transcripts

_SPEAKERS = ["Interviewer", "R1", "IOM official 3", "[Respondent]", "Speaker 2"]
_LABELS = [
    "{name}: ",
    "{name}:\t",
    "[00:01:02] {name}: ",
    "(1:02) {name}: ",
    "00:00:03.5 {name}: ",
    "{name} (00:01:23): ",
    "**{name}:** ",
    "**{name}**: ",
]
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéøß", min_size=1, max_size=8)
_line = st.tuples(
    st.sampled_from(["", "  ", "\t", "              "]),  # indentation of a wrapped line
    st.lists(st.tuples(_word, st.sampled_from(["", ",", ".", "?", " --"])), min_size=1, max_size=6),
    st.sampled_from(["", " ", "  "]),  # trailing spaces
)
_turn = st.tuples(
    st.sampled_from(_LABELS),
    st.lists(st.tuples(st.booleans(), _line), min_size=1, max_size=4),  # (blank before, line)
    st.sampled_from(["\n", "\n\n", "\n\n\n"]),  # after the turn
)


def _said_line(line: tuple[str, list[tuple[str, str]], str]) -> tuple[str, str]:
    indent, words, trailing = line
    return indent, " ".join(word + mark for word, mark in words) + trailing


def _transcript(
    pair: tuple[str, str], turns: list[tuple[str, list[tuple[bool, object]], str]], otter: bool
) -> tuple[str, list[tuple[str, int, int, int]]]:
    """The file, and per turn its speaker, label offset and said text's [start, end)."""
    parts: list[str] = []
    length = 0
    expected: list[tuple[str, int, int, int]] = []
    for index, (label, lines, after) in enumerate(turns):
        name = pair[index % 2]
        head = f"{name}  0:{index % 60:02d}\n" if otter else label.format(name=name)
        label_at = length + head.index(name)
        start = end = length + len(head)
        body = ""
        for number, (blank, line) in enumerate(lines):
            indent, said = _said_line(line)  # type: ignore[arg-type]
            if number == 0:
                indent = ""  # the said text starts right after the label
            else:
                body += "\n\n" if blank else "\n"
            body += indent
            end = start + len(body) + len(said.rstrip())
            body += said
        expected.append((name, label_at, start, end))
        parts += [head, body, after]
        length += len(head) + len(body) + len(after)
    return "".join(parts), expected


@settings(max_examples=120, deadline=None)
@given(
    pair=st.permutations(_SPEAKERS).map(lambda names: (names[0], names[1])),
    turns=st.lists(_turn, min_size=1, max_size=8),
    otter=st.booleans(),
    suffix=st.sampled_from([".txt", ".md"]),
)
def test_generated_files_are_stored_as_written_with_each_turn_where_it_is(
    pair: tuple[str, str],
    turns: list[tuple[str, list[tuple[bool, object]], str]],
    otter: bool,
    suffix: str,
) -> None:
    source, expected = _transcript(pair, turns, otter)
    parsed = parse_bytes(source.encode("utf-8"), "g" + suffix, suffix)
    text, utterances = lay_out(parsed)
    assert text == source
    assert [(u.speaker, u.start, u.end) for u in utterances] == [
        (name, start, end) for name, _, start, end in expected
    ]
    for turn, (name, label_at, start, end) in zip(parsed.turns, expected, strict=True):
        assert turn.text == source[start:end]  # the said text as it appears in the file
        assert turn.label_offset == label_at and source[label_at:].startswith(name)
