"""The anonymisation check's allowlist: words it should no longer list."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.store import models as m


def allowed_words(session: Session) -> list[str]:
    """The allowlist's words, as they were added."""
    return list(session.scalars(select(m.AllowedWord.word)))


def add_allowed_words(session: Session, words: Iterable[str]) -> None:
    session.add_all(m.AllowedWord(word=word) for word in words)
