"""Splitting a code: some of its codings move to a new code, the rest stay."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from workbench.codebook.checks import check_free, check_name, check_typed, require_why
from workbench.errors import CodebookError, one_line
from workbench.store.codebook_rows import CodeFields, write_code
from workbench.store.codeindex import CodeIndex
from workbench.store.project import Project
from workbench.store.split_rows import CodedPassage, coded_passages, move_codings
from workbench.text.csvfile import read_rows

CHOSEN_COLUMNS = ("transcript", "coder", "start", "end")


@dataclass(frozen=True)
class ChosenCoding:
    """A coding named in a file: which of the code's codings to move, and the line naming it."""

    transcript: str
    coder: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class SplitResult:
    new_path: str
    moved: int
    stayed: int


def read_chosen(path: Path) -> list[ChosenCoding]:
    """The codings a CSV names (`transcript,coder,start,end`, e.g. from `codings export`)."""
    _header, rows = read_rows(path, CHOSEN_COLUMNS, CodebookError)
    chosen = []
    for line, row in rows:
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise CodebookError(
                "start and end must be whole numbers", source=str(path), line=line
            ) from None
        chosen.append(ChosenCoding(row["transcript"], row["coder"].strip(), start, end, line))
    if not chosen:
        raise CodebookError("names no coding", source=str(path))
    return chosen


def split(
    project: Project,
    reference: str,
    new: str,
    why: str,
    *,
    pattern: str | None = None,
    chosen: list[ChosenCoding] | None = None,
    source: str = "",
) -> SplitResult:
    """Make code `new` (a name beside the code, or a Parent/Child path) and move to it the
    codings whose passage matches `pattern` (a regular expression, any case), or those
    `chosen` names (from `source`); the others stay. All or nothing, logged with why."""
    require_why(why)
    check_typed(project, why=why, new=new)
    if (pattern is None) == (chosen is None):
        raise CodebookError("say which codings move: --move-if PATTERN or --codings-from FILE")
    matcher = _compiled(pattern) if pattern is not None else None
    with project.writing() as session:
        index = CodeIndex(session)
        code = index.resolve(reference)
        old = index.path(code)
        if code.status != "active":
            raise CodebookError(f"CODE: '{old}' is {code.status}; only an active code splits")
        parent_path, _, name = new.strip().strip("/").rpartition("/")
        name = name.strip()
        check_name(name)
        parent = index.resolve(parent_path) if parent_path else None
        parent_id = parent.id if parent else code.parent_id if "/" not in new else None
        check_free(index, parent_id, name)
        passages = coded_passages(session, code.id)
        if matcher is not None:
            moving = [p for p in passages if matcher.search(p.passage)]
            if not moving:
                raise CodebookError(
                    f"--move-if '{one_line(str(pattern))[:60]}' matches none of the "
                    f"{len(passages)} coding(s) of '{old}': nothing was split"
                )
        else:
            moving = _named(passages, chosen or [], old, source)
        row = write_code(session, None, CodeFields(name, parent_id, len(index.children(parent_id))))
        move_codings(session, [p.id for p in moving], row.id)
        index = CodeIndex(session)
        new_path = index.path(row)
        detail = {
            "into": new_path,
            "moved": len(moving),
            "stayed": len(passages) - len(moving),
            "codings": [[p.transcript, p.coder, p.start, p.end] for p in moving],
        }
        project.log(session, "codebook.split", old, json.dumps(detail, ensure_ascii=False), why)
        return SplitResult(new_path, len(moving), len(passages) - len(moving))


def _compiled(pattern: str) -> re.Pattern[str]:
    if not pattern:
        raise CodebookError("--move-if: an empty pattern matches every coding; name some text")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as error:
        raise CodebookError(f"--move-if: not a regular expression ({error})") from error


def _named(
    passages: list[CodedPassage], chosen: list[ChosenCoding], code: str, source: str
) -> list[CodedPassage]:
    """The codings of the code that `chosen` names; a line naming none of them is refused."""
    by_key = {(p.transcript, p.coder, p.start, p.end): p for p in passages}
    found: dict[int, CodedPassage] = {}
    for item in chosen:
        passage = by_key.get((item.transcript, item.coder, item.start, item.end))
        if passage is None:
            raise CodebookError(
                f"no coding of '{code}' by {item.coder} on [{item.start}, {item.end}) in "
                f"'{item.transcript}'",
                source=source,
                line=item.line,
            )
        found[passage.id] = passage
    return list(found.values())
