"""`--strict-names`: names and places in parsed turns become findings that refuse an import."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import partial

from workbench.anonymise.check import BRACKETED, starts_sentence
from workbench.anonymise.gate import Finding, GateResult
from workbench.anonymise.people import WORD, find_people, is_role
from workbench.anonymise.settings import study_settings
from workbench.store.allowed_words import allowed_words
from workbench.store.project import Project


def name_findings(project: Project, screened: Sequence[GateResult]) -> list[Finding]:
    """Names and places (of the kinds the study has not allowed) left in screened turns,
    speaker labels included; words on the project's allowlist are left out."""
    settings = study_settings(project)
    with project.session() as session:
        allowed = {w.casefold() for w in allowed_words(session)}
    kinds = {"name", "place"} - settings.allowed_kinds
    findings: list[Finding] = []
    for gate in screened:
        parsed = gate.transcript
        for turn in parsed.turns:
            speaker = turn.speaker
            if _named(speaker, kinds, settings.roles, allowed):
                findings.append(Finding(parsed.source, turn.line, "name"))
            text = BRACKETED.sub(lambda match: " " * len(match.group()), turn.text)
            lowered = {w.casefold() for w in WORD.findall(text) if w[0].islower()}
            for found in find_people(text, partial(starts_sentence, text), lowered):
                word = text[found.start : found.end]
                if found.kind in kinds and word.casefold() not in allowed:
                    line = turn.line + bisect_right(turn.line_starts, found.start) - 1
                    findings.append(Finding(parsed.source, line, found.kind))
    return findings


def _named(speaker: str | None, kinds: set[str], roles: frozenset[str], allowed: set[str]) -> bool:
    """Whether a speaker label is a person's name the study has not allowed."""
    if "name" not in kinds or not speaker or is_role(speaker, roles):
        return False
    return speaker.casefold() not in allowed and not BRACKETED.fullmatch(speaker)
