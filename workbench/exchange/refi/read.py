"""Read REFI-QDA projects (.qdpx, or a bare project.qde) and codebooks (.qdc) into the model.

Only text sources are imported; everything else (PDF, picture, audio and video sources,
Sets, Graphs, Links, ...) is listed in `RefiProject.skipped`, one line per kind, and every
assumption made along the way is in `RefiProject.notes_for_user`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.exchange.refi.archive import Archive, parse_xml, read_file
from workbench.exchange.refi.context import RawNote, ReadContext
from workbench.exchange.refi.elements import child, child_text, children, guid_of, local
from workbench.exchange.refi.findings import Findings
from workbench.exchange.refi.model import (
    RefiCode,
    RefiError,
    RefiNote,
    RefiProject,
    RefiSource,
    RefiUser,
    derived_guid,
)
from workbench.exchange.refi.read_codes import CodeReader
from workbench.exchange.refi.read_sources import read_text_source
from workbench.text.infile import check_regular_file
from workbench.text.normalise import normalise

_ZIP_MAGIC = b"PK\x03\x04"
_OTHER_SOURCES = {
    "PDFSource": ("PDF source", "PDF sources"),
    "PictureSource": ("picture source", "picture sources"),
    "AudioSource": ("audio source", "audio sources"),
    "VideoSource": ("video source", "video sources"),
}
_UNSUPPORTED = {
    "Links": ("Link", "link", "links"),
    "Sets": ("Set", "set", "sets"),
    "Graphs": ("Graph", "graph", "graphs"),
}


def read_qdpx(path: Path | str) -> RefiProject:
    """Read a .qdpx archive, or a bare project.qde (whose sources must then be inline)."""
    path = Path(path)
    if path.suffix.lower() == ".qde":
        return _project(parse_xml(read_file(path), str(path)), None, path)
    with Archive(path) as archive:
        return _project(archive.project_xml(), archive, path)


def read_qdc(path: Path | str) -> list[RefiCode]:
    """The code tree of a .qdc codebook, or of the codebook in a .qdpx or project.qde."""
    path = Path(path)
    if _file_head(path) == _ZIP_MAGIC:
        with Archive(path) as archive:
            root = archive.project_xml()
    else:
        root = parse_xml(read_file(path), str(path))
    if local(root) == "Project":
        codebook = child(root, "CodeBook")
        root = codebook if codebook is not None else root
    elif local(root) != "CodeBook":
        raise RefiError(
            f"not a REFI-QDA codebook: the root element is {local(root)}", source=str(path)
        )
    codes = child(root, "Codes")
    return list(CodeReader(Findings()).read(codes)) if codes is not None else []


def _file_head(path: Path) -> bytes:
    check_regular_file(path, RefiError, "cannot read")
    try:
        with path.open("rb") as file:
            return file.read(4)
    except OSError as error:
        raise RefiError(f"cannot read: {error.strerror}", source=str(path)) from None


def _project(root: Any, archive: Archive | None, path: Path) -> RefiProject:
    if local(root) != "Project":
        raise RefiError(
            f"not a REFI-QDA project: the root element is {local(root)}", source=str(path)
        )
    origin = str(root.get("origin") or "")
    findings = Findings()
    context = ReadContext(archive, origin, findings)
    for user in _children_of(root, "Users", "User"):
        guid = guid_of(user)
        if guid is None:
            findings.skip("user with a bad GUID", "users with a bad GUID", user.get("name") or "?")
            continue
        name = user.get("name") or user.get("id") or f"user {guid[:8]}"
        context.users.setdefault(guid, RefiUser(guid, str(name)))
    code_reader = CodeReader(findings)
    codebook = child(root, "CodeBook")
    codes_element = child(codebook, "Codes") if codebook is not None else None
    codes = code_reader.read(codes_element) if codes_element is not None else ()
    context.code_guids = {code.guid for top in codes for code in top.walk()}
    for variable in _children_of(root, "Variables", "Variable"):
        if (guid := guid_of(variable)) is not None:
            context.variable_names[guid] = str(variable.get("name") or guid)
    cases = child(root, "Cases")
    if cases is not None:
        context.read_cases(cases)
    _read_notes(root, context)
    sources = _read_sources(root, context)
    notes = _free_notes(context, dict(code_reader.code_notes))
    for section, (element, singular, plural) in _UNSUPPORTED.items():
        for item in _children_of(root, section, element):
            findings.skip(singular, plural, item.get("name") or item.get("guid") or "?")
    if description := child_text(root, "Description"):
        findings.skip("project description", "project descriptions", repr(description[:40]))
    context.finish()
    return RefiProject(
        name=str(root.get("name") or path.stem),
        origin=origin,
        users=tuple(context.users.values()),
        codes=codes,
        sources=tuple(sources),
        notes=notes,
        skipped=findings.skipped(),
        notes_for_user=tuple(findings.assumptions),
    )


def _children_of(root: Any, section: str, name: str) -> list[Any]:
    container = child(root, section)
    return list(children(container, name)) if container is not None else []


def _read_sources(root: Any, context: ReadContext) -> list[RefiSource]:
    sources = []
    container = child(root, "Sources")
    for index, element in enumerate(container if container is not None else ()):
        kind = local(element)
        if kind == "TextSource":
            if (source := read_text_source(element, index, context)) is not None:
                sources.append(source)
        elif kind in _OTHER_SOURCES:
            name = element.get("name") or element.get("path") or element.get("guid") or "?"
            context.findings.skip(*_OTHER_SOURCES[kind], str(name))
        else:
            context.findings.skip("unknown kind of source", "unknown kinds of source", kind)
    return sources


def _read_notes(root: Any, context: ReadContext) -> None:
    for index, note in enumerate(_children_of(root, "Notes", "Note")):
        guid = guid_of(note) or derived_guid("note", str(index))
        name = str(note.get("name") or "")
        content = child(note, "PlainTextContent")
        text = str(content.text or "") if content is not None else ""
        if not text and note.get("plainTextPath"):
            try:
                data = context.member(note.get("plainTextPath"))
            except RefiError as error:  # a damaged member loses this note, not the project
                context.findings.skip("note", "notes", f"{name or guid} ({error.message})")
                continue
            text = data.decode("utf-8", errors="replace") if data is not None else ""
        text = normalise(text)
        if not text and (description := child_text(note, "Description")):
            text = normalise(description)
        for _selection in children(note, "PlainTextSelection"):
            context.findings.skip("selection in a note", "selections in notes", name or guid)
        user = guid_of(note, "creatingUser")
        context.notes[guid] = RawNote(name, text, user if user in context.users else None)


def _free_notes(context: ReadContext, code_of_note: dict[str, str]) -> tuple[RefiNote, ...]:
    """Notes not folded into a source's or selection's memo: about a code, or the project."""
    return tuple(
        RefiNote(guid, note.text, code_of_note.get(guid), note.user_guid, note.name)
        for guid, note in context.notes.items()
        if guid not in context.taken_notes
    )
