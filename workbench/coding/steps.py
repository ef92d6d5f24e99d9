"""Undo and redo steps: one action reversed or done again, or a whole run of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.coding.undone import Undone, coding_action
from workbench.errors import CodingError
from workbench.store import coding_rows as rows
from workbench.store.action_batches import (
    Place,
    actions_since,
    batch_actions,
    batch_label,
    codings_of,
    delete_codings,
    insert_codings,
    mark_batch,
)
from workbench.store.codeindex import CodeIndex
from workbench.store.codings import NewCoding, SpanKey
from workbench.store.corpus_rows import transcript_names

LISTED = 3  # later edits a refused undo names

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workbench.store.models import Code


def take(session: Session, action: rows.ActionRow, back: bool) -> Undone:
    """Undo or redo `action`; one of a run's takes the rest of the run with it, in
    every transcript."""
    if action.batch_id is None:
        return reverse(session, action, back)
    batch = action.batch_id
    actions = batch_actions(session, batch, undone=not back, newest_first=back)
    index = CodeIndex(session)
    if back:
        _refuse_over_later_edits(session, index, actions, batch_label(session, batch))
    codes = {each.code_id for each in actions}
    if len(codes) == 1 and all(each.kind == "apply" for each in actions):
        changed, unchanged, places = _take_run(session, index, actions, back)
        code = followed(index, index.by_id[action.code_id or 0])
        # A redo onto a code that is no longer active codes nothing: say why, not only how many.
        why_not = (
            f"'{index.path(code)}' is {code.status}"
            if not back and not changed and (code.status != "active")
            else ""
        )
        return Undone(
            "apply",
            index.path(code),
            action.start,
            action.end,
            why_not,
            batch=batch_label(session, batch),
            steps=changed,
            unchanged=unchanged,
            transcripts=len({tid for tid, _, _ in places}),
        )
    # Any other run (none makes one yet) one action at a time, newest first for undo.
    names = transcript_names(session.connection(), {each.transcript_id for each in actions})
    steps = [reverse(session, each, back, index, names) for each in actions]
    done = [step for step in steps if not step.why_not]
    return Undone(
        steps[0].kind,
        steps[0].code,
        steps[0].start,
        steps[0].end,
        transcript=steps[0].transcript,
        batch=batch_label(session, batch),
        steps=len(done),
        unchanged=len(steps) - len(done),
        transcripts=len({step.transcript for step in done}),
    )


def _refuse_over_later_edits(
    session: Session, index: CodeIndex, actions: list[rows.ActionRow], label: str
) -> None:
    """Refuse to undo a run if the coder has since changed one of its codings (a memo, a
    removal, the code put back): the undo would drop that deliberate edit, or a redo would
    bring back a passage removed on purpose. Undone first, they let the run go whole."""

    def place(action: rows.ActionRow) -> tuple[int, int, int, int]:
        # A coding by what it is: where, and the code its codings are on now (after merges).
        code = followed(index, index.by_id[action.code_id or 0])
        return action.transcript_id, action.start, action.end, code.id

    places = {place(a) for a in actions if not a.on_transcript}
    if not places:
        return
    since = actions_since(
        session, actions[0].coder_id, max(a.id for a in actions), {p[0] for p in places}
    )
    later = [a for a in since if place(a) in places]
    if not later:
        return
    found = transcript_names(session.connection(), {each.transcript_id for each in later})
    names = {tid: found[tid] for tid in dict.fromkeys(each.transcript_id for each in later)}
    words = [
        coding_action(a.kind, index.path(index.by_id[place(a)[3]]), a.start, a.end)
        + f" in {names[a.transcript_id]}"
        for a in later[:LISTED]
    ]
    if len(later) > LISTED:
        words.append(f"and {len(later) - LISTED} more")
    what = (
        "a later action of yours changed one of its codings"
        if len(later) == 1
        else f"{len(later)} later actions of yours changed its codings"
    )
    raise CodingError(
        f"cannot undo the {label}: {what} ({', '.join(words)}); undo "
        f"{'it' if len(later) == 1 else 'them'} first (in {', '.join(names.values())}), "
        "then the run"
    )


def _take_run(
    session: Session, index: CodeIndex, actions: list[rows.ActionRow], back: bool
) -> tuple[int, int, list[Place]]:
    """Undo (`back`) or redo a run of codings of one code in bulk: thousands in a blink.
    Returns how many changed something, how many could not, and the places changed."""
    first = actions[0]
    assert first.code_id is not None  # a run's actions are codings
    code = followed(index, index.by_id[first.code_id])
    places = list(dict.fromkeys((a.transcript_id, a.start, a.end) for a in actions))
    present = codings_of(session, first.coder_id, code.id, {p[0] for p in places})
    if back:
        changed = [p for p in places if p in present]
        delete_codings(session, [present[p] for p in changed])
    elif code.status != "active":  # a retired code is never coded again
        changed = []
    else:
        changed = [p for p in places if p not in present]
        insert_codings(session, first.coder_id, code.id, changed)
    mark_batch(session, first.batch_id or 0, undone=back)
    return len(changed), len(actions) - len(changed), changed


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
    if names is None:
        names = transcript_names(session.connection(), [tid])
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
