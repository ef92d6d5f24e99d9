"""Tests for .odt transcripts: body order, tables, refusals and paragraph numbers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from odf import table, teletype
from odf import text as odftext
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText

from workbench.errors import IngestError
from workbench.ingest import parse_bytes, parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def paragraph(text: str) -> odftext.P:
    element = odftext.P()
    teletype.addTextToElement(element, text)
    return element


def to_bytes(document: OpenDocumentText | OpenDocumentSpreadsheet) -> bytes:
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_odt_fixture() -> None:
    parsed = parse_file(FIXTURES / "interview.odt")
    assert parsed.format == "odt"
    assert parsed.warnings == ()
    assert [(t.speaker, t.text, t.line) for t in parsed.turns] == [
        (None, "Interview INT-12\nInterview | INT-12\nSetting | Allotment shed", 1),
        ("Interviewer", "How did the allotment group start?", 4),
        (
            "Respondent",
            "A few of us kept meeting at the water tap.\n"
            "We started swapping seedlings, then tools.",
            5,
        ),
        ("Interviewer", "And now?", 8),
        ("Respondent", "Now there is a rota\nand a shared kettle.", 9),
        ("Interviewer", "What do you grow?", 10),
        ("Respondent", "Beans,  mostly.", 11),  # <text:s/> keeps both spaces
    ]
    header, _, continued, *_ = parsed.turns
    assert header.source_line(header.text.index("Setting")) == 3
    assert continued.source_line(continued.text.index("We started")) == 6


def test_annotation_is_refused_with_its_paragraph() -> None:
    path = FIXTURES / "annotation.odt"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == (
        f"{path}:2: has comments; delete them (Edit > Comment > Delete All Comments) and save again"
    )


def test_tracked_changes_are_refused_with_their_paragraph() -> None:
    path = FIXTURES / "tracked_changes.odt"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == (
        f"{path}:2: has tracked changes; accept or reject them "
        "(Edit > Track Changes > Manage) and save again"
    )


def test_empty_tracked_changes_element_is_fine() -> None:
    document = OpenDocumentText()
    document.text.addElement(odftext.TrackedChanges())
    document.text.addElement(paragraph("Q: Hello?"))
    parsed = parse_bytes(to_bytes(document), "o.odt", ".odt")
    assert [(t.speaker, t.text) for t in parsed.turns] == [("Q", "Hello?")]


def test_transcript_table_and_sections() -> None:
    document = OpenDocumentText()
    section = odftext.Section(name="Transcript")
    section.addElement(paragraph("Focus group notes"))  # 1
    grid = table.Table(name="T")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=3))
    header = table.TableHeaderRows()
    rows = [
        ("Time", "Speaker", "Text"),  # 2, in the header rows
        ("00:00:01", "Q", "Hello?"),  # 3
        ("00:00:04", "R", "Hi."),  # 4
        ("", "", "Sorry, go on."),  # 5
        ("00:00:09", "Q", "Thanks."),  # 6
    ]
    for index, cells in enumerate(rows):
        row = table.TableRow()
        for value in cells:
            cell = table.TableCell()
            cell.addElement(paragraph(value))
            row.addElement(cell)
        (header if index == 0 else grid).addElement(row)
        if index == 0:
            grid.addElement(header)
    section.addElement(grid)
    section.addElement(paragraph("R: Afterwards."))  # 7
    document.text.addElement(section)
    parsed = parse_bytes(to_bytes(document), "o.odt", ".odt")
    assert [(t.speaker, t.text, t.line, t.start_seconds) for t in parsed.turns] == [
        (None, "Focus group notes", 1, None),
        ("Q", "Hello?", 3, 1.0),
        ("R", "Hi.\nSorry, go on.", 4, 4.0),
        ("Q", "Thanks.", 6, 9.0),
        ("R", "Afterwards.", 7, None),
    ]


def test_footnotes_are_left_out_with_a_warning() -> None:
    document = OpenDocumentText()
    document.text.addElement(paragraph("Q: One?"))
    answer = paragraph("R: Yes.")
    note = odftext.Note(id="n1", noteclass="footnote")
    note.addElement(odftext.NoteCitation(text="1"))
    body = odftext.NoteBody()
    body.addElement(paragraph("Said quietly."))
    note.addElement(body)
    answer.addElement(note)
    document.text.addElement(answer)
    document.text.addElement(paragraph("Q: Two?"))
    parsed = parse_bytes(to_bytes(document), "o.odt", ".odt")
    assert parsed.turns[1].text == "Yes."
    assert "footnotes are not imported (paragraphs 2)" in parsed.warnings


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"Q: plain text", "it is not a zip archive"),
        ((FIXTURES / "comment.docx").read_bytes(), "the zip archive holds no OpenDocument"),
    ],
)
def test_not_an_odt(data: bytes, detail: str) -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(data, "bad.odt", ".odt")
    assert str(error.value) == f"bad.odt: not a valid .odt file ({detail})"


def test_a_spreadsheet_is_not_an_odt() -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(to_bytes(OpenDocumentSpreadsheet()), "s.odt", ".odt")
    assert str(error.value) == (
        "s.odt: not a valid .odt file "
        "(it is a 'application/vnd.oasis.opendocument.spreadsheet' document)"
    )


def test_empty_odt_has_no_text() -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(to_bytes(OpenDocumentText()), "e.odt", ".odt")
    assert str(error.value) == "e.odt: no text"


def test_text_is_normalised_like_plain_text() -> None:
    document = OpenDocumentText()
    document.text.addElement(paragraph("Respondent: Yes, Jose\u0301 was\u2028there.\ufeff Right."))
    (turn,) = parse_bytes(to_bytes(document), "n.odt", ".odt").turns
    assert turn.text == "Yes, Jos\u00e9 was\nthere. Right."  # U+2028 is a line break


def test_pictures_and_text_boxes_are_not_speech() -> None:
    from odf import draw

    document = OpenDocumentText()
    spoken = paragraph("Respondent: Hi")
    frame = draw.Frame(name="photo", width="2cm", height="2cm")
    frame.addElement(draw.Image(href="Pictures/x.png"))
    title = draw.TextBox()
    title.addElement(paragraph("Photo of Maria Lopez"))
    frame.addElement(title)
    spoken.addElement(frame)
    teletype.addTextToElement(spoken, " and welcome.")
    document.text.addElement(spoken)
    (turn,) = parse_bytes(to_bytes(document), "f.odt", ".odt").turns
    assert turn.text == "Hi and welcome."
