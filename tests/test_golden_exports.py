"""Every export format, byte for byte, against a golden file in tests/golden/.

Statistics, codings and the codebook, on the statistics study (conftest.py), whose numbers are
the hand-checked ones of test_stats_frequencies.py; these tests pin
the bytes: column order, sorting, quoting, `\\n` line ends, number formatting, escaping.
After a deliberate format change, rewrite the files with `WORKBENCH_UPDATE_GOLDEN=1 pytest
tests/test_golden_exports.py` and review the diff.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store.project import Project

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "stats_counts_code.csv": ["counts", "--csv", "{out}"],
    "stats_counts_theme_by_group.csv": [
        "counts", "--level", "theme", "--by", "group", "--csv", "{out}",
    ],
    "stats_counts_wide.csv": [
        "counts", "--level", "theme", "--by", "group", "--wide", "--csv", "{out}",
    ],
    "stats_counts_words_by_year_wide.csv": [
        "counts", "--by", "year", "--coder", "anna", "--wide", "--measure", "words",
        "--csv", "{out}",
    ],
    "stats_matrix_counts.csv": ["matrix", "--counts", "--csv", "{out}"],
    "stats_matrix_presence_theme.csv": [
        "matrix", "--presence", "--level", "theme", "--csv", "{out}",
    ],
    "stats_cooccurrence_utterance.csv": ["cooccurrence", "--csv", "{out}"],
    "stats_cooccurrence_overlap.csv": ["cooccurrence", "--within", "overlap", "--csv", "{out}"],
    "stats_segments.csv": ["segments", "--code", "Legitimation", "--csv", "{out}"],
    "stats_segments_quoted.csv": ["segments", "--code", "Funding", "--csv", "{out}"],
    "stats_segments_memo.csv": ["segments", "--code", "Protection", "--csv", "{out}"],
    "stats_segments.md": ["segments", "--code", "Funding", "--by", "group", "--md", "{out}"],
    "stats_report.html": ["report", "--no-chart", "--quotes", "2", "--out", "{out}"],
    "codings_export.csv": ["codings", "export", "--csv", "{out}"],
    "codings_export_ben.csv": ["codings", "export", "--coder", "ben", "--csv", "{out}"],
    "codebook_export.yaml": ["codebook", "export", "--out", "{out}"],
    "codebook_export.csv": ["codebook", "export", "--format", "csv", "--out", "{out}"],
}  # fmt: skip


@pytest.fixture(scope="module")
def study(stats_study: Project) -> Project:
    return stats_study


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_matches_its_golden_file(
    golden: Callable[[str, bytes], None], name: str, study: Project, tmp_path: Path
) -> None:
    out = tmp_path / name
    args = [arg.replace("{out}", str(out)) for arg in CASES[name]]
    result = CliRunner().invoke(main, [*args, "-p", study.location])
    assert result.exit_code == 0, result.output
    golden(name, out.read_bytes())


def test_cite_matches_its_golden_file(golden: Callable[[str, bytes], None], study: Project) -> None:
    result = CliRunner().invoke(main, ["cite", "-p", study.location])
    assert result.exit_code == 0, result.output
    golden("stats_cite.txt", result.stdout.encode("utf-8"))


def test_stdout_and_file_exports_are_the_same_bytes(study: Project, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["matrix", "-p", study.location, "--csv", "-"])
    assert result.stdout.encode("utf-8") == (GOLDEN / "stats_matrix_counts.csv").read_bytes()
