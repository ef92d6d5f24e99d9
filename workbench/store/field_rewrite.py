"""Rewriting every stored field besides transcript texts (names, attributes, memos, codebook
texts, coder names, the log) with one function, checking that names stay unique."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from workbench.errors import AnonymisationError
from workbench.store import models as m

Change = Callable[[str], str]

# The codebook's own texts kept as settings.
_CODEBOOK_SETTINGS = ("codebook.name", "codebook.description")


def rewrite_fields(session: Session, change: Change) -> Counter[str]:
    """Apply `change` to every stored field a name may hide in, except transcript texts and
    speaker labels; how many values changed, by field. Refused, changing nothing (the
    caller's transaction rolls back), when two transcripts, codes or coders would share a
    name."""
    changed: Counter[str] = Counter()

    def rows(model: Any, *columns: str, field: str | None = None) -> None:
        for row in session.scalars(select(model)):
            for column in columns:
                old = getattr(row, column)
                new = change(old) if old else old
                if new != old:
                    setattr(row, column, new)
                    changed[field or f"{model.__tablename__} {column}"] += 1

    _renamed(session, m.Transcript, change, lambda t: t.name, "transcript names")
    _renamed(session, m.Coder, change, lambda c: c.name, "coder names")
    _renamed(session, m.Code, change, lambda c: (c.parent_id, c.name), "code names")
    rows(m.Transcript, "name", field="transcript names")
    rows(m.Transcript, "source_name", field="file names")
    rows(m.Attribute, "value", field="attribute values")
    rows(m.Coder, "name", field="coder names")
    rows(m.Code, "name", field="code names")
    rows(m.Code, "description", "include", "exclude", "example", field="codebook texts")
    rows(m.Memo, "text", field="memos")
    rows(m.Coding, "memo", field="memos")
    rows(m.CodingAction, "memo_before", "memo_after", field="undo history")
    rows(m.ActionBatch, "label", field="undo history")  # an auto-coding run names its pattern
    for setting in session.scalars(select(m.Setting).where(m.Setting.key.in_(_CODEBOOK_SETTINGS))):
        new = change(setting.value)
        if new != setting.value:
            setting.value = new
            changed["codebook texts"] += 1
    for event in session.scalars(select(m.Event)):
        new_values = (change(event.actor), change(event.target), _in_json(event.detail, change))
        new_why = change(event.why)
        if (*new_values, new_why) != (event.actor, event.target, event.detail, event.why):
            event.actor, event.target, event.detail = new_values
            event.why = new_why
            changed["audit log"] += 1
    return changed


def drop_allowed(session: Session, matches: Callable[[str], bool]) -> int:
    """Take off the allowlist the words that `matches` (a name now replaced everywhere)."""
    words = [w for w in session.scalars(select(m.AllowedWord.word)) if matches(w)]
    if words:
        session.execute(delete(m.AllowedWord).where(m.AllowedWord.word.in_(words)))
    return len(words)


def _renamed(
    session: Session, model: Any, change: Change, key: Callable[[Any], object], what: str
) -> None:
    """Refuse in one line when `change` would give two rows of `model` one name."""
    after: Counter[object] = Counter()
    for row in session.scalars(select(model)):
        name = change(row.name)
        after[key(row) if name == row.name else _with_name(key(row), name)] += 1
    clash = [k for k, n in after.items() if n > 1]
    if clash:
        raise AnonymisationError(
            f"PSEUDONYM: two {what} would become one ('{_shown(clash[0])}'); "
            "rename one first, then replace"
        )


def _with_name(key: object, name: str) -> object:
    return (key[0], name) if isinstance(key, tuple) else name


def _shown(key: object) -> str:
    return str(key[1]) if isinstance(key, tuple) else str(key)


def _in_json(value: str, change: Change) -> str:
    """`change` on every string inside a JSON value (escaped letters included), else on the
    text as it is."""
    if not value or value[0] not in '[{"':
        return change(value)
    try:
        data = json.loads(value)
    except ValueError:
        return change(value)
    new = _walk(data, change)
    return value if new == data else json.dumps(new, ensure_ascii=False)


def _walk(data: Any, change: Change) -> Any:
    if isinstance(data, str):
        return change(data)
    if isinstance(data, list):
        return [_walk(item, change) for item in data]
    if isinstance(data, dict):
        return {change(k): _walk(v, change) for k, v in data.items()}
    return data
