"""An exchange project as REFI-QDA sees it: users, a code tree, text sources, codings, notes.

These are plain frozen dataclasses, independent of the database. GUIDs are always lowercase
without braces (`normalise_guid`); texts are normalised as `workbench.text.normalise` does, so
positions are Unicode code points into exactly the text that is stored and shown, end
exclusive.

Retired codes: REFI-QDA has no notion of them. We mark a retired code by starting its
`Description` with `RETIRED_MARK` ("[retired]"), followed by a space and the description if
there is one. Other tools simply show a code whose description says it is retired; our reader
strips the mark and sets `retired`. The mark lives in the description (not in a Set) because a
`.qdc` codebook, checked against the project schema's `CodeBookType`, cannot carry Sets.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from workbench.errors import WorkbenchError

RETIRED_MARK = "[retired]"
# Derived GUIDs (codings, memo notes, cases, variables) come from uuid5 in this namespace, so
# exporting the same project twice gives the same file.
WORKBENCH_NAMESPACE = uuid.UUID("6a1f3c52-6f0e-4d7b-9b1a-2f4e8c0d5a17")

_GUID = re.compile(
    r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?"
)
_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_COLOUR = re.compile(r"#[0-9a-f]{6}")


class RefiError(WorkbenchError):
    """A REFI-QDA file that cannot be read or a project that cannot be written."""


def normalise_guid(value: str) -> str | None:
    """'{ABCD...}' -> 'abcd...': lowercase, no braces; None if `value` is not a GUID."""
    value = value.strip()
    match = _GUID.fullmatch(value)
    if match is None or value.startswith("{") != value.endswith("}"):  # '{abc...' is damaged
        return None
    return match.group(1).lower()


def derived_guid(kind: str, *parts: str) -> str:
    """A stable GUID for something the model has no GUID of its own for (a coding, a memo)."""
    return str(uuid.uuid5(WORKBENCH_NAMESPACE, ":".join((kind, *parts))))


def _check_guid(guid: str, what: str) -> None:
    if not _CANONICAL_GUID.fullmatch(guid):
        raise RefiError(f"{what} has GUID {guid!r}; expected lowercase, without braces")


@dataclass(frozen=True)
class RefiUser:
    guid: str
    name: str

    def __post_init__(self) -> None:
        _check_guid(self.guid, f"user {self.name!r}")


@dataclass(frozen=True)
class RefiCode:
    """A code or, with `is_codable=False`, a folder of codes."""

    guid: str
    name: str
    children: tuple[RefiCode, ...] = ()
    colour: str | None = None  # '#rrggbb', lowercase
    description: str = ""
    is_codable: bool = True
    retired: bool = False

    def __post_init__(self) -> None:
        _check_guid(self.guid, f"code {self.name!r}")
        if self.colour is not None and not _COLOUR.fullmatch(self.colour):
            raise RefiError(f"code {self.name!r} has colour {self.colour!r}; expected '#rrggbb'")

    def walk(self) -> Iterator[RefiCode]:
        """This code and every code below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class RefiSelection:
    """One code applied to [start, end) of a source's text, by one user."""

    guid: str
    start: int
    end: int
    code_guid: str
    user_guid: str | None = None
    created: datetime | None = None
    memo: str = ""

    def __post_init__(self) -> None:
        _check_guid(self.guid, "selection")
        if not 0 <= self.start < self.end:
            raise RefiError(f"selection {self.guid} spans [{self.start}, {self.end})")


@dataclass(frozen=True)
class RefiSource:
    """A text source; `variables` are its case's attribute values, as text."""

    guid: str
    name: str
    plain_text: str
    selections: tuple[RefiSelection, ...] = ()
    variables: Mapping[str, str] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        _check_guid(self.guid, f"source {self.name!r}")
        for selection in self.selections:
            if selection.end > len(self.plain_text):
                raise RefiError(
                    f"source {self.name!r}: selection {selection.guid} ends at {selection.end},"
                    f" after the end of the text ({len(self.plain_text)})"
                )


@dataclass(frozen=True)
class RefiNote:
    """A memo. `target_guid` names the code it is about, or None for the whole project.

    Memos on a source or a selection are that object's `note`/`memo`, not RefiNotes.
    """

    guid: str
    text: str
    target_guid: str | None = None
    user_guid: str | None = None
    name: str = ""

    def __post_init__(self) -> None:
        _check_guid(self.guid, f"note {self.name!r}")


@dataclass(frozen=True)
class RefiProject:
    """A whole exchange project, plus what reading it skipped or had to assume."""

    name: str
    origin: str = ""
    users: tuple[RefiUser, ...] = ()
    codes: tuple[RefiCode, ...] = ()
    sources: tuple[RefiSource, ...] = ()
    notes: tuple[RefiNote, ...] = ()
    skipped: tuple[str, ...] = ()  # what was not imported, one line per kind
    notes_for_user: tuple[str, ...] = ()  # what the reader assumed (line-end convention...)

    def all_codes(self) -> Iterator[RefiCode]:
        for code in self.codes:
            yield from code.walk()
