"""Read `TextSource` elements: the text, its selections and their codings.

The text comes from `PlainTextContent`, or from the archive member `plainTextPath` names
('internal://GUID.txt', or a bare file name in sources/). If that text is empty and a rich
text (.docx) is there too, as NVivo for Mac writes, the text is taken from the .docx's
paragraphs joined by line breaks. A source whose text cannot be had is listed, not imported.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from typing import Any

from workbench.exchange.refi.archive import check_zip
from workbench.exchange.refi.context import ReadContext
from workbench.exchange.refi.elements import (
    child,
    child_text,
    children,
    guid_of,
    note_refs,
    parse_datetime,
    parse_int,
)
from workbench.exchange.refi.model import (
    RefiError,
    RefiSelection,
    RefiSource,
    derived_guid,
    normalise_guid,
)
from workbench.exchange.refi.positions import PlainText, PositionMap, Span, choose_convention
from workbench.text.words import counted

_UNREADABLE = ("text source whose text cannot be read", "text sources whose text cannot be read")


def read_text_source(element: Any, index: int, context: ReadContext) -> RefiSource | None:
    guid = guid_of(element) or derived_guid("source", str(index), element.get("guid") or "")
    name = _source_name(element, guid, context)
    try:
        raw = _source_text(element, name, context)
    except RefiError as error:
        context.findings.skip(*_UNREADABLE, f"{name} ({error.message})")
        return None
    text = PlainText(raw)
    selections = list(children(element, "PlainTextSelection"))
    spans = []
    for selection in selections:
        start, end = (
            parse_int(selection.get("startPosition")),
            parse_int(selection.get("endPosition")),
        )
        if start is None or end is None:
            context.findings.skip(
                "selection with unreadable positions", "selections with unreadable positions", name
            )
            continue
        spans.append((selection, Span(start, end, selection.get("name") or "")))
    convention, tie = choose_convention(text, [span for _, span in spans])
    if spans and (text.has_crlf or convention.utf16):
        fit = " (the selections fit other counts as well)" if tie else ""
        context.findings.assume(f"{name}: {convention.describe()}{fit}")
    positions = text.positions(convention)
    coded: list[RefiSelection] = []
    for selection, span in spans:
        coded += _codings(selection, span, positions, name, context)
    whole_source = list(children(element, "Coding"))  # NVivo codes whole sources to cases
    for coding in whole_source:
        whole = Span(0, positions.length, "")
        coded += _codings_of(
            element, [coding], guid_of(coding), whole, positions, name, "", context
        )
    if whole_source:
        context.findings.assume(
            f"{name}: {counted(len(whole_source), 'coding')} of the whole source read as"
            " selections of all its text"
        )
    memo = _memo(child_text(element, "Description"), note_refs(element), context)
    return RefiSource(
        guid, name, text.text, tuple(coded), context.variables_of(element, guid), memo
    )


def _codings(
    selection: Any, span: Span, positions: PositionMap, source: str, context: ReadContext
) -> list[RefiSelection]:
    codings = list(children(selection, "Coding"))
    if not codings:
        context.findings.skip(
            "selection without a code",
            "selections without a code",
            f"{source} [{span.start}, {span.end})",
        )
        return []
    memo = _memo(child_text(selection, "Description"), note_refs(selection), context)
    return _codings_of(
        selection, codings, guid_of(selection), span, positions, source, memo, context
    )


def _codings_of(
    selection: Any,
    codings: list[Any],
    own_guid: str | None,
    span: Span,
    positions: PositionMap,
    source: str,
    memo: str,
    context: ReadContext,
) -> list[RefiSelection]:
    """One RefiSelection per coding; a lone coding takes the selection's GUID (`own_guid`),
    so our own exports read back with the GUIDs they were written with."""
    start = positions.locate(span.start, upward=False)
    end = positions.locate(span.end, upward=True)
    where = f"{source} [{span.start}, {span.end})"
    if start is None or end is None:
        context.findings.skip("selection outside its text", "selections outside their text", where)
        return []
    if start.position >= end.position:
        context.findings.skip("empty selection", "empty selections", where)
        return []
    result = []
    for number, coding in enumerate(codings):
        code_ref = child(coding, "CodeRef")
        code_guid = guid_of(code_ref, "targetGUID") if code_ref is not None else None
        if code_guid is None or code_guid not in context.code_guids:
            context.findings.skip("coding of an unknown code", "codings of unknown codes", where)
            continue
        guid = guid_of(coding) if len(codings) > 1 else own_guid
        guid = guid or derived_guid("coding", source, str(span), str(number))
        user = context.user_for(coding.get("creatingUser") or selection.get("creatingUser"))
        created = coding.get("creationDateTime") or selection.get("creationDateTime")
        coding_memo = _memo("", note_refs(coding), context)
        full_memo = "\n\n".join(part for part in (memo, coding_memo) if part)
        result.append(
            RefiSelection(
                guid,
                start.position,
                end.position,
                code_guid,
                user,
                parse_datetime(created),
                full_memo,
            )
        )
    return result


def _memo(description: str, notes: list[str], context: ReadContext) -> str:
    parts = [description] if description else []
    parts += [text for guid in notes if (text := context.take_note(guid))]
    return "\n\n".join(parts)


def _source_name(element: Any, guid: str, context: ReadContext) -> str:
    name = element.get("name")
    if name:
        return str(name)
    path = element.get("plainTextPath") or element.get("richTextPath") or ""
    stem = PurePosixPath(path.split("://")[-1]).stem if path else ""
    if stem and normalise_guid(stem) is None:
        context.findings.assume(f"source {guid} has no name; named {stem!r} after its file")
        return stem
    context.findings.assume(f"source {guid} has no name; named after its GUID")
    return guid


def _source_text(element: Any, name: str, context: ReadContext) -> str:
    content = child(element, "PlainTextContent")
    raw = str(content.text or "") if content is not None else ""
    plain_path = element.get("plainTextPath")
    rich_path = element.get("richTextPath")
    if not raw and plain_path:
        data = context.member(plain_path)
        if data is None and not rich_path:
            raise RefiError(f"its text {plain_path} is not in the archive")
        if data is not None:
            try:
                raw = data.decode("utf-8")
            except UnicodeDecodeError:
                raise RefiError(f"its text {plain_path} is not UTF-8") from None
    raw = raw.removeprefix("\ufeff")
    if raw.strip() or not rich_path:
        return raw
    text = _docx_text(rich_path, context)
    context.findings.assume(
        f"{name}: its plain text is empty; the text was taken from its rich"
        " text (.docx), paragraphs joined by line breaks"
    )
    return text


def _docx_text(path: str, context: ReadContext) -> str:
    data = context.member(path)
    if data is None:
        raise RefiError(f"its plain text is empty and its rich text {path} is not in the archive")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as docx_zip:
            check_zip(docx_zip, path)  # a .docx is a zip too: vet it the same way
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(paragraph.text for paragraph in document.paragraphs)
    except RefiError as error:
        raise RefiError(f"its plain text is empty and its rich text is refused ({error})") from None
    except Exception as error:  # python-docx raises many kinds; a bad source must not stop us
        reason = type(error).__name__
        raise RefiError(
            f"its plain text is empty and its rich text cannot be read ({reason})"
        ) from None
