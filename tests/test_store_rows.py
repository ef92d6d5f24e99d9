"""The store's row reads and writes that other modules build on: bulk codings, utterances,
adding transcripts, one coder's codings, undo history and statuses."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from workbench.domain import UtteranceInfo
from workbench.errors import ProjectError
from workbench.store import coding_rows, progress_rows, status_rows
from workbench.store.codebook_rows import CodeFields, write_code
from workbench.store.codings import NewCoding, add_codings, coding_rows_insert
from workbench.store.corpus_rows import coding_arrays, transcript_names, utterance_spans
from workbench.store.project import Project, coder_by_name
from workbench.store.transcript_rows import (
    PreparedTranscript,
    add_transcripts,
    read_utterances,
    transcript_extent,
    transcript_id_named,
)

TEXT = "A: Hello there.\n\nB: \n\nA: Bye now, friend."


def _prepared(name: str) -> PreparedTranscript:
    return PreparedTranscript(
        name=name,
        source_name=f"{name}.txt",
        format="plaintext",
        text=TEXT,
        utterances=[
            UtteranceInfo(1, "A", 3, 15),
            UtteranceInfo(2, "B", 20, 20),  # an empty turn
            UtteranceInfo(3, None, 25, 41),
        ],
        replacements=[(("name", "[Person 1]"), 2)],
    )


def _study(project: Project) -> dict[str, int]:
    """Transcripts t2 and t1 (in that order), coders anna and ben, codes A and A/B, and four
    codings; returns the ids by name."""
    with project.session() as session:
        t2, t1 = add_transcripts(session, [_prepared("t2"), _prepared("t1")])
        anna = coder_by_name(session, "anna", create=True).id
        ben = coder_by_name(session, "ben", create=True).id
        a = write_code(session, None, CodeFields("A", None, 0)).id
        b = write_code(session, None, CodeFields("B", a, 0)).id
        add_codings(
            session,
            [
                NewCoding(t1, b, ben, 3, 8, "first"),
                NewCoding(t2, a, anna, 25, 30),
                NewCoding(t1, a, anna, 0, 2),
                NewCoding(t1, b, anna, 3, 8, "second"),
            ],
        )
    return {"t1": t1, "t2": t2, "anna": anna, "ben": ben, "A": a, "A/B": b}


def test_coding_arrays_give_every_coding_in_the_order_made_with_the_names(
    project: Project,
) -> None:
    ids = _study(project)
    with project.reading() as connection:
        codings = coding_arrays(connection)
    assert codings.numbers.dtype == np.int64
    assert codings.numbers.tolist() == [
        [ids["t1"], ids["A/B"], ids["ben"], 3, 8],
        [ids["t2"], ids["A"], ids["anna"], 25, 30],
        [ids["t1"], ids["A"], ids["anna"], 0, 2],
        [ids["t1"], ids["A/B"], ids["anna"], 3, 8],
    ]
    assert codings.start.tolist() == [3, 25, 0, 3]
    assert codings.memos is None
    assert codings.transcripts == {ids["t1"]: "t1", ids["t2"]: "t2"}
    assert codings.coders == {ids["anna"]: "anna", ids["ben"]: "ben"}
    assert codings.codes == {ids["A"]: "A", ids["A/B"]: "A/B"}


def test_coding_arrays_keep_only_the_coders_transcripts_and_codes_asked_for(
    project: Project,
) -> None:
    ids = _study(project)
    with project.reading() as connection:
        of_anna = coding_arrays(connection, coder_ids=[ids["anna"]], memos=True)
        of_t1_code_b = coding_arrays(connection, transcript_ids=[ids["t1"]], code_ids=[ids["A/B"]])
        of_nobody = coding_arrays(connection, coder_ids=[])
    assert of_anna.start.tolist() == [25, 0, 3]
    assert of_anna.memos == ("", "", "second")
    assert of_t1_code_b.coder_id.tolist() == [ids["ben"], ids["anna"]]
    assert of_nobody.numbers.shape == (0, 5)
    # The names are of everything, not only of what the codings chosen refer to.
    assert set(of_nobody.coders.values()) == {"anna", "ben"}


def test_utterance_reads_leave_out_empty_ones(project: Project) -> None:
    ids = _study(project)
    with project.session() as session:
        every = read_utterances(session)
        of_t2 = read_utterances(session, [ids["t2"]])
        spans = utterance_spans(session.connection())
    first, second = sorted([ids["t1"], ids["t2"]])
    assert every.numbers.tolist() == [
        [first, 1, 3, 15],
        [first, 3, 25, 41],
        [second, 1, 3, 15],
        [second, 3, 25, 41],
    ]
    assert every.speakers == ["A", "", "A", ""]
    assert of_t2.numbers[:, 0].tolist() == [ids["t2"], ids["t2"]]
    assert sorted(spans.tolist()) == every.numbers[:, [0, 2, 3]].tolist()


def test_add_transcripts_stores_spoken_words_checksum_and_anonymisation_log(
    project: Project,
) -> None:
    before = project.row_counts()
    with project.session() as session:
        add_transcripts(session, [_prepared("t1")])
    after = project.row_counts()
    assert after["transcript"] - before["transcript"] == 1
    assert after["utterance"] - before["utterance"] == 3
    assert after["anonymisation_log"] - before["anonymisation_log"] == 1
    (summary,) = project.transcripts()
    assert summary.words == 5  # "Hello there." and "Bye now, friend.": no speaker labels
    assert project.transcript("t1").sha256 == hashlib.sha256(TEXT.encode()).hexdigest()


def test_one_coding_is_found_by_id_and_by_key_and_changed_by_statement(project: Project) -> None:
    ids = _study(project)
    key = (ids["t2"], ids["A/B"], ids["ben"], 4, 9)
    with project.session() as session:
        assert not coding_rows.has_coding(session, key)
        added = coding_rows.add_coding(session, NewCoding(*key, memo="why"))
        assert added.key == key and added.memo == "why" and added.created_at is not None
        assert coding_rows.has_coding(session, key)
        again = coding_rows.coding_by_key(session, key)
        assert again is not None and (again.id, again.key, again.memo) == (added.id, key, "why")
        coding_rows.write_coding_memo(session, added.id, "because")
    with project.session() as session:
        found = coding_rows.coding_by_id(session, added.id)
        assert found is not None and found.memo == "because"
        coding_rows.delete_coding(session, added.id)
    with project.session() as session:
        assert coding_rows.coding_by_id(session, added.id) is None
        assert coding_rows.coding_by_key(session, key) is None
        read = session.connection()
        assert progress_rows.codings_per_transcript(read, "anna") == {"t1": 2, "t2": 1}
        assert progress_rows.codings_per_transcript(read, "nobody") == {}


def test_the_undo_history_gives_either_end_and_drops_only_one_coders_undone_actions(
    project: Project,
) -> None:
    ids = _study(project)
    t1, a, anna, ben = ids["t1"], ids["A"], ids["anna"], ids["ben"]
    with project.session() as session:
        for start in (0, 1, 2):
            coding_rows.add_action(session, (t1, a, anna, start, start + 5), "apply")
        coding_rows.add_action(session, (t1, a, ben, 0, 5), "memo", "old", "new")
    with project.session() as session:
        newest = coding_rows.end_action(session, anna, t1, undone=False, newest=True)
        assert newest is not None and (newest.kind, newest.start) == ("apply", 2)
        coding_rows.mark_action(session, newest.id, undone=True)
        oldest = coding_rows.end_action(session, anna, t1, undone=False, newest=False)
        assert oldest is not None and oldest.start == 0
        bens = coding_rows.end_action(session, ben, t1, undone=False, newest=True)
        assert bens is not None and (bens.memo_before, bens.memo_after) == ("old", "new")
        coding_rows.mark_action(session, bens.id, undone=True)
    with project.session() as session:
        undone = coding_rows.end_action(session, anna, t1, undone=True, newest=False)
        assert undone is not None and undone.id == newest.id and undone.undone
        coding_rows.drop_undone_actions(session, anna, t1)
    with project.session() as session:
        assert coding_rows.end_action(session, anna, t1, undone=True, newest=True) is None
        assert coding_rows.end_action(session, ben, t1, undone=True, newest=True) is not None
        assert coding_rows.end_action(session, anna, ids["t2"], undone=False, newest=True) is None


def test_transcript_memos_and_statuses_are_written_once_then_replaced(project: Project) -> None:
    ids = _study(project)
    t1, anna = ids["t1"], ids["anna"]
    with project.session() as session:
        assert coding_rows.transcript_memo(session, t1, anna) is None
        assert status_rows.read_status(session, t1, anna) is None
        coding_rows.write_transcript_memo(session, t1, anna, "first")
        status_rows.write_status(session, t1, anna, "in_progress")
    with project.session() as session:
        coding_rows.write_transcript_memo(session, t1, anna, "second")
        status_rows.write_status(session, t1, anna, "done")
    with project.session() as session:
        assert coding_rows.transcript_memo(session, t1, anna) == "second"
        assert coding_rows.transcript_memo(session, t1, ids["ben"]) is None
        assert status_rows.read_status(session, t1, anna) == "done"
        assert status_rows.status_named(session, "t1", "anna") == "done"
        assert status_rows.status_named(session, "t2", "anna") is None
        assert progress_rows.coder_statuses(session.connection(), "anna") == {"t1": "done"}
    assert project.row_counts()["memo"] == 1 and project.row_counts()["coder_status"] == 1


def test_a_transcript_by_name_gives_its_id_and_length_or_says_it_is_missing(
    project: Project,
) -> None:
    ids = _study(project)
    with project.session() as session:
        assert transcript_id_named(session, "t2") == ids["t2"]
        assert transcript_extent(session, "t1") == (ids["t1"], len(TEXT))
        assert transcript_names(session.connection(), [ids["t1"]]) == {ids["t1"]: "t1"}
        with pytest.raises(ProjectError, match="no transcript named 'nope'"):
            transcript_extent(session, "nope")
        with pytest.raises(ProjectError, match="no transcript named 'nope'"):
            transcript_id_named(session, "nope")


def test_a_chunk_the_database_refuses_raises_and_the_transaction_keeps_no_chunk(
    project: Project,
) -> None:
    """On PostgreSQL the chunks are copied in a thread: its error reaches the caller, and
    the session is free again to roll back the chunks before it."""
    ids = _study(project)
    before = project.row_counts()
    good = (ids["t1"], ids["A"], ids["ben"])
    with (
        pytest.raises(Exception, match=r"(?i)foreign key"),
        project.session() as session,
        coding_rows_insert(session) as insert,
    ):
        insert.add([(*good, n, n + 1, "") for n in range(10, 20)])
        insert.add([(ids["t1"], 10**6, ids["ben"], 30, 31, "")])  # no such code
        insert.add([(*good, n, n + 1, "") for n in range(40, 50)])
    assert project.row_counts() == before


def test_chunks_land_in_the_order_added_in_one_transaction(project: Project) -> None:
    ids = _study(project)
    good = (ids["t2"], ids["A"], ids["anna"])
    with project.session() as session, coding_rows_insert(session) as insert:
        for first in (0, 10, 20):
            insert.add([(*good, n, n + 1, f"m{n}") for n in range(first, first + 10)])
    with project.reading() as connection:
        codings = coding_arrays(connection, transcript_ids=[ids["t2"]], memos=True)
    assert codings.start.tolist()[-30:] == list(range(30))
    assert codings.memos is not None and codings.memos[-1] == "m29"
