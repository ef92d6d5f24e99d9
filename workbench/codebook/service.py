"""Codebook operations on a project: load, create, and recorded evolution (edit...retire)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from workbench.codebook.checks import (
    check_colour,
    check_free,
    check_key,
    check_name,
    check_typed,
    require_why,
)
from workbench.codebook.files import TEXT_FIELDS, CodebookSpec, CodeSpec
from workbench.codebook.history import log_arrival

# The reads, for the callers that find every codebook operation here.
from workbench.codebook.reading import code_info as code_info
from workbench.codebook.reading import coder_totals as coder_totals
from workbench.codebook.reading import codes as codes
from workbench.codebook.reading import coding_counts as coding_counts
from workbench.codebook.reading import theme_counts as theme_counts
from workbench.domain import CodeInfo
from workbench.errors import CodebookError
from workbench.store.codebook_rows import (
    CodeFields,
    coding_count,
    free_names,
    merge_codings,
    write_code,
    write_setting,
)
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import codings_by_key
from workbench.store.project import Project

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code


def load(
    project: Project, spec: CodebookSpec, source: str, logged_as: str | None = None
) -> tuple[int, int]:
    """Add the file's codes and update the ones already there (matched by guid, then path).

    Codes in the project but not in the file stay as they are: loading never deletes.
    Errors name `source`; the audit log `logged_as` (the name as the gate left it), else
    `source`. Returns (created, updated).
    """
    with project.writing() as session:
        index = CodeIndex(session)
        _check_keys(spec, index, source)
        matched = _match_codes(spec, index)
        _check_siblings(spec, matched, index, source)
        before = {row.id: _state(index, row) for row in matched.values() if row is not None}
        # Matched codes may swap names: free every name before giving the new ones.
        free_names(session, [row for row in matched.values() if row is not None])
        created, updated, written = _write_codes(session, spec, matched)
        _restore_history(session, spec, matched, written, source)
        write_setting(session, "codebook.name", spec.name)
        write_setting(session, "codebook.description", spec.description)
        # The new codes and the ones it changed, by path: the codebook's history says when
        # each code appeared, and which the file changed.
        index = CodeIndex(session)
        new = [
            index.path(written[id(item)]) for _path, item in spec.walk() if not matched[id(item)]
        ]
        changed = [
            index.path(row)
            for row in dict.fromkeys(r for r in matched.values() if r is not None)
            if _state(index, row) != before[row.id]
        ]
        log_arrival(project, session, logged_as or source, new, updated, changed=changed)
    return created, updated


def _state(index: CodeIndex, code: Code) -> tuple[object, ...]:
    """What a load may change of a code: where it is, its key, colour, status and texts."""
    return (index.path(code), code.key, code.colour, code.status,
            *(getattr(code, name) for name in TEXT_FIELDS))  # fmt: skip


def _check_keys(spec: CodebookSpec, index: CodeIndex, source: str) -> None:
    """Refuse a file that gives a code a key an active project code it does not name has."""
    file_keys = {c.key: path for path, c in spec.walk() if c.key}
    for code in index.codes:
        path = index.path(code)
        owner = file_keys.get(code.key) if code.key else None
        if owner is not None and owner != path and code.status == "active":
            line = next(c.key_line for p, c in spec.walk() if p == owner)
            raise CodebookError(
                f"key '{code.key}' of '{owner}' is taken by '{path}' in the project",
                source=source,
                line=line,
            )


def _match_codes(spec: CodebookSpec, index: CodeIndex) -> dict[int, Code | None]:
    """Which project code each entry of the file is (by `id()` of the entry; None: a new
    code): the one with its guid, else the one at its path."""
    by_guid = {code.guid.lower(): code for code in index.codes}
    by_path = {index.path(code): code for code in index.codes}
    # A code the file names by guid is that code, wherever the file puts it: no other
    # entry may take it by its old path (a rename plus a new code under the old name).
    by_file_guid = {
        row.id
        for _path, item in spec.walk()
        if item.guid and (row := by_guid.get(item.guid.lower())) is not None
    }
    matched: dict[int, Code | None] = {}
    for path, item in spec.walk():
        row = by_guid.get(item.guid.lower()) if item.guid else None
        if row is None and (old := by_path.get(path)) is not None:
            row = old if old.id not in by_file_guid else None
        matched[id(item)] = row
    return matched


def _write_codes(
    session: Session, spec: CodebookSpec, matched: dict[int, Code | None]
) -> tuple[int, int, dict[int, Code]]:
    """Write every entry of the file onto its code (or a new one): (created, updated, the
    code of each entry)."""
    created = updated = 0
    written: dict[int, Code] = {}

    def place(items: list[CodeSpec], parent_id: int | None) -> None:
        nonlocal created, updated
        for position, item in enumerate(items):
            row = matched[id(item)]
            if row is None:
                created += 1
            else:
                updated += 1
            # A merged or retired code keeps no key: it cannot apply anything.
            keyless = item.status != "active" or (
                row is not None and row.status in ("merged", "retired")
            )
            fields = CodeFields(
                name=item.name,
                parent_id=parent_id,
                position=position,
                key=None if keyless else item.key,
                colour=item.colour,
                **{name: getattr(item, name) for name in TEXT_FIELDS},
            )
            row = write_code(session, row, fields, guid=item.guid)
            written[id(item)] = row
            place(item.children, row.id)

    place(spec.codes, None)
    return created, updated, written


def _restore_history(
    session: Session,
    spec: CodebookSpec,
    matched: dict[int, Code | None],
    written: dict[int, Code],
    source: str,
) -> None:
    """Give the file's new retired and merged codes that status (a merged one its target).
    A code the project had already keeps its status, and may not differ from the file:
    retiring and merging are done by their commands, which check and log them."""
    index = CodeIndex(session)
    for path, item in spec.walk():
        row = written[id(item)]
        if item.status == "active" or row.status == item.status:
            continue
        if matched[id(item)] is not None:
            raise CodebookError(
                f"'{path}' is {row.status} in the project but {item.status} in the file; "
                f"use `workbench codebook {'merge' if item.status == 'merged' else 'retire'}`",
                source=source,
                line=item.line,
            )
        if item.status == "merged":
            target = index.find(item.merged_into or "")
            if target is None or target.id == row.id:
                raise CodebookError(
                    f"'{path}' is merged into '{item.merged_into}', which the codebook lacks",
                    source=source,
                    line=item.line,
                )
            row.merged_into_id = target.id
        row.status, row.key = item.status, None


def _check_siblings(
    spec: CodebookSpec, matched: dict[int, Code | None], index: CodeIndex, source: str
) -> None:
    """Refuse a load after which two codes under one parent would share a name."""
    placed = {row.id for row in matched.values() if row is not None}
    taken: dict[tuple[object, str], str] = {}  # (parent, name) -> who has it
    for code in index.codes:  # project codes the file leaves where they are
        if code.id not in placed:
            taken[(code.parent_id, code.name)] = f"'{index.path(code)}' in the project"

    def visit(items: list[CodeSpec], parent: object, prefix: str) -> None:
        for item in items:
            path = f"{prefix}{item.name}"
            if (parent, item.name) in taken:
                raise CodebookError(
                    f"'{path}' would have the name of {taken[(parent, item.name)]}",
                    source=source,
                    line=item.line,
                )
            taken[(parent, item.name)] = f"'{path}' (line {item.line})"
            row = matched[id(item)]
            visit(item.children, row.id if row is not None else ("new", id(item)), f"{path}/")

    visit(spec.codes, None, "")


def create(
    project: Project, path: str, why: str = "", *, in_vivo: bool = False, **fields: str | None
) -> CodeInfo:
    """Add one code at `path` (its parent must exist); `in_vivo` when it is named from a
    passage while coding (the log keeps that, for the codebook's history)."""
    parent_path, _, name = path.strip().strip("/").rpartition("/")
    name = name.strip()  # as load and rename store names
    check_name(name)
    check_typed(project, why=why, name=name, description=str(fields.get("description") or ""))
    with project.writing() as session:
        index = CodeIndex(session)
        try:
            parent = index.resolve(parent_path) if parent_path else None
        except CodebookError as error:  # the parent named is the value to fix
            raise CodebookError(error.message, field="parent") from None
        check_free(index, parent.id if parent else None, name)
        if fields.get("key"):
            check_key(index, str(fields["key"]))
        if fields.get("colour"):
            check_colour(str(fields["colour"]))
        given: dict[str, Any] = {
            field_name: value or ("" if field_name in TEXT_FIELDS else None)
            for field_name, value in fields.items()
        }
        parent_id = parent.id if parent else None
        position = len(index.children(parent_id))
        row = write_code(session, None, CodeFields(name, parent_id, position, **given))
        index = CodeIndex(session)
        detail = json.dumps({"in_vivo": True}) if in_vivo else ""
        project.log(session, "codebook.create", index.path(row), detail, why)
        return index.info(row)


def edit(
    project: Project,
    reference: str,
    why: str,
    *,
    name: str,
    key: str | None,
    colour: str | None,
    description: str,
) -> CodeInfo:
    """Set a code's name, key, colour and definition at once; a rename is logged as one."""
    require_why(why)
    name, key, colour = name.strip(), (key or "").strip() or None, (colour or "").strip() or None
    check_name(name)
    check_typed(project, why=why, name=name, description=description)
    with project.writing() as session:
        index = CodeIndex(session)
        code = index.resolve(reference)
        old = index.path(code)
        check_free(index, code.parent_id, name, code)
        if key is not None and key != code.key:
            if code.status != "active":
                raise CodebookError(f"'{old}' is {code.status}; it takes no key")
            check_key(index, key, owner=code)
        if colour is not None:
            check_colour(colour)
        given = {"key": key, "colour": colour, "description": description}
        changed = {f: [getattr(code, f), v] for f, v in given.items() if getattr(code, f) != v}
        if name == code.name and not changed:
            raise CodebookError(f"nothing to change on '{old}'")
        for field_name, (_old_value, new_value) in changed.items():
            setattr(code, field_name, new_value)
        if name != code.name:
            _rename(project, session, index, code, name, why)
        if changed:
            detail = json.dumps(changed, ensure_ascii=False)
            project.log(session, "codebook.edit", index.path(code), detail, why)
        return index.info(code)


def rename(project: Project, reference: str, new_name: str, why: str) -> str:
    require_why(why)
    new_name = new_name.strip()
    check_name(new_name)
    check_typed(project, why=why, new_name=new_name)
    with project.writing() as session:
        index = CodeIndex(session)
        code = index.resolve(reference)
        check_free(index, code.parent_id, new_name, code)
        return _rename(project, session, index, code, new_name, why)


def _rename(
    project: Project, session: Session, index: CodeIndex, code: Code, name: str, why: str
) -> str:
    """Give a checked, free name to `code` and log the rename; its new path."""
    old = index.path(code)
    code.name = name
    index.changed()
    new = index.path(code)
    project.log(session, "codebook.rename", old, json.dumps({"to": new}), why)
    return new


def move(project: Project, reference: str, new_parent: str | None, why: str) -> str:
    """Move a code (with its children) under `new_parent`, or to the top level when None."""
    require_why(why)
    check_typed(project, why=why)
    with project.writing() as session:
        index = CodeIndex(session)
        code = index.resolve(reference)
        old = index.path(code)
        parent = index.resolve(new_parent) if new_parent else None
        if parent is not None and parent.status != "active":
            raise CodebookError(
                f"'{index.path(parent)}' is {parent.status}; move under an active code"
            )
        ancestor = parent
        while ancestor is not None:
            if ancestor.id == code.id:
                raise CodebookError(f"cannot move '{old}' under itself")
            ancestor = index.by_id.get(ancestor.parent_id) if ancestor.parent_id else None
        check_free(index, parent.id if parent else None, code.name, code)
        code.parent_id = parent.id if parent else None
        index.changed()
        code.position = len(index.children(code.parent_id))
        new = index.path(code)
        project.log(session, "codebook.move", old, json.dumps({"to": new}), why)
        return new


def merge(project: Project, source: str, target: str, why: str) -> int:
    """Move every coding of `source` to `target`; `source` stays in history as merged.

    Returns the number of codings moved. A coding that `target` already has (same coder,
    transcript and span) is not duplicated; its memo is kept on the target's coding.
    """
    require_why(why)
    check_typed(project, why=why)
    with project.writing() as session:
        index = CodeIndex(session)
        src, dst = index.resolve(source), index.resolve(target)
        if src.id == dst.id:
            raise CodebookError("cannot merge a code into itself")
        if dst.status != "active":
            raise CodebookError(f"'{index.path(dst)}' is {dst.status}; merge into an active code")
        if any(child.status == "active" for child in index.children(src.id)):
            raise CodebookError(
                f"'{index.path(src)}' has active child codes; move or merge them first"
            )
        # Which codings moved (their twins in the target stay): the codebook's history
        # counts each code's codings at any time from them.
        twins = {key for _code, key, _at in codings_by_key(session, dst.id)}
        keys = [
            list(key) for _code, key, _at in codings_by_key(session, src.id) if key not in twins
        ]
        moved, duplicates = merge_codings(session, src.id, dst.id)
        src.status, src.merged_into_id, src.key = "merged", dst.id, None
        detail = json.dumps(
            {"into": index.path(dst), "moved": moved, "duplicates": duplicates, "codings": keys},
            ensure_ascii=False,
        )
        project.log(session, "codebook.merge", index.path(src), detail, why)
        return moved + duplicates


def retire(project: Project, reference: str, why: str) -> str:
    """Stop offering a code for new coding; its codings stay and still count."""
    require_why(why)
    check_typed(project, why=why)
    with project.writing() as session:
        index = CodeIndex(session)
        code = index.resolve(reference)
        if code.status != "active":
            raise CodebookError(f"'{index.path(code)}' is {code.status} already")
        if any(child.status == "active" for child in index.children(code.id)):
            raise CodebookError(
                f"'{index.path(code)}' has active child codes; retire, move or merge them first"
            )
        code.status, code.key = "retired", None
        path = index.path(code)
        count = coding_count(session, code.id)
        project.log(session, "codebook.retire", path, json.dumps({"codings": count}), why)
        return path
