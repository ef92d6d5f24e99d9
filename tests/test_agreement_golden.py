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

from workbench.cli import main

CASES = {
    "agreement_2coders_utterance": ("anna,ben", "utterance"),
    "agreement_2coders_span": ("anna,ben", "span"),
    "agreement_3coders_utterance": ("anna,ben,carol", "utterance"),
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_csv_matches_its_golden_file(
    golden: Callable[[str, bytes], None],
    name: str,
    built_sample: Path,
    three_coders: str,
    tmp_path: Path,
) -> None:
    coders, unit = CASES[name]
    out = tmp_path / f"{name}.csv"
    agreement(project_for(coders, built_sample, three_coders), coders, unit, "--csv", str(out))
    golden(f"{name}.csv", out.read_bytes())


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
    assert list(rows[0])[-3:] == [f"cohen_kappa_{pair}" for pair in pairs]
    report = json.loads(agreement(three_coders, "anna,ben,carol", "utterance", "--json"))
    for row, expected in zip(rows, [*report["rows"], report["pooled"]], strict=True):
        assert row["cohen_kappa"] == ""
        for pair, kappa in zip(pairs, expected["pairwise_kappa"], strict=True):
            value = kappa["kappa"]["value"]
            cell = row[f"cohen_kappa_{pair}"]
            assert (
                (cell == "") if value is None else (float(cell) == pytest.approx(value, abs=1e-6))
            )
