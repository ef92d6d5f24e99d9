"""Undo and redo steps: one action reversed or done again, or a whole run of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.coding.undone import Undone
from workbench.errors import CodingError
from workbench.store import coding_rows as rows
from workbench.store.action_batches import batch_actions, batch_label
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import NewCoding, SpanKey
from workbench.store.transcript_rows import transcript_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code


def take(session: Session, action: rows.ActionRow, back: bool) -> Undone:
    """Undo or redo `action`; one of a run's takes the rest of the run with it, in
    every transcript, newest first (undo) or oldest first (redo)."""
    if action.batch_id is None:
        return reverse(session, action, back)
    # One read of the codebook and of the names for the whole run: it may be thousands.
    index = CodeIndex(session)
    names: dict[int, str] = {}
    steps = [
        reverse(session, each, back, index, names)
        for each in batch_actions(session, action.batch_id, undone=not back, newest_first=back)
    ]
    changed = [step for step in steps if not step.why_not]
    first = steps[0]
    return Undone(
        first.kind,
        first.code,
        first.start,
        first.end,
        transcript=first.transcript,
        batch=batch_label(session, action.batch_id),
        steps=len(changed),
        unchanged=len(steps) - len(changed),
        transcripts=len({step.transcript for step in changed}),
    )


def reverse(
    session: Session,
    action: rows.ActionRow,
    back: bool,
    index: CodeIndex | None = None,
    names: dict[int, str] | None = None,
) -> Undone:
    """Undo (`back`) or redo one action, marking it so (with the codebook's `index` and
    transcripts' `names` read already, when a run steps many actions)."""
    tid = action.transcript_id
    names = {} if names is None else names
    if tid not in names:
        names[tid] = transcript_name(session, tid)
    transcript = names[tid]
    memo = action.memo_before if back else action.memo_after
    if action.on_transcript:
        rows.write_transcript_memo(session, tid, action.coder_id, memo)
        rows.mark_action(session, action.id, undone=back)
        return Undone("memo", "", 0, 0, memo=memo, transcript=transcript)
    assert action.code_id is not None  # every action but a transcript memo's has one
    index = CodeIndex(session) if index is None else index
    # The code the coding is on now: a merge may have moved it (older projects
    # kept the merged code's id in the history).
    code = followed(index, index.by_id[action.code_id])
    key = (action.transcript_id, code.id, action.coder_id, action.start, action.end)
    why_not = ""
    coding = rows.coding_by_key(session, key)
    if action.kind == "memo":
        if coding is None:
            why_not = "the coding it belonged to is gone"
        else:
            rows.write_coding_memo(session, coding.id, memo)
    elif (action.kind == "remove") == back:  # undo a removal, redo an application
        if code.status != "active":  # a retired code is never coded again, so
            why_not = f"'{index.path(code)}' is {code.status}"  # say so and step on
        elif coding is None:
            insert_coding(session, key, memo)
        else:
            why_not = "the passage has that code from you already"
    elif coding is None:
        why_not = "the coding is gone"
    else:
        # The coding by what it is: a coder has one coding of a code on a span (row
        # ids are reused, and change when an undo re-creates a coding).
        rows.delete_coding(session, coding.id)
    # Marked even when nothing changed, so that the next step reaches the next action.
    rows.mark_action(session, action.id, undone=back)
    return Undone(
        action.kind, index.path(code), action.start, action.end, why_not, memo, transcript
    )


def insert_coding(session: Session, key: SpanKey, memo: str) -> rows.CodingRow:
    transcript_id, code_id, coder_id, start, end = key
    # Unless it is there: the same coder in another terminal may store it this moment.
    coding = rows.add_coding_unless_there(
        session, NewCoding(transcript_id, code_id, coder_id, start, end, memo)
    )
    if coding is None:
        raise CodingError("already coded: this passage already has that code from you")
    return coding


def followed(index: CodeIndex, code: Code) -> Code:
    """The code that `code`'s codings are on: itself, or the end of its chain of merges."""
    seen = {code.id}
    while code.status == "merged" and code.merged_into_id is not None:
        code = index.by_id[code.merged_into_id]
        if code.id in seen:  # a cycle cannot be made, but never loop on a damaged file
            break
        seen.add(code.id)
    return code
