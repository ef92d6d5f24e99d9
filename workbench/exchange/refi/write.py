"""Write a RefiProject as a REFI-QDA project archive (.qdpx) and codes as a codebook (.qdc).

One `PlainTextSelection` per RefiSelection, holding one `Coding`. Memos on selections and
sources become `Note`s referred to by a `NoteRef`; case variables become one `Case` per
source with `Text` variables. GUIDs the model lacks (codings, memo notes, cases, variables)
are derived from the model's GUIDs, so the same project always gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from workbench.exchange.refi.model import (
    RETIRED_MARK,
    RefiCode,
    RefiError,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    derived_guid,
)
from workbench.exchange.refi.validate import CODEBOOK_NS, PROJECT_NS

SNIPPET_LENGTH = 60
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so archives are reproducible


def project_xml(project: RefiProject) -> bytes:
    """The project.qde document for `project`."""
    _check_references(project)
    ns = f"{{{PROJECT_NS}}}"
    root = etree.Element(f"{ns}Project", nsmap={None: PROJECT_NS})
    _set(root, "name", project.name)
    if project.origin:
        _set(root, "origin", project.origin)
    if project.users:
        users = etree.SubElement(root, f"{ns}Users")
        for user in project.users:
            _set(etree.SubElement(users, f"{ns}User", guid=user.guid), "name", user.name)
    code_notes: dict[str, list[RefiNote]] = {}
    for note in project.notes:
        if note.target_guid is not None:
            code_notes.setdefault(note.target_guid, []).append(note)
    if project.codes:
        codes = etree.SubElement(etree.SubElement(root, f"{ns}CodeBook"), f"{ns}Codes")
        for code in project.codes:
            codes.append(_code_element(code, ns, code_notes))
    _write_cases(root, ns, project.sources)
    memos: list[RefiNote] = []
    if project.sources:
        sources = etree.SubElement(root, f"{ns}Sources")
        for source in project.sources:
            sources.append(_source_element(source, ns, memos))
    notes = [*project.notes, *memos]
    if notes:
        notes_element = etree.SubElement(root, f"{ns}Notes")
        for note in notes:
            element = etree.SubElement(notes_element, f"{ns}Note", guid=note.guid)
            if note.name:
                _set(element, "name", note.name)
            if note.user_guid:
                element.set("creatingUser", note.user_guid)
            _text(etree.SubElement(element, f"{ns}PlainTextContent"), note.text)
    return _serialise(root)


def codebook_xml(codes: Iterable[RefiCode]) -> bytes:
    """A .qdc codebook: `CodeBook` in the codebook namespace, with the project's code tree."""
    ns = f"{{{CODEBOOK_NS}}}"
    root = etree.Element(f"{ns}CodeBook", nsmap={None: CODEBOOK_NS})
    codes_element = etree.SubElement(root, f"{ns}Codes")
    for code in codes:
        codes_element.append(_code_element(code, ns, {}))
    if not len(codes_element):
        raise RefiError("a codebook needs at least one code")
    return _serialise(root)


def qdpx_bytes(project: RefiProject) -> bytes:
    """The .qdpx archive: project.qde and each source's text as sources/GUID.txt (UTF-8)."""
    members = [("project.qde", project_xml(project))]
    members += [(f"sources/{s.guid}.txt", s.plain_text.encode()) for s in project.sources]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_qdpx(project: RefiProject, path: Path | str) -> None:
    """Write `project` as a .qdpx archive at `path`."""
    Path(path).write_bytes(qdpx_bytes(project))


def _code_element(code: RefiCode, ns: str, notes: dict[str, list[RefiNote]]) -> Any:
    element = etree.Element(f"{ns}Code", guid=code.guid)
    _set(element, "name", code.name)
    element.set("isCodable", "true" if code.is_codable else "false")
    if code.colour:
        element.set("color", code.colour)
    description = code.description
    if code.retired:
        description = f"{RETIRED_MARK} {description}" if description else RETIRED_MARK
    if description:
        _text(etree.SubElement(element, f"{ns}Description"), description)
    for note in notes.get(code.guid, ()):
        etree.SubElement(element, f"{ns}NoteRef", targetGUID=note.guid)
    for child in code.children:
        element.append(_code_element(child, ns, notes))
    return element


def _source_element(source: RefiSource, ns: str, memos: list[RefiNote]) -> Any:
    element = etree.Element(f"{ns}TextSource", guid=source.guid)
    _set(element, "name", source.name)
    element.set("plainTextPath", f"internal://{source.guid}.txt")
    for selection in source.selections:
        element.append(_selection_element(selection, source, ns, memos))
    if source.note:
        note_guid = derived_guid("source-note", source.guid)
        memos.append(RefiNote(note_guid, source.note, name=f"Memo on {source.name}"))
        etree.SubElement(element, f"{ns}NoteRef", targetGUID=note_guid)
    return element


def _selection_element(
    selection: RefiSelection, source: RefiSource, ns: str, memos: list[RefiNote]
) -> Any:
    element = etree.Element(f"{ns}PlainTextSelection", guid=selection.guid)
    _set(element, "name", _snippet(source.plain_text[selection.start : selection.end]))
    element.set("startPosition", str(selection.start))
    element.set("endPosition", str(selection.end))
    coding = etree.Element(f"{ns}Coding", guid=derived_guid("coding", selection.guid))
    for target in (element, coding):
        if selection.user_guid:
            target.set("creatingUser", selection.user_guid)
        if selection.created:
            target.set("creationDateTime", _xsd_datetime(selection.created))
    etree.SubElement(coding, f"{ns}CodeRef", targetGUID=selection.code_guid)
    element.append(coding)
    if selection.memo:
        note_guid = derived_guid("selection-memo", selection.guid)
        name = f"Memo on {source.name} [{selection.start}, {selection.end})"
        memos.append(RefiNote(note_guid, selection.memo, user_guid=selection.user_guid, name=name))
        etree.SubElement(element, f"{ns}NoteRef", targetGUID=note_guid)
    return element


def _write_cases(root: Any, ns: str, sources: Iterable[RefiSource]) -> None:
    """One Case per source with variables; every variable is typed Text."""
    with_variables = [source for source in sources if source.variables]
    if not with_variables:
        return
    names = list(dict.fromkeys(name for s in with_variables for name in s.variables))
    variables = etree.SubElement(root, f"{ns}Variables")
    for name in names:
        variable = etree.SubElement(variables, f"{ns}Variable", guid=derived_guid("variable", name))
        _set(variable, "name", name)
        variable.set("typeOfVariable", "Text")
    cases = etree.SubElement(root, f"{ns}Cases")
    for source in with_variables:
        case = etree.SubElement(cases, f"{ns}Case", guid=derived_guid("case", source.guid))
        _set(case, "name", source.name)
        for name, value in source.variables.items():
            variable_value = etree.SubElement(case, f"{ns}VariableValue")
            etree.SubElement(
                variable_value, f"{ns}VariableRef", targetGUID=derived_guid("variable", name)
            )
            _text(etree.SubElement(variable_value, f"{ns}TextValue"), value)
        etree.SubElement(case, f"{ns}SourceRef", targetGUID=source.guid)


def _check_references(project: RefiProject) -> None:
    """Refuse a project whose codings or notes point at codes or users it does not have."""
    codes = {code.guid for code in project.all_codes()}
    users = {user.guid for user in project.users}
    for source in project.sources:
        for selection in source.selections:
            if selection.code_guid not in codes:
                raise RefiError(f"{source.name}: a coding refers to an unknown code")
            if selection.user_guid is not None and selection.user_guid not in users:
                raise RefiError(f"{source.name}: a coding refers to an unknown user")
    for note in project.notes:
        if note.target_guid is not None and note.target_guid not in codes:
            raise RefiError(f"note {note.name or note.guid}: its target is not a code")


def _snippet(text: str) -> str:
    """What other tools show as a selection's name: its text, shortened with an ellipsis."""
    return text if len(text) <= SNIPPET_LENGTH else text[:SNIPPET_LENGTH] + "…"


def _xsd_datetime(moment: datetime) -> str:
    if moment.tzinfo is None:
        return moment.isoformat()
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _set(element: Any, attribute: str, value: str) -> None:
    try:
        element.set(attribute, value)
    except ValueError:  # control characters cannot appear in XML at all
        raise RefiError(f"{value[:40]!r} contains characters XML cannot hold") from None


def _text(element: Any, value: str) -> None:
    try:
        element.text = value
    except ValueError:
        raise RefiError(f"{value[:40]!r} contains characters XML cannot hold") from None


def _serialise(root: Any) -> bytes:
    # Written by hand: lxml's declaration uses single quotes, which some vendors' readers reject.
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + bytes(body)
