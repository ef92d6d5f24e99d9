"""`workbench suggest`: suggestions and the evaluate table on the sample study; bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli_project import refused, run
from tests.csv_cells import AWKWARD, name_sample_codes_awkwardly, read_csv
from workbench.assist.suggest_eval import EVALUATION_COLUMNS
from workbench.store.project import Project


def test_evaluate_prints_a_row_per_code_and_lists_those_with_too_few(sample_db: str) -> None:
    code, out, err = run("suggest", "-p", sample_db, "--coder", "anna", "--evaluate")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("anna: ") and "5-fold cross-validation by transcript" in lines[0]
    assert lines[1].split()[:3] == ["code", "units", "precision"]
    funding = next(line for line in lines if line.startswith("Projectised funding"))
    assert len(funding.split()) >= 8
    assert any(line.endswith("not enough examples") for line in lines)


def test_evaluate_writes_csv(sample_db: str, tmp_path: Path) -> None:
    target = tmp_path / "evaluate.csv"
    code, _out, err = run(
        "suggest", "-p", sample_db, "--coder", "ben", "--evaluate", "--csv", str(target)
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == EVALUATION_COLUMNS
    assert all(len(row) == len(EVALUATION_COLUMNS) for row in rows)
    for row in rows[1:]:
        if row[-1] != "not enough examples":
            assert 0 <= float(row[4]) <= 1 and int(row[1]) >= 8


def test_suggestions_are_for_units_the_coder_has_not_coded(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        before = project.row_counts()
        anna = project.codings(coders=["anna"], transcripts=["ms_01"])
    code, out, err = run(
        "suggest", "-p", sample_db, "--coder", "anna", "--transcript", "ms_01",
        "--min-confidence", "0", "--top", "2", "--csv", "-",
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {row["transcript"] for row in rows} == {"ms_01"}
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert not [c for c in anna if c.start < end and start < c.end]
        assert 0 <= float(row["confidence"]) <= 1
    per_unit: dict[str, int] = {}
    for row in rows:
        per_unit[row["start"]] = per_unit.get(row["start"], 0) + 1
    assert max(per_unit.values()) <= 2
    with Project.open(sample_db) as project:
        assert project.row_counts() == before  # suggesting writes nothing


def test_the_table_says_which_codes_had_too_few_examples(sample_db: str) -> None:
    code, out, err = run("suggest", "-p", sample_db, "--coder", "anna", "--min-confidence", "0.2")
    assert code == 0, err
    assert out.splitlines()[-1].startswith("not enough examples (under 8 coded units): ")


def test_bad_input_is_one_line(sample_db: str) -> None:
    refused(run("suggest", "-p", sample_db, "--coder", "anna", "--top", "0"), "--top")
    refused(
        run("suggest", "-p", sample_db, "--coder", "anna", "--min-confidence", "2"),
        "--min-confidence",
    )
    refused(
        run("suggest", "-p", sample_db, "--coder", "anna", "--transcript", "nope"),
        "no transcript named 'nope'",
    )
    refused(run("suggest", "-p", sample_db, "--coder", "carol"), "nothing to learn from")
    refused(run("suggest", "-p", sample_db, "--coder", "carol", "--from", "ben"), "blind coding")
    refused(run("suggest", "-p", sample_db, "--coder", "anna", "--from", "zed"), "no coder")
    refused(run("suggest", "-p", sample_db, "--coder", "carol", "--evaluate"), "carol")


def test_dismiss_remembers_a_code_on_an_utterance(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        unit = project.transcript("ms_01").utterances[1]
    args = ["suggest", "-p", sample_db, "--coder", "anna", "--transcript", "ms_01"]
    code, out, err = run(*args, "--at", str(unit.start + 1), "--dismiss", "Projectised funding")
    assert code == 0, err
    assert out == f"dismissed Projectised funding on ms_01 [{unit.start}, {unit.end})\n"
    code, out, _ = run(*args, "--at", str(unit.start), "--dismiss", "Projectised funding")
    assert "dismissed already" in out
    with Project.open(sample_db) as project:
        assert project.row_counts()["suggestion_dismissal"] == 1
    refused(run(*args, "--dismiss", "Projectised funding"), "--at")
    refused(run(*args, "--at", "0", "--dismiss", "Nope"), "Nope")


def test_the_evaluate_csv_reads_back_code_names_holding_line_ends_quotes_and_commas(
    sample_db: str, tmp_path: Path
) -> None:
    name_sample_codes_awkwardly(sample_db)
    target = tmp_path / "evaluate.csv"
    code, _out, err = run(
        "suggest", "-p", sample_db, "--coder", "ben", "--evaluate", "--csv", str(target)
    )
    assert code == 0, err
    header, *rows = read_csv(target)
    assert all(len(row) == len(header) for row in rows)
    assert set(AWKWARD) <= {row[0] for row in rows}
