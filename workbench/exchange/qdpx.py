"""A project as a REFI-QDA exchange project and back: what `export qdpx` and `import X.qdpx` do.

The REFI-QDA model has no place for some of ours, so they travel in places other tools show:
a code's include / exclude / example texts and shortcut key as labelled lines after its
description; a coder's memo on a transcript as a free note named after the transcript, by that
coder; a code memo as a note on the code. Merged codes go out as retired ones (their codings
were moved already). Reading the same conventions back gives the same project.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from workbench.domain import (
    ProjectSnapshot,
    SnapshotCode,
    SnapshotCoding,
    SnapshotMemo,
    SnapshotTranscript,
)
from workbench.errors import WorkbenchError
from workbench.exchange.refi.model import (
    RefiCode,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    derived_guid,
)
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot
from workbench.transcripts.plain import utterances_of

ORIGIN = "workbench"
# Where our code texts go in a REFI-QDA description, one labelled line each.
CODE_FIELDS = (
    ("include", "Include"),
    ("exclude", "Exclude"),
    ("example", "Example"),
    ("key", "Shortcut key"),
)
SUFFIXES = (".txt", ".md", ".docx", ".odt", ".vtt", ".srt", ".rtf", ".pdf")
NAME_MAX = 200  # a transcript name's column length
CODE_NAME_MAX = 200  # the code name column's length
CODER_NAME_MAX = 100  # the coder name column's length


# -- out ------------------------------------------------------------------------------------------


def export_refi(project: Project, name: str) -> RefiProject:
    """The whole project as a RefiProject named `name`."""
    return snapshot_to_refi(read_snapshot(project), name)


def snapshot_to_refi(snapshot: ProjectSnapshot, name: str) -> RefiProject:
    users = {coder: RefiUser(_user_guid(coder), coder) for coder in snapshot.coders}
    children: dict[str | None, list[SnapshotCode]] = {}
    for code in snapshot.codes:
        children.setdefault(code.parent_guid, []).append(code)

    def tree(parent: str | None) -> tuple[RefiCode, ...]:
        return tuple(
            RefiCode(
                guid=code.guid,
                name=code.name,
                children=tree(code.guid),
                colour=code.colour.lower() if code.colour else None,
                description=description_of(code),
                retired=code.status != "active",
            )
            for code in sorted(children.get(parent, []), key=lambda c: c.position)
        )

    codings: dict[str, list[SnapshotCoding]] = {}
    for coding in snapshot.codings:
        codings.setdefault(coding.transcript, []).append(coding)
    sources = tuple(
        RefiSource(
            guid=_source_guid(t.name),
            name=t.name,
            plain_text=t.text,
            selections=tuple(
                RefiSelection(
                    guid=derived_guid(
                        "coding", t.name, c.code_guid, c.coder, str(c.start), str(c.end)
                    ),
                    start=c.start,
                    end=c.end,
                    code_guid=c.code_guid,
                    user_guid=users[c.coder].guid,
                    created=c.created_at,
                    memo=c.memo,
                )
                for c in codings.get(t.name, [])
            ),
            variables=dict(t.attributes),
        )
        for t in snapshot.transcripts
    )
    notes = tuple(
        RefiNote(
            guid=derived_guid("memo", str(number)),
            text=memo.text,
            target_guid=memo.code_guid,
            user_guid=users[memo.coder].guid if memo.coder else None,
            name=memo.transcript or "",
        )
        for number, memo in enumerate(snapshot.memos)
        if memo.text
    )
    return RefiProject(
        name=name,
        origin=ORIGIN,
        users=tuple(users.values()),
        codes=tree(None),
        sources=sources,
        notes=notes,
    )


def description_of(code: SnapshotCode) -> str:
    """The description, then our other code texts as `Label: value` lines."""
    lines = [
        f"{label}: {value}"
        for field, label in CODE_FIELDS
        if (value := getattr(code, field)) and "\n" not in value
    ]
    if code.status == "merged":
        lines.append("Merged into another code")
    tail = "\n".join(lines)
    return f"{code.description}\n\n{tail}".strip() if tail else code.description


# -- in -------------------------------------------------------------------------------------------


def refi_to_snapshot(refi: RefiProject, origin: str = "") -> tuple[ProjectSnapshot, list[str]]:
    """A snapshot of what `refi` (read from the file `origin`) holds, and notes for the user on
    how it was read. A name too long for the project is an error naming `origin`."""
    notes: list[str] = []
    users = _coder_names(refi.users, origin, notes)
    codes: list[SnapshotCode] = []

    def visit(items: tuple[RefiCode, ...], parent: str | None) -> None:
        for position, code in enumerate(items):
            texts = code_texts(code, origin)
            codes.append(
                SnapshotCode(
                    guid=code.guid,
                    name=texts.name,
                    parent_guid=parent,
                    position=position,
                    key=texts.key,
                    colour=code.colour,
                    description=texts.description,
                    include=texts.include,
                    exclude=texts.exclude,
                    example=texts.example,
                    status="retired" if code.retired else "active",
                )
            )
            visit(code.children, code.guid)

    visit(refi.codes, None)
    folders = sum(not code.is_codable for code in refi.all_codes())
    if folders:
        notes.append(
            f"{folders} code folder(s) (not codable in {refi.origin or 'the source'}) became codes"
        )
    if any("/" in code.name for code in refi.all_codes()):
        notes.append("'/' in code names became '-' ('/' separates a code path here)")
    transcripts: list[SnapshotTranscript] = []
    codings: list[SnapshotCoding] = []
    names: dict[str, str] = {}  # source guid -> transcript name
    taken: set[str] = set()
    for source in refi.sources:
        name = transcript_name(source.name, taken)
        if name != _stem(source.name):
            notes.append(f"source '{source.name}' became transcript '{name}' (names are unique)")
        taken.add(name)
        names[source.guid] = name
        transcripts.append(
            SnapshotTranscript(
                name=name,
                text=source.plain_text,
                sha256=hashlib.sha256(source.plain_text.encode("utf-8")).hexdigest(),
                source_name=source.name[:500],
                source_format="qdpx",
                utterances=utterances_of(source.plain_text, source.name),
                attributes=dict(source.variables),
            )
        )
        codings += [
            SnapshotCoding(
                transcript=name,
                code_guid=selection.code_guid,
                coder=users.get(selection.user_guid or "", refi.origin or "imported"),
                start=selection.start,
                end=selection.end,
                memo=selection.memo,
                created_at=selection.created,
            )
            for selection in source.selections
        ]
    memos: list[SnapshotMemo] = []
    by_name = {t.name for t in transcripts}
    for note in refi.notes:
        transcript = _stem(note.name) if note.target_guid is None else None
        memos.append(
            SnapshotMemo(
                transcript=transcript if transcript in by_name else None,
                code_guid=note.target_guid,
                coder=users.get(note.user_guid) if note.user_guid else None,
                text=note.text
                if transcript in by_name or not note.name
                else f"{note.name}: {note.text}",
            )
        )
    coders = sorted({*users.values(), *(c.coder for c in codings)})
    statuses = {(c.transcript, c.coder): "in_progress" for c in codings}
    snapshot = ProjectSnapshot(
        codes=tuple(codes),
        coders=tuple(coders),
        transcripts=tuple(transcripts),
        codings=tuple(codings),
        memos=tuple(memos),
        statuses=statuses,
        # The project's name names the codebook here (a project that has one keeps it).
        settings={"codebook.name": refi.name.strip()} if refi.name.strip() else {},
    )
    return snapshot, notes


def _coder_names(users: tuple[RefiUser, ...], source: str, notes: list[str]) -> dict[str, str]:
    """user guid -> coder name: unique (two users of one name stay two coders), and refused
    when too long for the project."""
    names: dict[str, str] = {}
    for user in users:
        name = user.name.strip() or f"user {user.guid[:8]}"
        if len(name) > CODER_NAME_MAX:
            raise WorkbenchError(
                f"user name '{name[:40]}...' has over {CODER_NAME_MAX} characters (a coder name "
                "has at most that)",
                source=source or None,
            )
        taken, number = name, 2
        while name in names.values():
            name = f"{taken} ({number})"
            number += 1
        if name != taken:
            notes.append(f"two users are named '{taken}': the second became coder '{name}'")
        names[user.guid] = name
    return names


@dataclass(frozen=True)
class CodeTexts:
    """A REFI-QDA code's name and texts as our code holds them."""

    name: str
    key: str | None
    description: str
    include: str
    exclude: str
    example: str


def code_texts(code: RefiCode, origin: str) -> CodeTexts:
    """The name ('/' separates a path here, so it becomes '-') and our labelled lines taken
    back out of the description; a name too long for the project names the file."""
    if len(code.name) > CODE_NAME_MAX:
        raise WorkbenchError(
            f"code name '{code.name[:40]}...' has over {CODE_NAME_MAX} characters",
            source=origin or None,
        )
    description, fields = split_description(code.description)
    return CodeTexts(
        name=code.name.replace("/", "-").strip() or "unnamed",
        key=fields.get("key"),
        description=description,
        include=fields.get("include", ""),
        exclude=fields.get("exclude", ""),
        example=fields.get("example", ""),
    )


def split_description(text: str) -> tuple[str, dict[str, str]]:
    """Our labelled lines back out of a description written by `description_of`."""
    head, _, tail = text.rpartition("\n\n")
    lines = (tail if head or tail else text).splitlines()
    by_label = {label: field for field, label in CODE_FIELDS}
    fields: dict[str, str] = {}
    for line in lines:
        label, _, value = line.partition(": ")
        if line == "Merged into another code":
            continue
        if label not in by_label or not value:
            return text, {}
        fields[by_label[label]] = value
    if "key" in fields and len(fields["key"]) != 1:
        return text, {}
    return head, fields


def transcript_name(source_name: str, taken: set[str]) -> str:
    """A source's name as a transcript name: without a file suffix, unique, not too long."""
    base = _stem(source_name).strip()[:NAME_MAX] or "source"
    name, number = base, 2
    while name in taken:
        name = f"{base[: NAME_MAX - 6]} ({number})"
        number += 1
    return name


def _stem(name: str) -> str:
    path = Path(name)
    return path.stem if path.suffix.lower() in SUFFIXES else name


def _user_guid(coder: str) -> str:
    return derived_guid("coder", coder)


def _source_guid(transcript: str) -> str:
    return derived_guid("transcript", transcript)
