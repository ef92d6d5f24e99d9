"""Anonymising what is stored already: a new pseudonym in the transcripts, a purged undo history."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import partial

from workbench.anonymise.offsets import Passage, replace_passages
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.errors import AnonymisationError
from workbench.store import rewrite
from workbench.store.field_rewrite import drop_allowed, rewrite_fields
from workbench.store.project import Project
from workbench.store.rewrite import (
    CodingSpan,
    codings_on,
    rewrite_transcript,
    speakers,
    texts_by_id,
)


@dataclass
class Replaced:
    """What `replace_word` did: replacements per transcript (named as they are now), values
    changed in the other stored fields, and the codings that began or ended inside a
    replaced word (each now covers the whole label)."""

    counts: dict[str, int] = field(default_factory=dict)
    fields: Counter[str] = field(default_factory=Counter)
    cut_codings: list[CodingSpan] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + sum(self.fields.values())


def replace_word(project: Project, word: str, pseudonym: str) -> Replaced:
    """Replace `word` (matched as a pseudonym-table original: any case, accents, spelling)
    by `[pseudonym]` in every stored transcript and speaker label, and in every other field
    the gate screens (names of transcripts, files, codes and coders, attribute values,
    memos, codebook texts, the undo history and the audit log), all or nothing; logged with
    the pseudonym and the counts, never the word."""
    word, pseudonym = word.strip(), pseudonym.strip().strip("[]").strip()
    if not word or not pseudonym:
        raise AnonymisationError("WORD and PSEUDONYM cannot be blank")
    table = PseudonymTable({word: pseudonym})
    label = f"[{pseudonym}]"
    result = Replaced()
    # The codebook's lock: code names and texts may change too.
    with project.writing() as session:
        for transcript_id, (name, text) in texts_by_id(session).items():
            found = table.find(text)
            labels = speakers(session, transcript_id)
            new_labels = {
                uid: replace_passages(s, [Passage(r.start, r.end, label) for r in table.find(s)])[0]
                for uid, s in labels.items()
            }
            new_labels = {uid: s for uid, s in new_labels.items() if s != labels[uid]}
            if not found and not new_labels:
                continue
            passages = [Passage(r.start, r.end, label) for r in found]
            new_text, offsets = replace_passages(text, passages)
            result.cut_codings += [
                coding
                for coding in codings_on(session, transcript_id, name)
                if any(
                    p.start < edge < p.end for p in passages for edge in (coding.start, coding.end)
                )
            ]
            count = len(found) + len(new_labels)
            rewrite_transcript(
                session,
                transcript_id,
                new_text,
                offsets.span,
                new_labels,
                ("pseudonym", pseudonym, count),
            )
            result.counts[name] = count
        result.fields = rewrite_fields(session, partial(_in_label, table, label))
        drop_allowed(session, lambda allowed: bool(table.find(allowed)))
        if not result.total:
            raise AnonymisationError("WORD is in nothing stored: nothing replaced")
        named = partial(_in_label, table, label)
        result.counts = {named(name): count for name, count in result.counts.items()}
        result.cut_codings = [
            replace(c, transcript=named(c.transcript)) for c in result.cut_codings
        ]
        detail = {
            "replacements": result.counts,
            "fields": dict(sorted(result.fields.items())),
            "codings_cut": len(result.cut_codings),
        }
        project.log(session, "anonymise.replace", label, json.dumps(detail, ensure_ascii=False))
    rewrite.drop_freed_pages(project)  # no copy of the word left in free pages
    return result


def _in_label(table: PseudonymTable, label: str, value: str) -> str:
    """`value` with the table's word replaced by `label`, looked for between `_` too, as the
    gate looks in a file's name (interview_lukasz_2016)."""
    found = table.find(value.replace("_", " "))
    if not found:
        return value
    return replace_passages(value, [Passage(r.start, r.end, label) for r in found])[0]


def purge_memo_history(project: Project) -> int:
    """Remove superseded memo text from every coder's undo history (see the store's
    `purge_memo_history`) and from the database file; logged without any text."""
    with project.writing(changes_codebook=False) as session:
        changed = rewrite.purge_memo_history(session)
        project.log(session, "anonymise.purge", "undo history", json.dumps({"rows": changed}))
    rewrite.drop_freed_pages(project)
    return changed
