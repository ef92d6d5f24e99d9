"""The anonymisation gate: detectors, pseudonym tables, screening parsed turns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.anonymise.check import allow, candidates
from workbench.anonymise.detectors import detect
from workbench.anonymise.gate import screen
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.errors import AnonymisationError
from workbench.ingest import parse_bytes
from workbench.ingest.layout import lay_out
from workbench.ingest.model import ParsedTranscript, Turn
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures" / "anonymise"


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("write to maria.lopez@example.org today", "email", "maria.lopez@example.org"),
        ("see https://example.org/report?id=4.", "url", "https://example.org/report?id=4"),
        ("at www.example.int, they said", "url", "www.example.int"),
        ("call +41 22 717 91 11 now", "phone", "+41 22 717 91 11"),
        ("call (020) 7946 0958 now", "phone", "(020) 7946 0958"),
        ("call 020 7946 0958 now", "phone", "020 7946 0958"),
        ("call 212-555-0100 now", "phone", "212-555-0100"),
        ("file number 12345678 was lost", "id", "12345678"),
    ],
)
def test_detectors_find_identifiers(text: str, kind: str, found: str) -> None:
    detections = detect(text)
    assert [(d.kind, text[d.start : d.end]) for d in detections] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "between 2015-2021 and in 2016 we grew",
        "about 3.5 million people, 1,200,000 in camps, 12 000 staff",
        "on 1 January 2017 at 10:30, e.g. the UN, i.e. the IOM",
        "the [Respondent A] said 45 per cent",
    ],
)
def test_detectors_leave_ordinary_numbers_alone(text: str) -> None:
    assert detect(text) == []


def test_pseudonym_table_matches_whole_words_ignoring_case() -> None:
    table = PseudonymTable.load(FIXTURES / "pseudonyms.csv")
    text = "MARIA said Maria Lopez's view; Mariam and Marianne differ. okafor agreed."
    out = [(text[r.start : r.end], r.replacement) for r in table.find(text)]
    assert out == [
        ("MARIA", "Respondent A"),
        ("Maria Lopez", "Respondent A"),
        ("okafor", "Colleague B"),
    ]
    # Brackets in the table are optional; the gate adds them.
    assert table.pairs["karlstad"] == "a Nordic town"


@pytest.mark.parametrize(
    ("original", "written"),
    [
        ("Weiß", "WEISS"),
        ("Weiss", "Weiß"),
        ("Ilkay", "İlkay"),
        ("Işık", "IŞIK"),
        ("José", "Jose\u0301"),
        ("Jose", "José"),
        ("Sean O'Brien", "Sean O\u2019Brien"),
        ("Maria Lopez", "Maria\u00a0Lopez"),
        ("Maria Lopez", "Maria  Lopez"),
        ("Anne-Marie", "Anne\u2011Marie"),
    ],
)
def test_case_accents_apostrophes_and_spaces_cannot_hide_a_name(
    original: str, written: str
) -> None:
    table = PseudonymTable({original: "Respondent A"})
    text = f"Then Frau {written} said so."
    found = [(text[r.start : r.end], r.replacement) for r in table.find(text)]
    assert found == [(written, "Respondent A")]


def test_a_name_is_replaced_with_its_accents_whole() -> None:
    table = PseudonymTable({"José": "Respondent C"})
    (out,) = screen(parsed(Turn("R", "Yes, Jose\u0301 was there.", 1)), table).transcript.turns
    assert out.text == "Yes, [Respondent C] was there."


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [("conflicting.csv", 3, "another replacement"), ("one_column.csv", 2, "expected 2 columns")],
)
def test_bad_pseudonym_tables_name_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(AnonymisationError, match=message) as caught:
        PseudonymTable.load(FIXTURES / name)
    assert caught.value.line == line


def parsed(*turns: Turn) -> ParsedTranscript:
    return ParsedTranscript("talk.txt", "txt", turns)


def test_screen_without_table_reports_file_line_and_kind_but_changes_nothing() -> None:
    turn = Turn("Respondent", "We met. Mail me at a.b@example.org or", 5, (0, 8))
    result = screen(parsed(turn), None)
    assert [str(f) for f in result.findings] == ["talk.txt:6: e-mail address"]
    assert result.transcript.turns == (turn,)


def test_screen_with_table_replaces_in_text_and_speaker_labels() -> None:
    table = PseudonymTable.load(FIXTURES / "pseudonyms.csv")
    turn = Turn("Maria", "I told Dr Okafor, mail maria@example.org, in Karlstad.", 3)
    result = screen(parsed(turn), table)
    (out,) = result.transcript.turns
    assert out.speaker == "[Respondent A]"
    assert out.text == "I told [Colleague B], mail [email], in [a Nordic town]."
    assert result.findings == []
    assert result.replacements[("pseudonym", "Respondent A")] == 1
    assert result.replacements[("email", "email")] == 1


def test_originals_hidden_inside_words_are_refused() -> None:
    table = PseudonymTable.load(FIXTURES / "pseudonyms.csv")
    result = screen(parsed(Turn("R", "the OkaforFoundation helped", 9)), table)
    assert [str(f) for f in result.findings] == [
        "talk.txt:9: pseudonym-table original inside a word"
    ]


words = st.sampled_from(["maria", "Lopez", "said", "we", "the", "MARIA", "Okafor", "camp"])
BRACKETED = re.compile(r"\[[^\]]*\]")


@given(st.lists(st.lists(words, min_size=1, max_size=6), min_size=1, max_size=5))
def test_screened_text_keeps_no_original_and_maps_lines(lines: list[list[str]]) -> None:
    table = PseudonymTable({"maria": "Respondent A", "okafor": "Colleague B"})
    source_lines = [" ".join(line) for line in lines]
    starts = [0]
    for line in source_lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    result = screen(parsed(Turn("R", " ".join(source_lines), 1, tuple(starts))), table)
    (out,) = result.transcript.turns
    outside_brackets = BRACKETED.sub(lambda m: " " * len(m.group()), out.text)
    assert table.find(outside_brackets) == []
    # Each source line still starts where line_starts says it does.
    for number, start in enumerate(out.line_starts):
        expected = " ".join(
            f"[{table.pairs[w.casefold()]}]" if w.casefold() in table.pairs else w
            for w in lines[number]
        )
        assert out.text[start:].startswith(expected)


CHECKED = """Interview 7 — NGO aid worker — 2019

Interviewer: Where were you posted?

Respondent: In 2016 I was near Lesvos. (laughs) Then the camp manager, Haroun, left.
We worked with [Colleague A] and the IOM team.
"""


def test_anonymise_check_lists_capitalised_words_and_digits_by_line(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "ngo_07.txt"
    source.write_text(CHECKED, encoding="utf-8")
    import_transcripts(project, [source])
    found = [str(c) for c in candidates(project)]
    assert found == [
        "ngo_07: NGO (name, low) line 1",  # not 7 (its own number), nor years 2019, 2016
        "ngo_07: Lesvos (name, low) line 5",
        "ngo_07: Haroun (name, high) line 5",
        "ngo_07: IOM (name, low) line 6",  # stored as written: the file's line
    ]
    assert allow(project, ["Lesvos", "NGO", "iom"]) == 3
    assert allow(project, ["lesvos"]) == 0
    assert [c.word for c in candidates(project) if c.kind == "name"] == ["Haroun"]


def test_anonymise_check_lists_what_the_gate_was_told_to_allow(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "ms_09.txt"
    source.write_text(
        "Interviewer: How can we reach you?\n\n"
        "Respondent: Write to maria.lopez@example.org or call 0161 496 0000.\n",
        encoding="utf-8",
    )
    import_transcripts(project, [source], allow_identifiers=True)
    found = [str(c) for c in candidates(project)]
    assert found == [
        "ms_09: maria.lopez@example.org (email, high) line 3",
        "ms_09: 0161 496 0000 (phone, high) line 3",
    ]


def test_a_bracketed_blank_replacement_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("original,replacement\nMaria,[ ]\n", encoding="utf-8")
    with pytest.raises(AnonymisationError, match="empty original or replacement") as caught:
        PseudonymTable.load(table)
    assert caught.value.line == 2


def test_an_unreadable_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(AnonymisationError) as caught:
        PseudonymTable.load(tmp_path / "nope.csv")
    assert str(caught.value).startswith(f"{tmp_path / 'nope.csv'}: cannot read pseudonym table")


# ------------------------------------------------------- a source text kept as written

KEPT = """Interviewer: Who else was there?

Maria: Dr Okafor, and the man from
Karlstad. Mail me at maria@example.org
or call +41 22 717 91 11.
Okafor:
Interviewer: Thanks.
"""


def test_a_kept_text_is_screened_where_it_stands_and_offsets_move_with_it() -> None:
    table = PseudonymTable.load(FIXTURES / "pseudonyms.csv")
    source = parse_bytes(KEPT.encode(), "talk.txt", ".txt")
    result = screen(source, table)
    out = result.transcript
    assert out.text == (
        "Interviewer: Who else was there?\n\n"
        "[Respondent A]: [Colleague B], and the man from\n"
        "[a Nordic town]. Mail me at [email]\n"
        "or call [phone].\n"
        "[Colleague B]:\n"  # a label without text is stored, so it is screened too
        "Interviewer: Thanks.\n"
    )
    assert out.text is not None
    for turn in out.turns:
        assert turn.offset is not None
        assert out.text[turn.offset : turn.offset + len(turn.text)] == turn.text
        if turn.speaker is not None and turn.label_offset is not None:
            assert out.text[turn.label_offset :].startswith(turn.speaker)
    assert [(t.speaker, t.text) for t in out.turns] == [
        ("Interviewer", "Who else was there?"),
        (
            "[Respondent A]",
            "[Colleague B], and the man from\n[a Nordic town]. Mail me at [email]\n"
            "or call [phone].",
        ),
        ("Interviewer", "Thanks."),
    ]
    said = out.turns[1]
    # Each source line of the turn still maps to its line in the file.
    assert [said.source_line(said.text.index(w)) for w in ("man", "Mail", "call")] == [3, 4, 5]
    assert result.findings == []
    assert result.replacements[("pseudonym", "Colleague B")] == 2
    assert lay_out(out)[0] == out.text


def test_findings_in_a_kept_text_name_the_files_lines() -> None:
    result = screen(parse_bytes(KEPT.encode(), "talk.txt", ".txt"), None)
    assert [str(f) for f in result.findings] == [
        "talk.txt:4: e-mail address",
        "talk.txt:5: phone number",
    ]
    assert result.transcript.text == KEPT


def test_the_otter_footer_is_kept_but_not_screened() -> None:
    text = "Speaker 1  0:00\nSee www.example.org.\n\nTranscribed by https://otter.ai\n"
    parsed = parse_bytes(text.encode(), "o.txt", ".txt")
    table = PseudonymTable({"maria": "Respondent A"})
    result = screen(parsed, table)
    assert result.transcript.text == (
        "Speaker 1  0:00\nSee [url].\n\nTranscribed by https://otter.ai\n"
    )
    assert [str(f) for f in screen(parsed, None).findings] == ["o.txt:2: URL"]


WRAPPED = """Interviewer: Who ran the camp?

Respondent: In the end it was run by
Haroun and his deputy, who came from [a
Middle Eastern country] like him.
"""


def test_anonymise_check_reads_a_hard_wrap_as_a_space_not_a_sentence_start(
    project: Project, tmp_path: Path
) -> None:
    source = tmp_path / "ngo_08.txt"
    source.write_text(WRAPPED, encoding="utf-8")
    import_transcripts(project, [source])
    assert [str(c) for c in candidates(project)] == ["ngo_08: Haroun (name, high) line 4"]


def test_detectors_skip_only_what_cannot_match() -> None:
    """The cheap pre-checks must not hide an identifier: digits of other scripts, upper-case
    web addresses, an e-mail at the very end."""
    found = detect("ID ١٢٣٤٥٦٧ and WWW.IOM.INT/page, write to a.b@iom.int")
    assert [d.kind for d in found] == ["id", "url", "email"]
    assert detect("No digits, no addresses here.") == []


@pytest.mark.parametrize(
    ("original", "written"),
    [
        ("Lukasz", "Łukasz"),
        ("Łukasz", "Lukasz"),
        ("Søren", "Soren"),
        ("Søren", "Soeren"),
        ("Øyvind", "OEyvind"),
        ("Đorđe", "Dorde"),
        ("Ægir", "Aegir"),
        ("Þórr", "Thorr"),
        ("Weiß", "Weiss"),
        ("Håkon", "Haakon"),
        ("Haakon", "Håkon"),
        ("Álvarez-Núñez", "Álvarez Núñez"),
        ("Álvarez Núñez", "Álvarez-Núñez"),
        ("Álvarez-Núñez", "AlvarezNunez"),
    ],
)
def test_letters_unicode_does_not_decompose_and_joins_are_variants(
    original: str, written: str
) -> None:
    table = PseudonymTable({original: "Respondent A"})
    text = f"Then {written} said so."
    found = [(text[r.start : r.end], r.replacement) for r in table.find(text)]
    assert found == [(written, "Respondent A")]


def test_offsets_stay_right_where_one_letter_folds_to_two() -> None:
    table = PseudonymTable({"Aegir Þórsson": "Respondent A"})
    (out,) = screen(
        parsed(Turn("R", "Æ Ægir Þórsson and Ægir Thorsson.", 1)), table
    ).transcript.turns
    assert out.text == "Æ [Respondent A] and [Respondent A]."


def test_a_loaded_table_keeps_the_spellings_of_its_originals(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("original,replacement\nSøren Berg,Colleague C\n", encoding="utf-8")
    text = "Then Soeren Berg said so."
    (found,) = PseudonymTable.load(path).find(text)
    assert text[found.start : found.end] == "Soeren Berg"
