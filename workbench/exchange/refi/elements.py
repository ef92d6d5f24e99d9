"""Small helpers for reading QDA-XML elements by local name, whatever namespace a tool used."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from workbench.exchange.refi.model import normalise_guid


def local(element: Any) -> str:
    """The tag without its namespace: '{urn:...}Code' -> 'Code' (a string cut, not a QName:
    this runs for every element of a 20,000-coding project)."""
    return str(element.tag).rpartition("}")[2]


def children(element: Any, name: str) -> Iterator[Any]:
    """Direct children called `name` (in any namespace, or none: some tools omit it)."""
    for candidate in element:
        tag = candidate.tag
        if isinstance(tag, str) and tag.rpartition("}")[2] == name:
            yield candidate


def child(element: Any, name: str) -> Any | None:
    return next(children(element, name), None)


def child_text(element: Any, name: str) -> str:
    found = child(element, name)
    return str(found.text or "") if found is not None else ""


def guid_of(element: Any, attribute: str = "guid") -> str | None:
    value = element.get(attribute)
    return normalise_guid(value) if value else None


def note_refs(element: Any) -> list[str]:
    """The notes an element's `NoteRef` children point at, as normalised GUIDs."""
    return [guid for ref in children(element, "NoteRef") if (guid := guid_of(ref, "targetGUID"))]


def parse_datetime(value: str | None) -> datetime | None:
    """An xsd:dateTime ('2018-03-27T19:29:27Z', .NET's seven fraction digits too) or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
