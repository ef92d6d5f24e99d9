"""Transcript attributes (group, number, year...) from a CSV whose first column is `transcript`."""

from __future__ import annotations

import json
from collections.abc import Container, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.anonymise.gate import FieldScreen, project_fields, refusal
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.errors import WorkbenchError
from workbench.store.attributes import set_attribute_values
from workbench.store.project import Project
from workbench.store.transcript_rows import transcript_ids
from workbench.text.csvfile import read_rows

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class AttributesSet:
    values: int  # attribute values set
    skipped: list[str]  # one warning per row naming a transcript not in the project


def import_attributes(
    project: Project, path: Path, *, pseudonyms: Path | None = None, allow_identifiers: bool = False
) -> AttributesSet:
    """Set attributes from a CSV whose first column is `transcript`, its values through the
    anonymisation gate (refused if they hold identifiers, unless allowed)."""
    fields = project_fields(project, PseudonymTable.load(pseudonyms) if pseudonyms else None)
    with project.session() as session:
        result = apply_attributes(project, session, path, fields)
        if fields.findings and not allow_identifiers:
            raise refusal(
                fields.findings, "the attribute values", "pass --pseudonyms TABLE to replace them"
            )
        return result


ATTRIBUTE_NAME_MAX = 100  # the column's length: PostgreSQL refuses longer values

# Columns the exports and reports make: an attribute of one of these names would overwrite it.
RESERVED_ATTRIBUTES = frozenset(
    {
        *("transcript", "name", "code", "theme", "coder", "speaker", "utterance", "unit"),
        *("start", "end", "memo", "text", "segments", "transcripts", "words"),
        *("transcript_id", "code_id", "coder_id"),
    }
)


def apply_attributes(
    project: Project, session: Session, path: Path, fields: FieldScreen
) -> AttributesSet:
    """Rows for transcripts not (yet) in the project are skipped with a warning, so that one
    study-wide file serves every batch; a file none of whose rows fits is refused. Values
    and the file's name pass through `fields`; the caller refuses what it found."""
    names, rows = _read_attribute_file(path)
    values, skipped = _values_of_known_transcripts(
        path, names, rows, transcript_ids(session), fields.table
    )
    file_name = fields.file_name(path.name, f"{path} (file name)")
    values = [
        (tid, name, fields.text(value, f"{file_name} (attribute {name} of a transcript)"))
        for tid, name, value in values
    ]
    count = set_attribute_values(session, values)
    project.log(session, "attributes.import", file_name, json.dumps({"values": count}))
    return AttributesSet(count, skipped)


def _read_attribute_file(path: Path) -> tuple[list[str], Iterable[tuple[int, dict[str, str]]]]:
    """The attribute names (the header after `transcript`, each checked) and the rows."""
    header, rows = read_rows(path, ("transcript",))
    if header[0] != "transcript":
        raise WorkbenchError("the first column must be 'transcript'", source=str(path), line=1)
    names = header[1:]
    if not names:
        raise WorkbenchError("no attribute columns after 'transcript'", source=str(path), line=1)
    for name in names:
        if len(name) > ATTRIBUTE_NAME_MAX:
            raise WorkbenchError(
                f"an attribute name has at most {ATTRIBUTE_NAME_MAX} characters",
                source=str(path),
                line=1,
            )
        if name in RESERVED_ATTRIBUTES:
            raise WorkbenchError(
                f"'{name}' cannot be an attribute: exports and reports have a column of that "
                "name; call it something else (e.g. 'role' or 'label')",
                source=str(path),
                line=1,
            )
    return names, rows


def _values_of_known_transcripts(
    path: Path,
    names: list[str],
    rows: Iterable[tuple[int, dict[str, str]]],
    transcripts: dict[str, int],
    table: PseudonymTable | None,
) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(transcript id, attribute, value) of every non-blank cell of a row naming a
    transcript of the project, and a warning per row naming none."""
    seen: set[str] = set()
    values: list[tuple[int, str, str]] = []
    skipped: list[str] = []
    for line, row in rows:
        transcript = as_named(row["transcript"], transcripts, table)
        if transcript not in transcripts:
            skipped.append(f"{path}:{line}: no transcript named '{transcript}' (row skipped)")
            continue
        if transcript in seen:
            raise WorkbenchError(f"'{transcript}' appears twice", source=str(path), line=line)
        seen.add(transcript)
        for attribute in names:
            value = row[attribute].strip()
            if value:
                values.append((transcripts[transcript], attribute, value))
    if skipped and not seen:
        raise WorkbenchError(
            "no row names a transcript in the project (is it the right file?)", source=str(path)
        )
    return values, skipped


def as_named(cell: str, names: Container[str], table: PseudonymTable | None = None) -> str:
    """The name a CSV cell means: as written when the project has that name (one stored
    with spaces around it by an older version then comes back from its export), else
    stripped, as cells typed in a spreadsheet need, else (with a table) as the gate stored
    the file's name ("interview_ali" as "interview_[Respondent D]")."""
    if cell in names or cell.strip() in names or table is None:
        return cell if cell in names else cell.strip()
    return FieldScreen(table).label(cell.strip(), "")
