"""`memos export`: transcript and coding memos with coder, code and passage, safely written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli_project import make_project, refused, run
from tests.conftest import reads_of
from tests.csv_cells import AWKWARD, read_csv
from workbench.coding.desk import CoderDesk
from workbench.exchange.memos import memo_rows
from workbench.store.project import Project


@pytest.fixture
def db(tmp_path: Path) -> str:
    db = make_project(tmp_path)
    assert run("codings", "add", "-p", db, "--coder", "anna", "t1", "13", "33", "Funding",
               "--memo", "mandate, as\nasked")[0] == 0  # fmt: skip
    assert run("codings", "add", "-p", db, "--coder", "ben", "t1", "0", "11", "Funding")[0] == 0
    with Project.open(db) as project:
        CoderDesk(project, "ben").set_transcript_memo("t1", "short interview")
    return db


def test_csv_holds_transcript_and_coding_memos_with_coder_code_and_passage(db: str) -> None:
    code, out, err = run("memos", "export", "-p", db)
    assert code == 0, err
    assert list(csv.reader(io.StringIO(out))) == [
        ["kind", "transcript", "coder", "code", "start", "end", "passage", "memo"],
        ["transcript", "t1", "ben", "", "", "", "", "short interview"],
        ["coding", "t1", "anna", "Funding", "13", "33", "What is the mandate?",
         "mandate, as\nasked"],
    ]  # fmt: skip


def test_markdown_goes_to_the_named_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "memos.md"
    code, _out, err = run("memos", "export", "-p", db, "--md", str(out))
    assert (code, err) == (0, f"wrote {out}\n")
    assert out.read_text(encoding="utf-8") == (
        "## t1\n\n"
        "- transcript memo, ben:\n  short interview\n\n"
        "- **Funding** [13, 33), anna:\n  > What is the mandate?\n  mandate, as\n  asked\n"
    )


def test_an_unwritable_or_protected_path_is_one_line_naming_the_option(
    db: str, tmp_path: Path
) -> None:
    refused(
        run("memos", "export", "-p", db, "--csv", str(tmp_path / "no" / "such" / "m.csv")),
        "--csv", "cannot write",
    )  # fmt: skip
    refused(run("memos", "export", "-p", db, "--md", db), "--md", "is the project")
    (tmp_path / "old.csv").write_text("keep", encoding="utf-8")
    refused(run("memos", "export", "-p", db, "--csv", str(tmp_path / "old.csv")), "--force")
    assert (tmp_path / "old.csv").read_text(encoding="utf-8") == "keep"
    refused(run("memos", "export", "-p", db, "--csv", "a.csv", "--md", "b.md"), "--csv or --md")


def test_project_and_code_memos_come_last_with_the_code_path_and_blank_ones_are_left_out(
    db: str,
) -> None:
    from workbench.store.codeindex import CodeIndex
    from workbench.store.project import coder_by_name
    from workbench.store.snapshot import add_memo

    with Project.open(db) as project, project.writing() as session:
        code = CodeIndex(session).resolve("Protection DNA/Comparison with UNHCR").id
        anna = coder_by_name(session, "anna").id
        add_memo(session, None, code, anna, "ask about UNHCR")
        add_memo(session, None, None, None, "the project's memo")
        add_memo(session, None, code, None, "  \n")
    code, out, err = run("memos", "export", "-p", db)
    assert code == 0, err
    assert list(csv.reader(io.StringIO(out)))[3:] == [
        ["project", "", "", "", "", "", "", "the project's memo"],
        ["code", "", "anna", "Protection DNA/Comparison with UNHCR", "", "", "", "ask about UNHCR"],
    ]


def test_memos_holding_line_ends_quotes_and_commas_read_back_from_the_file(
    db: str, tmp_path: Path
) -> None:
    for n, memo in enumerate(AWKWARD):
        added = run("codings", "add", "-p", db, "--coder", "carl", "t2", str(n), str(n + 5),
                    "Funding", "--memo", memo)  # fmt: skip
        assert added[0] == 0, added[2]
    out = tmp_path / "memos.csv"
    assert run("memos", "export", "-p", db, "--csv", str(out))[0] == 0
    rows = read_csv(out)
    assert [row[7] for row in rows if row[2] == "carl"] == list(AWKWARD)
    assert all(len(row) == len(rows[0]) for row in rows)


def test_the_export_reads_the_codebook_once_for_the_memos_and_the_codings(
    db: str, statements: list[str]
) -> None:
    with Project.open(db) as project:
        statements.clear()
        rows = memo_rows(project)
    assert [row.kind for row in rows] == ["transcript", "coding"]
    assert reads_of("code", statements) == 1
