"""OpenDocument (.odt) transcripts: headings, paragraphs and tables in body order (odfpy).

As for .docx, line numbers are *paragraph numbers*: the 1-based position of the heading,
paragraph or table row in body order (every table row counts as one). Transcript tables
(speaker | text, or time | speaker | text) become one turn per row, other tables one line
per row with the cells joined by `` | ``. Documents with tracked changes or comments
(annotations) are refused; footnotes are left out with a warning.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from odf import opendocument
from odf.element import Node
from odf.namespaces import DRAWNS, OFFICENS, TABLENS, TEXTNS

from workbench.errors import IngestError, one_line
from workbench.ingest.model import ParsedTranscript
from workbench.ingest.package import TextBudget, check_package
from workbench.ingest.plaintext import turns_from_lines
from workbench.ingest.tables import SourceItem, SourceLine, table_items
from workbench.text.normalise import normalise

TRACKED_CHANGES = (
    "has tracked changes; accept or reject them (Edit > Track Changes > Manage) and save again"
)
COMMENTS = "has comments; delete them (Edit > Comment > Delete All Comments) and save again"
NOT_ODT = "not a valid .odt file"

_P = (TEXTNS, "p")
_H = (TEXTNS, "h")
_TABLE = (TABLENS, "table")
_ROW = (TABLENS, "table-row")
_CELLS = ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell"))
_ROW_GROUPS = (
    (TABLENS, "table-header-rows"),
    (TABLENS, "table-rows"),
    (TABLENS, "table-row-group"),
)
_ANNOTATION = (OFFICENS, "annotation")
_CHANGE_MARKS = ((TEXTNS, "change"), (TEXTNS, "change-start"), (TEXTNS, "change-end"))
_NOTE = (TEXTNS, "note")
# Body children that hold no text of the document itself.
_NOT_CONTENT = frozenset(
    {
        (TEXTNS, "tracked-changes"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "variable-decls"),
        (TEXTNS, "user-field-decls"),
        (TEXTNS, "dde-connection-decls"),
        (TEXTNS, "table-of-content-source"),
        (OFFICENS, "forms"),
    }
)


def parse_odt(data: bytes, source: str) -> ParsedTranscript:
    """Parse an .odt transcript; see the module docstring for line numbers."""
    body = _open(data, source)
    blocks = list(_numbered_blocks(body))
    _refuse_revisions(body, [row for _, rows in blocks for row in rows], source)
    budget = TextBudget(len(data), source)
    items: list[SourceItem] = []
    footnote_lines: list[int] = []
    for element, rows in blocks:
        if element.qname == _TABLE:
            cells = []
            for line, row in rows:
                budget.line = line
                cells.append((line, _cell_texts(row, budget)))
            items.extend(table_items(cells))
        else:
            line = budget.line = rows[0][0]
            text = normalise(_text(element, budget))
            structural = element.qname == _H
            items.extend(SourceLine(piece, line, structural) for piece in text.split("\n"))
        footnote_lines.extend(line for line, el in rows if _find(el, (_NOTE,)))
    turns, warnings = turns_from_lines(items, source=source, paragraphs=True)
    if footnote_lines:
        where = ", ".join(str(line) for line in footnote_lines)
        warnings = (*warnings, f"footnotes are not imported (paragraphs {where})")
    return ParsedTranscript(source=source, format="odt", turns=turns, warnings=warnings)


def _open(data: bytes, source: str) -> Any:
    check_package(data, source, NOT_ODT)  # before odfpy: it would print a damaged part
    try:
        document = opendocument.load(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(f"{NOT_ODT} (it is not a zip archive)", source=source) from None
    except KeyError:
        raise IngestError(
            f"{NOT_ODT} (the zip archive holds no OpenDocument)", source=source
        ) from None
    except Exception as error:  # damaged XML and the like: odfpy fails in many ways
        raise IngestError(f"{NOT_ODT} (damaged: {type(error).__name__})", source=source) from None
    mimetype = str(document.mimetype)
    if not mimetype.startswith("application/vnd.oasis.opendocument.text"):
        raise IngestError(f"{NOT_ODT} (it is a '{one_line(mimetype)}' document)", source=source)
    body = getattr(document, "text", None)
    if body is None:
        raise IngestError(f"{NOT_ODT} (no text body)", source=source)
    return body


def _elements(node: Any) -> Iterator[Any]:
    for child in node.childNodes:
        if child.nodeType == Node.ELEMENT_NODE:
            yield child


def _block_elements(container: Any) -> Iterator[Any]:
    """Headings, paragraphs and tables in body order, looking inside lists and sections."""
    for child in _elements(container):
        if child.qname in (_P, _H, _TABLE):
            yield child
        elif child.qname not in _NOT_CONTENT:
            yield from _block_elements(child)


def _table_rows(table: Any) -> Iterator[Any]:
    for child in _elements(table):
        if child.qname == _ROW:
            yield child
        elif child.qname in _ROW_GROUPS:
            yield from _table_rows(child)


def _numbered_blocks(body: Any) -> Iterator[tuple[Any, list[tuple[int, Any]]]]:
    """Each block, with the (paragraph number, element) of it or of its table rows."""
    line = 0
    for element in _block_elements(body):
        if element.qname == _TABLE:
            rows = list(_table_rows(element))
            yield element, [(line + n, row) for n, row in enumerate(rows, start=1)]
            line += len(rows)
        else:
            line += 1
            yield element, [(line, element)]


def _find(node: Any, qnames: tuple[tuple[str, str], ...]) -> bool:
    """Whether `node` or any element inside it has one of `qnames`."""
    pending = [node]
    while pending:
        element = pending.pop()
        if element.qname in qnames:
            return True
        pending.extend(_elements(element))
    return False


def _refuse_revisions(body: Any, rows: list[tuple[int, Any]], source: str) -> None:
    for child in _elements(body):
        if child.qname == (TEXTNS, "tracked-changes") and any(True for _ in _elements(child)):
            line = next((n for n, el in rows if _find(el, _CHANGE_MARKS)), None)
            raise IngestError(TRACKED_CHANGES, source=source, line=line)
    if _find(body, (_ANNOTATION,)):
        line = next((n for n, el in rows if _find(el, (_ANNOTATION,))), None)
        raise IngestError(COMMENTS, source=source, line=line)


def _text(node: Any, budget: TextBudget) -> str:
    """The text of a paragraph: spaces, tabs and line breaks expanded; notes, pictures and
    text boxes left out. Every piece is counted against `budget` before it is made."""
    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            part = str(child.data)
        elif child.nodeType != Node.ELEMENT_NODE or _not_speech(child):
            continue
        elif child.qname == (TEXTNS, "s"):
            count = _space_count(child.getAttrNS(TEXTNS, "c"), budget)
            budget.spend(count)
            parts.append(" " * count)
            continue
        elif child.qname == (TEXTNS, "tab"):
            part = "\t"
        elif child.qname == (TEXTNS, "line-break"):
            part = "\n"
        else:
            parts.append(_text(child, budget))  # counted inside
            continue
        budget.spend(len(part))
        parts.append(part)
    return "".join(parts)


def _space_count(value: str | None, budget: TextBudget) -> int:
    """The number of spaces a ``text:s`` stands for (one without ``text:c``)."""
    if value is None:
        return 1
    digits = value.strip()
    if not (digits.isascii() and digits.isdigit()):
        raise IngestError(
            f'a space count text:c="{value[:20]}" is not a number',
            source=budget.source,
            line=budget.line,
        )
    # More digits than the largest budget has: too many, without a huge int() to say so.
    return int(digits) if len(digits) <= 9 else budget.limit + 1


def _not_speech(element: Any) -> bool:
    """Notes, comments, pictures and text boxes (dropped from .docx paragraphs too)."""
    return element.qname in (_NOTE, _ANNOTATION) or element.qname[0] == DRAWNS


def _cell_texts(row: Any, budget: TextBudget) -> list[str]:
    return [_cell_text(cell, budget) for cell in _elements(row) if cell.qname in _CELLS]


def _cell_text(cell: Any, budget: TextBudget) -> str:
    pieces: list[str] = []
    for block in _block_elements(cell):
        if block.qname == _TABLE:  # a table inside a cell: one line per row
            pieces.extend(
                " | ".join(" ".join(text.split("\n")) for text in _cell_texts(row, budget))
                for row in _table_rows(block)
            )
        else:
            pieces.append(normalise(_text(block, budget)))
    return "\n".join(pieces)
