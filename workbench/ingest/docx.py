"""Word (.docx) transcripts: paragraphs and tables in document order, read with python-docx.

Line numbers in turns and errors are *paragraph numbers*: the 1-based position of the
paragraph, or of the table row, in document order (every table row counts as one). So
``interview.docx:12: ...`` means the twelfth paragraph or table row of the document body.

A table is a *transcript table* when it has 2 columns holding speaker and text, or 3
columns holding time, speaker and text: then every row is a turn (a header row such as
``Speaker | Text`` is skipped; a row with an empty speaker cell continues the row above).
A 2-column table counts as one only with such a header row or when a speaker recurs, so
that a details table (``Date | 3 May``, ``Place | Library``) is not mistaken for one.
Other tables give one line per row, the cells joined with `` | ``.

Documents with tracked changes or comments are refused: which version of the text is
meant must be decided in Word, not guessed here. Footnotes are left out with a warning.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from lxml import etree

from workbench.errors import IngestError
from workbench.ingest.model import ParsedTranscript
from workbench.ingest.package import TextBudget, check_package, check_part, parse_part
from workbench.ingest.plaintext import turns_from_lines
from workbench.ingest.tables import SourceItem, SourceLine, table_items
from workbench.text.normalise import normalise

TRACKED_CHANGES = "has tracked changes; accept or reject them in Word and save again"
COMMENTS = (
    "has comments; remove them in Word (Review > Delete > Delete All Comments in Document) "
    "and save again"
)
NOT_DOCX = "not a valid .docx file"

_W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
# Compiled with their namespaces: python-docx's elements override `xpath()`.
_CHANGES = etree.XPath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo", namespaces=_W_NS)
_COMMENT_MARKS = etree.XPath(".//w:commentReference | .//w:commentRangeStart", namespaces=_W_NS)
_NOTES = etree.XPath(".//w:footnoteReference | .//w:endnoteReference", namespaces=_W_NS)
# Rows, cells and blocks may each sit inside a content control (w:sdt), as Word's repeating
# sections and form templates put them.
_ROWS = etree.XPath("./w:tr | ./w:sdt/w:sdtContent/w:tr", namespaces=_W_NS)
_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_W_NS)
_PARAGRAPHS = etree.XPath(".//w:p[not(ancestor::w:txbxContent)]", namespaces=_W_NS)
# Runs inside these are not a paragraph's own text: deleted and moved-away text, and the
# copy of alternate content kept for old Word versions.
_NOT_OWN_TEXT = frozenset(
    {
        qn("w:del"),
        qn("w:moveFrom"),
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)
_COMMENTS = etree.XPath("./w:comment", namespaces=_W_NS)
_PARAGRAPH_STYLE = etree.XPath("string(./w:pPr/w:pStyle/@w:val)", namespaces=_W_NS)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def parse_docx(data: bytes, source: str) -> ParsedTranscript:
    """Parse a .docx transcript; see the module docstring for tables and line numbers."""
    document = _open(data, source)
    blocks = list(_numbered_blocks(document.element.body))
    _refuse_revisions(document, [row for _, rows in blocks for row in rows], source)
    headings = _heading_style_ids(document, source)
    items: list[SourceItem] = []
    for element, rows in blocks:
        if element.tag == qn("w:p"):
            items.extend(_paragraph_items(element, rows[0][0], headings))
        else:
            items.extend(_table_items(rows))
    # No repeat counts in Word XML: the text is at most the XML's size, which check_package
    # bounds, so one count at the end keeps .docx to the same limit as .odt.
    TextBudget(len(data), source).spend(sum(len(item.text) for item in items))
    turns, warnings = turns_from_lines(items, source=source, paragraphs=True)
    notes = [str(line) for _, rows in blocks for line, element in rows if _NOTES(element)]
    if notes:
        warnings = (*warnings, f"footnotes are not imported (paragraphs {', '.join(notes)})")
    return ParsedTranscript(source=source, format="docx", turns=turns, warnings=warnings)


def _open(data: bytes, source: str) -> Document:
    if data.startswith(_OLE_MAGIC):
        raise IngestError(
            f"{NOT_DOCX} (it is an old Word .doc file or an encrypted document); "
            "open it in Word and save it as .docx without a password",
            source=source,
        )
    check_package(data, source, NOT_DOCX)
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(f"{NOT_DOCX} (it is not a zip archive)", source=source) from None
    except (KeyError, ValueError, PackageNotFoundError):
        raise IngestError(
            f"{NOT_DOCX} (the zip archive holds no Word document)", source=source
        ) from None
    except Exception as error:  # damaged XML and the like: python-docx fails in many ways
        raise IngestError(f"{NOT_DOCX} (damaged: {type(error).__name__})", source=source) from None
    if document.element.tag != qn("w:document") or document.element.body is None:
        raise IngestError(f"{NOT_DOCX} (its main part holds no Word document body)", source=source)
    # Parts python-docx parsed whatever their names: check_package saw only *.xml and *.rels.
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            check_part(part.element, str(part.partname).lstrip("/"), source, NOT_DOCX)
    return document


def _numbered_blocks(body: Any) -> Iterator[tuple[Any, list[tuple[int, Any]]]]:
    """Each body paragraph or table, with the (paragraph number, element) of it or its rows."""
    line = 0
    for element in _block_elements(body):
        if element.tag == qn("w:p"):
            line += 1
            yield element, [(line, element)]
        else:
            rows = _ROWS(element)
            yield element, [(line + n, row) for n, row in enumerate(rows, start=1)]
            line += len(rows)


def _block_elements(container: Any) -> Iterator[Any]:
    """Paragraphs and tables in order, looking inside block-level content controls."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent"))
            yield from _block_elements(child if content is None else content)


def _refuse_revisions(document: Document, blocks: Sequence[tuple[int, Any]], source: str) -> None:
    body = document.element.body
    if _CHANGES(body):
        line = next((n for n, el in blocks if _CHANGES(el)), None)
        raise IngestError(TRACKED_CHANGES, source=source, line=line)
    if _COMMENT_MARKS(body):
        line = next((n for n, el in blocks if _COMMENT_MARKS(el)), None)
        raise IngestError(COMMENTS, source=source, line=line)
    try:
        comments_part = document.part.part_related_by(RELATIONSHIP_TYPE.COMMENTS)
    except KeyError:
        return
    if isinstance(comments_part, XmlPart):
        comments = comments_part.element
    else:  # a part of a type python-docx does not parse itself
        name = str(comments_part.partname).lstrip("/")
        comments = parse_part(comments_part.blob, name, source, NOT_DOCX)
        check_part(comments, name, source, NOT_DOCX)
    if _COMMENTS(comments):
        raise IngestError(COMMENTS, source=source)


def _paragraph_text(paragraph: Any) -> str:
    """The paragraph's text, run by run (tabs as \\t, line breaks as \\n), normalised.

    Unlike python-docx's `Paragraph.text` this keeps runs inside content controls, fields
    and smart tags. Text boxes anchored in a run are not part of the run's text.
    """
    return normalise("".join(run.text for run in _own_runs(paragraph)))


def _own_runs(element: Any) -> Iterator[Any]:
    for child in element.iterchildren():
        if child.tag == qn("w:r"):
            yield child
        elif child.tag not in _NOT_OWN_TEXT:
            yield from _own_runs(child)


def _heading_style_ids(document: Document, source: str) -> frozenset[str]:
    """The ids of the document's Title and Heading paragraph styles."""
    try:
        styles = list(document.styles)
    except (AttributeError, KeyError, ValueError):  # a styles part of the wrong type
        raise IngestError(f"{NOT_DOCX} (its styles part is damaged)", source=source) from None
    return frozenset(
        style.style_id
        for style in styles
        if style.name is not None and (style.name == "Title" or style.name.startswith("Heading"))
    )


def _paragraph_items(element: Any, line: int, headings: frozenset[str]) -> list[SourceItem]:
    """A paragraph split at its soft line breaks; every piece has the paragraph's number."""
    text = _paragraph_text(element)
    structural = str(_PARAGRAPH_STYLE(element)) in headings
    return [SourceLine(piece, line, structural) for piece in text.split("\n")]


def _cell_texts(row: Any) -> list[str]:
    cells = _CELLS(row)
    return ["\n".join(_paragraph_text(p) for p in _PARAGRAPHS(cell)) for cell in cells]


def _table_items(rows: list[tuple[int, Any]]) -> list[SourceItem]:
    return table_items([(line, _cell_texts(row)) for line, row in rows])
