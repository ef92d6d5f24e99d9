"""`workbench agreement --csv` and `--json` on the sample study, byte for byte (tests/golden/).

The figures themselves are checked against scikit-learn and krippendorff in
test_agreement_project.py; these pin the bytes: columns, their order, rounding, empty cells
for undefined figures, the pairwise columns of three coders, the JSON's notes and warnings.
After a deliberate format change, rewrite the files with `WORKBENCH_UPDATE_GOLDEN=1 pytest
tests/test_agreement_golden.py` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_agreement_table import add_third_coder

from tests.csv_cells import AWKWARD, name_sample_codes_awkwardly, read_csv
from workbench.cli import main

CASES = {
    "agreement_2coders_utterance": ("anna,ben", "utterance"),
    "agreement_2coders_span": ("anna,ben", "span"),
    "agreement_3coders_utterance": ("anna,ben,carol", "utterance"),
}
# The CSV for two and three coders at every unit, NVivo's rows, and the long layout.
CSV_CASES = {
    f"agreement_{len(coders.split(','))}coders_{unit}": (coders, unit, ())
    for coders in ("anna,ben", "anna,ben,carol")
    for unit in ("utterance", "sentence", "character", "span")
} | {
    "agreement_2coders_character_by_transcript": (
        "anna,ben",
        "character",
        ("--by-transcript",),
    ),
    "agreement_3coders_character_by_transcript": (
        "anna,ben,carol",
        "character",
        ("--by-transcript",),
    ),
    "agreement_3coders_utterance_long": ("anna,ben,carol", "utterance", ("--long",)),
    "agreement_2coders_character_by_transcript_long": (
        "anna,ben",
        "character",
        ("--by-transcript", "--long"),
    ),
}


@pytest.fixture(scope="module")
def three_coders(built_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample study with carol's codings added (see add_third_coder)."""
    target = tmp_path_factory.mktemp("three") / "sample.db"
    shutil.copy(built_sample, target)
    add_third_coder(str(target))
    return str(target)


def agreement(location: str, coders: str, unit: str, *extra: str) -> str:
    result = CliRunner().invoke(
        main, ["agreement", "-p", location, "--coders", coders, "--unit", unit, *extra]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def project_for(coders: str, built_sample: Path, three_coders: str) -> str:
    return three_coders if coders.count(",") > 1 else str(built_sample)


@pytest.mark.parametrize("name", sorted(CSV_CASES))
def test_the_csv_matches_its_golden_file(
    golden: Callable[[str, bytes], None],
    name: str,
    built_sample: Path,
    three_coders: str,
    tmp_path: Path,
) -> None:
    coders, unit, extra = CSV_CASES[name]
    out = tmp_path / f"{name}.csv"
    location = project_for(coders, built_sample, three_coders)
    agreement(location, coders, unit, "--csv", str(out), *extra)
    golden(f"{name}.csv", out.read_bytes())


@pytest.mark.parametrize("extra", [(), ("--unit", "character", "--by-transcript")])
def test_csv_to_stdout_is_only_the_csv(three_coders: str, extra: tuple[str, ...]) -> None:
    """`--csv -` is for pipes: stdout is one CSV table, every row as wide as its header."""
    printed = agreement(three_coders, "anna,ben,carol", "utterance", "--csv", "-", *extra)
    rows = list(csv.reader(io.StringIO(printed)))
    assert rows[0][:2] == ["code", "transcript"]
    assert all(len(row) == len(rows[0]) for row in rows)
    assert "pooling:" not in printed and "agree %" not in printed
    in_a_transcript = {row[1] for row in rows[1:]} - {""}
    assert bool(in_a_transcript) == bool(extra)  # NVivo's rows name their transcript


def test_the_csv_has_what_the_screen_has(three_coders: str) -> None:
    """Prevalence per coder, kappa per pair, the notes and the pooling are in the CSV too."""
    printed = agreement(three_coders, "anna,ben,carol", "span", "--csv", "-")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(printed))}
    report = json.loads(agreement(three_coders, "anna,ben,carol", "span", "--json"))
    pooled = rows["(pooled)"]
    assert pooled["pooling"] == report["pooling"]
    for coder in ("anna", "ben", "carol"):
        share = report["pooled"]["prevalence"][coder]
        assert float(pooled[f"prevalence_{coder}"]) == pytest.approx(100 * share, abs=1e-6)
    for note in report["across_codes"].values():
        assert (note["note"] or f"{note['value']:.3f}") in pooled["note"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_json_matches_its_golden_file(
    golden: Callable[[str, bytes], None], name: str, built_sample: Path, three_coders: str
) -> None:
    coders, unit = CASES[name]
    printed = agreement(project_for(coders, built_sample, three_coders), coders, unit, "--json")
    golden(f"{name}.json", printed.encode("utf-8"))


def test_three_coders_get_a_kappa_column_per_pair(three_coders: str, tmp_path: Path) -> None:
    """Cohen's kappa compares two coders: the CSV has it per pair, as the JSON does."""
    out = tmp_path / "three.csv"
    agreement(three_coders, "anna,ben,carol", "utterance", "--csv", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    pairs = ["anna-ben", "anna-carol", "ben-carol"]
    kappa_columns = [column for column in rows[0] if column.startswith("cohen_kappa_")]
    assert kappa_columns == [f"cohen_kappa_{pair}" for pair in pairs]
    report = json.loads(agreement(three_coders, "anna,ben,carol", "utterance", "--json"))
    for row, expected in zip(rows, [*report["rows"], report["pooled"]], strict=True):
        assert row["cohen_kappa"] == ""
        for pair, kappa in zip(pairs, expected["pairwise_kappa"], strict=True):
            value = kappa["kappa"]["value"]
            cell = row[f"cohen_kappa_{pair}"]
            assert (
                (cell == "") if value is None else (float(cell) == pytest.approx(value, abs=1e-6))
            )


def test_code_names_holding_line_ends_quotes_and_commas_read_back(
    sample_db: str, tmp_path: Path
) -> None:
    name_sample_codes_awkwardly(sample_db)
    out = tmp_path / "agreement.csv"
    agreement(sample_db, "anna,ben", "utterance", "--csv", str(out))
    header, *rows = read_csv(out)
    assert all(len(row) == len(header) for row in rows)
    assert set(AWKWARD) <= {row[0] for row in rows}
