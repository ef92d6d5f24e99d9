"""Codings in bulk: the batched gate check, the bulk insert, and an export that keeps its
bytes, row order and turns through the vectorised path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.anonymise.gate import FieldScreen
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.progress import statuses
from workbench.errors import AnonymisationError, CodingError
from workbench.exchange.codings_csv import export_codings, import_codings
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = """Interviewer: How would you describe the mandate?

Respondent: Honestly, it is what states ask of us. We deliver, and that is our claim.

Interviewer: And the donors?

Respondent: They fund what they see.
"""

# Pieces of memos: identifiers of every kind the gate looks for, and the words and digits
# around which patterns might read across from one memo into the next.
FRAGMENTS = [
    "maria.lopez@example.org",
    "soren at iom dot int",
    "www.example.int",
    "+41 22 717 91 11",
    "020 7946 0958",
    "212-555-0100",
    "12345678",
    "192.168.0.1",
    "GB82 WEST 1234 5698 7654 32",
    "12 March 1985",
    "221B Baker Street",
    "1202 Genève",
    "1998",
    "Then",
    "Then Baker",
    "call",
    "phone",
    "717 9111",
    "020",
    "7946",
    "at",
    "dot",
    "memo 12",
    "see the turn before",
    "-",
    ".",
    " ",
    "\n",
    "",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=5).map("".join), max_size=8))
def test_a_memo_said_untouched_is_stored_as_written_and_found_clean_alone(
    memos: list[str],
) -> None:
    untouched = FieldScreen(None).untouched(memos)
    for memo, clean in zip(memos, untouched, strict=True):
        if clean:
            alone = FieldScreen(None)
            assert alone.text(memo, "x") == memo
            assert alone.findings == []


def test_memos_with_identifiers_are_not_untouched_and_a_table_screens_each() -> None:
    memos = ["fine", "write to maria.lopez@example.org", "", "call 020 7946 0958"]
    assert FieldScreen(None).untouched(memos) == [True, False, True, False]
    from workbench.anonymise.pseudonyms import PseudonymTable

    table = PseudonymTable.load(FIXTURES / "anonymise" / "pseudonyms.csv")
    assert FieldScreen(table).untouched(memos) == [False, False, True, False]


@pytest.fixture
def coded(project: Project, tmp_path: Path) -> Project:
    return with_codebook_and_transcripts(project, tmp_path)


def with_codebook_and_transcripts(project: Project, tmp_path: Path) -> Project:
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    source = tmp_path / "iom_03.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    other = tmp_path / "iom_10.txt"
    other.write_text(INTERVIEW.replace("donors", "states"), encoding="utf-8")
    import_transcripts(project, [source, other])
    return project


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transcript", "coder", "code", "start", "end", "memo"])
        writer.writerows(rows)
    return path


def test_a_repeated_memo_with_an_identifier_is_found_on_every_row(
    coded: Project, tmp_path: Path
) -> None:
    memo = "ask maria.lopez@example.org"
    rows = [["iom_03", "anna", "Funding", n, n + 5, memo] for n in range(0, 70, 10)]
    before = coded.row_counts()
    with pytest.raises(AnonymisationError) as refused:
        import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert str(refused.value).count("(memo):1: e-mail address") == 5  # LISTED_FINDINGS
    assert "and 2 more" in str(refused.value)
    assert coded.row_counts() == before


def test_bulk_rows_land_with_their_memos_time_and_statuses(coded: Project, tmp_path: Path) -> None:
    rows = [
        ["iom_10" if n % 3 else "iom_03", f"coder{n % 4}", "Funding", n, n + 7, f"m{n % 5}"]
        for n in range(0, 150)
    ]
    result = import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert result.codings == 150
    assert result.coders_created == ["coder0", "coder1", "coder2", "coder3"]
    codings = coded.codings()
    assert sorted((c.transcript, c.coder, c.start, c.end, c.memo) for c in codings) == sorted(
        (str(t), str(k), int(s), int(e), str(m)) for t, k, _c, s, e, m in rows
    )
    # One time for the whole import, read back as the ORM writes it (SQLite keeps no zone).
    assert len({c.created_at for c in codings}) == 1
    (made,) = {c.created_at for c in codings}
    assert made is not None and made.year >= 2024
    assert statuses(coded, "coder1") == {"iom_03": "in_progress", "iom_10": "in_progress"}
    (event,) = coded.events("codings.import")
    assert '"codings": 150' in event.detail


def test_a_status_already_set_is_kept(coded: Project, tmp_path: Path) -> None:
    from workbench.coding.status import set_status

    set_status(coded, "iom_03", "anna", "done")
    import_codings(coded, write_csv(tmp_path / "c.csv", [["iom_03", "anna", "Funding", 0, 5, ""]]))
    assert statuses(coded, "anna") == {"iom_03": "done", "iom_10": "not_started"}


def test_export_orders_rows_and_finds_turns_as_the_documents_do(
    coded: Project, tmp_path: Path
) -> None:
    doc = coded.transcript("iom_10")
    # Spans starting in each turn, on a label (no turn), at a turn's end, at the text's end.
    starts = sorted({0, 5, *(u.start for u in doc.utterances), *(u.end for u in doc.utterances)})
    starts = [s for s in starts if s < len(doc.text) - 1]
    rows = [
        ["iom_10", coder, code, start, start + 1, ""]
        for start in reversed(starts)
        for coder in ("ben", "anna")
        for code in ("Funding", "Legitimation")
    ]
    rows.append(["iom_03", "carl", "Funding", 3, 9, 'a, "quoted"\nmemo'])
    import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    exported = list(csv.reader(io.StringIO(export_codings(coded))))
    body = exported[1:]
    keys = [(r[0], r[1], int(r[3]), int(r[4]), r[2]) for r in body]
    assert keys == sorted(keys)
    assert body[0][:6] == ["iom_03", "carl", "Funding", "3", "9", 'a, "quoted"\nmemo']
    docs = {"iom_03": coded.transcript("iom_03"), "iom_10": doc}
    for row in body:
        start = int(row[3])
        turn = docs[row[0]].utterance_at(start)
        assert row[6] == docs[row[0]].text[start : int(row[4])]
        assert row[7:] == ([turn.speaker or "", str(turn.seq)] if turn else ["", ""])
    assert any(row[7:] == ["", ""] for row in body)  # a speaker label is in no turn


def test_export_of_one_coder_and_of_none(coded: Project, tmp_path: Path) -> None:
    assert export_codings(coded) == (
        "transcript,coder,code,start,end,memo,text,speaker,utterance\n"
    )
    import_codings(coded, write_csv(tmp_path / "c.csv", [["iom_03", "anna", "Funding", 0, 5, ""]]))
    assert export_codings(coded, "anna").count("\n") == 2
    with pytest.raises(Exception, match="no coder named 'zoe'"):
        export_codings(coded, "zoe")


def test_a_bad_row_deep_in_a_large_file_names_its_line(coded: Project, tmp_path: Path) -> None:
    rows: list[list[object]] = [["iom_03", "anna", "Funding", n, n + 3, ""] for n in range(150)]
    rows.append(["iom_03", "anna", "Funding", 10, 99999, ""])
    before = coded.row_counts()
    with pytest.raises(CodingError, match="outside the text") as caught:
        import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert caught.value.line == 152
    assert coded.row_counts() == before


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of a few dozen rows written in several chunks, as 100,000 rows are."""
    monkeypatch.setattr("workbench.exchange.codings_csv.CHUNK", 40)


@pytest.mark.usefixtures("small_chunks")
def test_a_bad_row_after_chunks_were_written_leaves_nothing(coded: Project, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["iom_03", f"c{n // 50}", "Funding", n, n + 3, ""] for n in range(150)
    ]
    rows.append(["iom_03", "anna", "Nothing", 10, 20, ""])
    before = coded.row_counts()
    with pytest.raises(CodingError, match="Nothing") as caught:
        import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert caught.value.line == 152
    assert coded.row_counts() == before  # no coding, no coder, no status, no event


@pytest.mark.usefixtures("small_chunks")
def test_the_gates_refusal_after_chunks_were_written_leaves_nothing(
    coded: Project, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["iom_03", "anna", "Funding", n, n + 3, ""] for n in range(150)]
    rows.append(["iom_03", "zoe", "Funding", 10, 20, "ask maria.lopez@example.org"])
    before = coded.row_counts()
    with pytest.raises(AnonymisationError, match=r"\(memo\):1: e-mail address"):
        import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert coded.row_counts() == before


@pytest.mark.usefixtures("small_chunks")
def test_coders_first_met_in_later_chunks_are_added_in_the_order_met(
    coded: Project, tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["iom_03", f"coder{n // 60}", "Funding", n, n + 3, f"m{n % 7}"] for n in range(150)
    ]
    result = import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    assert (result.codings, result.coders_created) == (150, ["coder0", "coder1", "coder2"])
    codings = coded.codings()
    assert sorted((c.coder, c.start, c.memo) for c in codings) == sorted(
        (str(k), int(s), str(m)) for _t, k, _c, s, _e, m in rows
    )
    assert statuses(coded, "coder2") == {"iom_03": "in_progress", "iom_10": "not_started"}
    (event,) = coded.events("codings.import")
    assert '"codings": 150' in event.detail and '"coder2"' in event.detail


def test_a_coding_whose_coder_the_table_renames_is_a_duplicate_of_the_stored_one(
    coded: Project, tmp_path: Path
) -> None:
    """The duplicate check compares the coder as stored: a file imported twice with
    --pseudonyms (or naming a coder both ways) is refused on its line, not by the
    database's unique constraint as an internal error (on PostgreSQL from the COPY's
    thread)."""
    table = FIXTURES / "anonymise" / "pseudonyms.csv"
    once = write_csv(tmp_path / "once.csv", [["iom_03", "Maria Lopez", "Funding", 0, 5, ""]])
    assert import_codings(coded, once, pseudonyms=table).coders_created == ["[Respondent A]"]
    before = coded.row_counts()
    with pytest.raises(CodingError, match="duplicate coding") as again:
        import_codings(coded, once, pseudonyms=table)
    assert again.value.line == 2
    both = [
        ["iom_03", "Maria Lopez", "Funding", 9, 12, ""],
        ["iom_03", "[Respondent A]", "Funding", 9, 12, ""],
    ]
    with pytest.raises(CodingError, match="duplicate coding") as twice:
        import_codings(coded, write_csv(tmp_path / "both.csv", both), pseudonyms=table)
    assert twice.value.line == 3
    assert coded.row_counts() == before


def test_a_memo_with_a_lone_carriage_return_comes_back_from_its_export(
    coded: Project, tmp_path: Path
) -> None:
    """Python 3.11's csv writer leaves a cell with a lone "\\r" unquoted, which every
    reader takes for a line end: the export could not be imported again."""
    rows = [["iom_03", "anna", "Funding", 0, 5, "before\rafter"]]
    import_codings(coded, write_csv(tmp_path / "c.csv", rows))
    exported = export_codings(coded)
    assert list(csv.reader(io.StringIO(exported, newline="")))[1][5] == "before\rafter"
    (tmp_path / "out.csv").write_text(exported, encoding="utf-8", newline="")
    with pytest.raises(CodingError, match="duplicate coding") as again:
        import_codings(coded, tmp_path / "out.csv")
    assert again.value.line == 2  # the row read whole, as one line


def test_an_import_into_a_read_only_postgresql_project_is_one_line(tmp_path: Path) -> None:
    """The COPY's own driver error (from its thread) passes through the store's handling as
    every other write's does: "cannot be written", not an internal ReadOnlySqlTransaction."""
    import os

    from sqlalchemy.engine import make_url

    from workbench.errors import ProjectError
    from workbench.store.engine import scratch_schema

    base = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("needs WORKBENCH_TEST_POSTGRES_URL")
    with scratch_schema(base) as location:
        with Project.init(location, actor="tester") as project:
            with_codebook_and_transcripts(project, tmp_path)
            import_codings(
                project, write_csv(tmp_path / "a.csv", [["iom_03", "anna", "Funding", 0, 5, ""]])
            )
            before = project.row_counts()
        url = make_url(location)
        options = f"{url.query['options']} -cdefault_transaction_read_only=on"
        read_only = url.update_query_dict({"options": options}).render_as_string(
            hide_password=False
        )
        rows = [["iom_03", "anna", "Funding", n, n + 3, ""] for n in range(10, 30)]
        with (
            Project.open(read_only) as locked,
            pytest.raises(ProjectError, match="cannot be written"),
        ):
            import_codings(locked, write_csv(tmp_path / "c.csv", rows))
        with Project.open(location) as project:
            assert project.row_counts() == before
