"""Tests for .docx transcripts: paragraphs, tables, refusals and paragraph numbers."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from workbench.errors import IngestError
from workbench.ingest import parse_bytes, parse_file
from workbench.ingest.model import ParsedTranscript

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def table(parsed: ParsedTranscript) -> list[tuple[str | None, str, int]]:
    return [(t.speaker, t.text, t.line) for t in parsed.turns]


def build(*paragraphs: str) -> docx.document.Document:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return document


def to_bytes(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_speaker_paragraphs_with_a_details_table() -> None:
    parsed = parse_file(FIXTURES / "speakers_header_table.docx")
    assert parsed.format == "docx"
    assert parsed.warnings == ()
    assert table(parsed) == [
        (
            None,
            "Interview INT-07: neighbourhood food sharing\n"
            "Interview | INT-07\nDate | 14 March\nSetting | Community kitchen",
            1,
        ),
        ("Interviewer", "Thank you for making time today. How did you get involved?", 6),
        (
            "Respondent",
            "Honestly, it started with a leftover tray of bread.\n"
            "The bakery was going to throw it away, so I asked if I could take it.",
            7,
        ),
        ("Interviewer", "And after that?", 9),
        (
            "Respondent",
            "We set up a shelf by the door.\n"
            "People took what they needed and left what they could.",
            10,
        ),
        (None, "Part two", 11),
        ("Interviewer", "What would you change?", 12),
        ("Respondent", "More volunteers on weekday mornings, I think.", 13),
    ]
    header, _, continued, _, soft_break, *_ = parsed.turns
    # The title is paragraph 1, the details table's rows are paragraphs 2-4.
    assert [
        header.source_line(header.text.index(s)) for s in ("Interview I", "Date", "Setting")
    ] == [
        1,
        3,
        4,
    ]
    assert continued.source_line(continued.text.index("The bakery")) == 8
    assert soft_break.line_starts == (0,)  # a soft line break stays in its paragraph


def test_speaker_text_table_with_header_row() -> None:
    parsed = parse_file(FIXTURES / "transcript_table.docx")
    assert table(parsed) == [
        (None, "Focus group FG-2, transcript", 1),
        ("Facilitator", "Let's go round the table. What does the library mean to you?", 3),
        ("Participant 1", "It's the only quiet place with heating in winter.", 4),
        ("Participant 2", "For me it's the job club on Tuesdays.\nAnd the printers, honestly.", 5),
        ("Facilitator", "Thank you. Anyone else?", 7),
        ("Participant 1", "The staff know my children by now.", 8),
    ]
    continued = parsed.turns[3]
    assert continued.source_line(continued.text.index("And the")) == 6
    assert all(t.start_seconds is None for t in parsed.turns)


def test_time_speaker_text_table() -> None:
    parsed = parse_file(FIXTURES / "transcript_table_timed.docx")
    assert [(t.speaker, t.text, t.line, t.start_seconds) for t in parsed.turns] == [
        (None, "Volunteer interview V-3", 1, None),
        ("Interviewer", "How long have you volunteered here?", 2, 5.0),
        ("Volunteer", "About four years now.", 3, 9.0),
        ("Interviewer", "What keeps you coming back?", 4, 15.0),
        ("Volunteer", "The people, mostly.", 5, 18.5),
    ]


def test_two_column_table_without_recurring_speaker_is_not_a_transcript() -> None:
    document = build("Q: Hello?")
    grid = document.add_table(rows=2, cols=2)
    for row, (key, value) in zip(grid.rows, [("Date", "3 May"), ("Place", "Hall")], strict=True):
        row.cells[0].text, row.cells[1].text = key, value
    document.add_paragraph("Q: Goodbye.")
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [
        ("Q", "Hello?", 1),
        (None, "Date | 3 May\nPlace | Hall", 2),
        ("Q", "Goodbye.", 4),
    ]


def test_one_column_table_is_read_like_paragraphs() -> None:
    document = docx.Document()
    grid = document.add_table(rows=3, cols=1)
    for row, text in zip(grid.rows, ["Q: One?", "R: Yes.", "And more."], strict=True):
        row.cells[0].text = text
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [("Q", "One?", 1), ("R", "Yes.\nAnd more.", 2)]


def test_content_controls_are_read_in_order() -> None:
    document = build("Q: Before?", "R: Inside.", "Q: After?")
    paragraph = document.paragraphs[1]._p
    sdt = etree.Element(f"{W}sdt")
    content = etree.SubElement(sdt, f"{W}sdtContent")
    paragraph.addprevious(sdt)
    content.append(paragraph)
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [("Q", "Before?", 1), ("R", "Inside.", 2), ("Q", "After?", 3)]


def test_footnotes_are_left_out_with_a_warning() -> None:
    document = build("Q: One?", "R: Yes.", "Q: Two?")
    run = etree.SubElement(document.paragraphs[1]._p, f"{W}r")
    etree.SubElement(run, f"{W}footnoteReference", {f"{W}id": "1"})
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert "footnotes are not imported (paragraphs 2)" in parsed.warnings


def test_tracked_changes_are_refused_with_their_paragraph() -> None:
    path = FIXTURES / "tracked_changes.docx"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert error.value.line == 2
    assert str(error.value) == (
        f"{path}:2: has tracked changes; accept or reject them in Word and save again"
    )


@pytest.mark.parametrize("tag", ["ins", "del", "moveFrom", "moveTo"])
def test_every_kind_of_tracked_change_is_refused(tag: str) -> None:
    document = build("Q: One?", "R: Two.", "Q: Three?")
    etree.SubElement(document.paragraphs[2]._p, f"{W}{tag}", {f"{W}id": "9"})
    with pytest.raises(IngestError, match="has tracked changes") as error:
        parse_bytes(to_bytes(document), "t.docx", ".docx")
    assert error.value.line == 3


def test_comments_are_refused_with_their_paragraph() -> None:
    path = FIXTURES / "comment.docx"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == (
        f"{path}:3: has comments; remove them in Word "
        "(Review > Delete > Delete All Comments in Document) and save again"
    )


def test_comments_part_with_comments_is_refused_without_anchors() -> None:
    source = zipfile.ZipFile(io.BytesIO(fixture("comment.docx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = re.sub(rb"<w:commentRange(Start|End) [^>]*/>", b"", data)
                data = re.sub(rb"<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr>"
                              rb"<w:commentReference [^>]*/></w:r>", b"", data)  # fmt: skip
                assert b"comment" not in data
            target.writestr(info, data)
    with pytest.raises(IngestError) as error:
        parse_bytes(out.getvalue(), "c.docx", ".docx")
    assert error.value.line is None
    assert str(error.value).startswith("c.docx: has comments; remove them")


def test_an_empty_comments_part_is_fine() -> None:
    document = build("Q: One?", "R: Yes.")
    assert len(document.comments) == 0  # creates the part
    assert table(parse_bytes(to_bytes(document), "d.docx", ".docx")) == [
        ("Q", "One?", 1),
        ("R", "Yes.", 2),
    ]


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"Interviewer: this is plain text", "it is not a zip archive"),
        (b"", "it is not a zip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "it is an old Word .doc file"),
    ],
)
def test_not_a_docx(data: bytes, detail: str) -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "bad.docx", ".docx")
    assert str(error.value).startswith("bad.docx: not a valid .docx file (")
    assert detail in str(error.value)


def test_other_zip_files_are_not_a_docx() -> None:
    for data in (fixture("interview.odt"), _zip({"hello.txt": b"hi"})):
        with pytest.raises(IngestError) as error:
            parse_bytes(data, "bad.docx", ".docx")
        assert str(error.value).startswith("bad.docx: not a valid .docx file")


def test_empty_document_has_no_text() -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(to_bytes(build("", "  ")), "e.docx", ".docx")
    assert str(error.value) == "e.docx: no text"


def test_heading_styles_are_speakerless() -> None:
    document = build("Q: One?")
    document.add_heading("Section B: later", level=1)
    document.add_paragraph("R: Two.")
    document.add_paragraph("Q: Three?")
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed)[1] == (None, "Section B: later", 2)


def test_merged_speaker_cells_continue_the_turn() -> None:
    document = docx.Document()
    grid = document.add_table(rows=4, cols=2)
    rows = [("Q", "One?"), ("R", "Yes."), ("", "And no."), ("Q", "Two?")]
    for row, (speaker, text) in zip(grid.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = speaker, text
    grid.cell(1, 0).merge(grid.cell(2, 0))
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [("Q", "One?", 1), ("R", "Yes.\nAnd no.", 2), ("Q", "Two?", 4)]


def test_rows_inside_a_content_control_are_read() -> None:
    document = docx.Document()
    grid = document.add_table(rows=3, cols=2)
    for row, (speaker, text) in zip(
        grid.rows, [("Q", "One?"), ("R", "Yes."), ("Q", "Two?")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = speaker, text
    answer = grid.rows[1]._tr  # a repeating section: the row inside w:sdt/w:sdtContent
    sdt = etree.Element(f"{W}sdt")
    answer.addprevious(sdt)
    etree.SubElement(sdt, f"{W}sdtContent").append(answer)
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [("Q", "One?", 1), ("R", "Yes.", 2), ("Q", "Two?", 3)]


def test_a_row_merged_across_the_table_is_a_note_between_turns() -> None:
    document = docx.Document()
    grid = document.add_table(rows=5, cols=2)
    rows = [("Speaker", "Text"), ("Interviewer", "One?"), ("Respondent", "Yes."), ("", ""),
            ("Interviewer", "Two?")]  # fmt: skip
    for row, (speaker, text) in zip(grid.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = speaker, text
    grid.cell(3, 0).merge(grid.cell(3, 1)).text = "[Recording paused]"
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed) == [
        ("Interviewer", "One?", 2),
        ("Respondent", "Yes.", 3),
        (None, "[Recording paused]", 4),
        ("Interviewer", "Two?", 5),
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_runs_inside_inline_content_controls_and_fields_are_kept() -> None:
    document = build("Q: One?", "R: ")
    answer = document.paragraphs[1]._p
    sdt = etree.SubElement(answer, f"{W}sdt")
    content = etree.SubElement(sdt, f"{W}sdtContent")
    etree.SubElement(etree.SubElement(content, f"{W}r"), f"{W}t").text = "Inside a control,"
    field = etree.SubElement(answer, f"{W}fldSimple", {f"{W}instr": "DATE"})
    run = etree.SubElement(field, f"{W}r")
    etree.SubElement(run, f"{W}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
    run[0].text = " then a field."
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed)[1] == ("R", "Inside a control, then a field.", 2)


def test_text_boxes_are_not_mixed_into_the_paragraph() -> None:
    document = build("Q: One?", "R: Yes.")
    run = etree.SubElement(document.paragraphs[1]._p, f"{W}r")
    box = etree.SubElement(etree.SubElement(run, f"{W}pict"), f"{W}txbxContent")
    inner = etree.SubElement(box, f"{W}p")
    etree.SubElement(etree.SubElement(inner, f"{W}r"), f"{W}t").text = "A caption"
    parsed = parse_bytes(to_bytes(document), "d.docx", ".docx")
    assert table(parsed)[1] == ("R", "Yes.", 2)


def test_text_is_normalised_like_plain_text() -> None:
    # Decomposed accents (as some Mac software writes them), a line separator, a stray BOM.
    data = to_bytes(build("Respondent: Yes, Jose\u0301 was\u2028there.\ufeff Right."))
    (turn,) = parse_bytes(data, "n.docx", ".docx").turns
    assert turn.text == "Yes, Jos\u00e9 was\nthere. Right."  # U+2028 is a line break
