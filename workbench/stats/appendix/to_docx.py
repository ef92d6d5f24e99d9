"""The appendix as a Word document through python-docx: the Title, Heading 1-4 and Quote
styles of its template, real tables (Table Grid, a repeated header row), embedded figures,
captions."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from workbench.stats.appendix.document import (
    Block,
    Document,
    Field,
    Heading,
    Image,
    Paragraph,
    Quote,
    Table,
)
from workbench.stats.export import cell

TABLE_FONT = Pt(8.5)
NOTE_FONT = Pt(9)
TEXT_WIDTH = Cm(29.7 - 4)  # landscape A4 less the margins
FIGURE_HEIGHT = Cm(15)  # a figure and its caption fit on a landscape page (17 cm of text)
WIDEST = 40  # characters: a longer cell wraps rather than squeezing its neighbours
CHARACTER = Cm(0.2)  # about one (bold) character of the tables' font
PADDING = Cm(0.5)  # a cell's left and right margins, and some air


def docx(document: Document) -> bytes:
    out = new_docx()
    _page(out)
    out.core_properties.title = document.title
    out.add_heading(document.title, 0)
    for section in document.sections:
        out.add_heading(section.title, 1)
        for block in section.blocks:
            _block(out, block)
    stream = io.BytesIO()
    out.save(stream)
    return stream.getvalue()


def _page(out: Docx) -> None:
    """A4 landscape with 2 cm margins: the tables by group are wide."""
    page = out.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(2))


def _block(out: Docx, block: Block) -> None:
    if isinstance(block, Heading):
        out.add_heading(block.text, min(block.level, 9))
    elif isinstance(block, Paragraph):
        paragraph = out.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.note:
            run.italic = True
            run.font.size = NOTE_FONT
    elif isinstance(block, Field):
        paragraph = out.add_paragraph()
        paragraph.add_run(f"{block.label}: ").bold = True
        paragraph.add_run(block.text)
    elif isinstance(block, Image):
        _image(out, block)
    elif isinstance(block, Quote):
        out.add_paragraph(block.text, style="Quote").paragraph_format.keep_with_next = True
        source = out.add_paragraph(f"— {block.source}")
        source.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        source.runs[0].font.size = NOTE_FONT
    else:
        _table(out, block)


def _image(out: Docx, image: Image) -> None:
    """The PNG as wide as allowed but never taller than FIGURE_HEIGHT, its caption below."""
    paragraph = out.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True  # the caption stays with its figure
    picture = paragraph.add_run().add_picture(
        io.BytesIO(image.png), width=int(TEXT_WIDTH * image.width)
    )
    if picture.height > FIGURE_HEIGHT:
        picture.width = Emu(int(picture.width * FIGURE_HEIGHT / picture.height))
        picture.height = FIGURE_HEIGHT
    out.add_paragraph(image.caption, style="Caption")


def _table(out: Docx, block: Table) -> None:
    if block.caption:
        caption = out.add_paragraph(block.caption, style="Caption")
        caption.paragraph_format.keep_with_next = True  # never alone at the foot of a page
    frame, numeric = block.frame, block.numeric()
    texts = [[cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    headers = [str(column) for column in frame.columns]
    widths = _widths(headers, texts)
    table = out.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _row_flag(header._tr, "w:tblHeader")
    for index, column in enumerate(headers):
        _fill(header.cells[index], column, numeric[index], widths[index], bold=True)
    for values in texts:
        row = table.add_row()
        _row_flag(row._tr, "w:cantSplit")
        for index, value in enumerate(values):
            _fill(row.cells[index], value, numeric[index], widths[index])
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    out.add_paragraph()


def _widths(headers: list[str], rows: list[list[str]]) -> list[int]:
    """Column widths in EMU from each column's longest cell (a header by its longest word,
    as headers wrap). When they would overflow the page only the widest columns give way,
    down to one common width: a short name or a number never breaks mid-word."""
    need = []
    for index, header in enumerate(headers):
        longest = max((len(row[index]) for row in rows), default=0)
        word = max((len(part) for part in header.split()), default=0)
        need.append(int(CHARACTER * min(max(longest, word, 3), WIDEST) + PADDING))
    if sum(need) <= TEXT_WIDTH:
        return need
    room, left = int(TEXT_WIDTH), len(need)
    for width in sorted(need):  # the narrow ones keep theirs; the rest share what is left
        if width * left > room:
            break
        room, left = room - width, left - 1
    cap = room // left
    return [min(width, cap) for width in need]


def _fill(target: object, text: str, right: bool, width: int, bold: bool = False) -> None:
    target.width = width  # type: ignore[attr-defined]
    paragraph = target.paragraphs[0]  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.font.size = TABLE_FONT
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _row_flag(row: object, name: str) -> None:
    """Set a row property: w:tblHeader (repeat the row on every page the table runs over),
    w:cantSplit (keep a row on one page)."""
    properties = row.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    properties.append(flag)
