"""What a code's name, key, colour and reason must be before the codebook changes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workbench.anonymise.gate import project_fields, typed_entry
from workbench.codebook.files import COMMAND_KEYS
from workbench.errors import CodebookError

if TYPE_CHECKING:
    from workbench.store.codeindex import CodeIndex
    from workbench.store.models import Code
    from workbench.store.project import Project

CODE_NAME_MAX = 200  # the column's length (and the codebook schema's maxLength)
KEY_PATTERN = re.compile(r"[0-9A-Za-z]")  # as the codebook schema's "key"
KEY_CHARACTERS = "0123456789" + "abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
FREE_LISTED = 8  # free keys a refusal names: enough to choose from, short enough for one line
COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")  # as the codebook schema's "colour"


def name_from_passage(text: str) -> str:
    """A code name offered for an in-vivo code: the passage on one line, trimmed, without
    '/' (it separates a path) and cut to the longest name a code may have."""
    one_line = " ".join(text.replace("/", " ").split())
    return one_line[:CODE_NAME_MAX].rstrip()


def check_name(name: str) -> None:
    if not name or "/" in name or len(name) > CODE_NAME_MAX:
        raise CodebookError(
            f"invalid code name '{name[:40]}' (no '/', 1 to {CODE_NAME_MAX} characters)",
            field="name",
        )


def require_why(why: str) -> None:
    if not why or not why.strip():
        raise CodebookError(
            "say why (--why): the audit log keeps the reason for every change", field="why"
        )


def check_typed(project: Project, **typed: str) -> None:
    """What is typed for the codebook and its log (a reason, a name, a definition) passes the
    import gate: refused in one line naming the argument (`why` is `--why`) when it holds an
    e-mail address, phone number, URL, ID or IP address."""
    fields = project_fields(project)
    for argument, value in typed.items():
        option = f"--{argument}" if argument in ("why", "description") else argument.upper()
        typed_entry(fields, value, _TYPED.get(argument, "the code name"), option)


_TYPED = {"why": "the reason", "description": "the definition"}


def check_free(
    index: CodeIndex, parent_id: int | None, name: str, moving: Code | None = None
) -> None:
    for sibling in index.children(parent_id):
        if sibling.name == name and sibling is not moving:
            raise CodebookError(f"'{index.path(sibling)}' exists already", field="name")


def check_key(index: CodeIndex, key: str, owner: Code | None = None) -> None:
    """A shortcut is one digit or letter (lower- and upper-case differ), no coding-screen
    command and no other code's; a refusal names keys that are free."""
    if not KEY_PATTERN.fullmatch(key):
        why = f"invalid key '{key[:10]}': one digit or letter"
    elif key in COMMAND_KEYS:
        why = f"key '{key}' is a coding-screen command"
    else:
        taken = [c for c in index.codes if c.key == key and c.status == "active" and c is not owner]
        if not taken:
            return
        why = f"key '{key}' is taken by '{index.path(taken[0])}'"
    free = free_keys(index)
    listed = " ".join(free[:FREE_LISTED]) + (" …" if len(free) > FREE_LISTED else "")
    raise CodebookError(f"{why}; free: {listed or 'none'}", field="key")


def free_keys(index: CodeIndex) -> list[str]:
    """The keys no active code has and no coding-screen command is, digits first."""
    used = {c.key for c in index.codes if c.key and c.status == "active"} | COMMAND_KEYS
    return [k for k in KEY_CHARACTERS if k not in used]


def check_colour(colour: str) -> None:
    if not COLOUR_PATTERN.fullmatch(colour):
        raise CodebookError(
            f"invalid colour '{colour[:20]}': #rrggbb, e.g. #1f77b4", field="colour"
        )
