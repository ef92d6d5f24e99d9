"""Reports say whose coding they count: the consensus coder's by default, when there is one."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import build_stats_study, reads_of

from workbench.agreement.report import agreement_report
from workbench.agreement.table import main_table
from workbench.cli import main
from workbench.coding.actions import CoderActions
from workbench.stats import report_html as h
from workbench.stats.data import CONSENSUS as CONSENSUS_RULE
from workbench.stats.data import load_study
from workbench.store.project import Project

POOLED = "anna, ben (every coder pooled: there is no consensus coder; --coder chooses)"
CONSENSUS = "consensus (the consensus coder; --coder chooses others)"


@pytest.fixture(scope="module")
def settled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The statistics study with a consensus coder who took two of anna's codings, and a
    third coder, carol, who coded one transcript only."""
    location = str(tmp_path_factory.mktemp("settled") / "study.db")
    with build_stats_study(location) as project:
        consensus = CoderActions(project, "consensus")
        for coding in project.codings(coders=["anna"])[:2]:
            consensus.apply(coding.transcript, coding.code, coding.start, coding.end)
        coding = project.codings(coders=["ben"])[0]
        CoderActions(project, "carol").apply(
            coding.transcript, coding.code, coding.start, coding.end
        )
        yield project


def run(project: Project, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(main, [*args, "-p", project.location])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def test_without_a_consensus_coder_every_coder_is_pooled_and_said_so(stats_study: Project) -> None:
    out, _ = run(stats_study, "matrix")
    assert out.splitlines()[0] == f"coding counted: {POOLED}"
    table, _ = run(stats_study, "matrix", "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert {row["coders"] for row in rows} == {"anna,ben"}


def test_the_consensus_coder_is_the_default(settled: Project) -> None:
    out, _ = run(settled, "counts", "--csv", "-")
    assert {row["coder"] for row in csv.DictReader(io.StringIO(out))} == {"consensus"}
    out, _ = run(settled, "matrix", "--csv", "-")
    matrix = list(csv.DictReader(io.StringIO(out)))
    assert {row["coders"] for row in matrix} == {"consensus"}
    assert sum(int(row["Legitimation/Performance"]) for row in matrix) == 1
    out, _ = run(settled, "segments", "--code", "Legitimation")
    assert f"\nCoding counted: {CONSENSUS}\n" in out and out.count("coder consensus") == 2
    out, err = run(settled, "cite", "--code", "Legitimation")
    assert err == f"coding counted: {CONSENSUS}\n" and out.startswith("Interview, ")


def test_the_consensus_codings_and_the_codebook_are_read_once(
    settled: Project, statements: list[str]
) -> None:
    data = load_study(settled, prefer_consensus=True)
    assert (data.coder_rule, len(data.codings)) == (CONSENSUS_RULE, 2)
    assert len(data.codes) > 1
    assert (reads_of("coding", statements), reads_of("code", statements)) == (1, 1)


def test_coder_chooses(settled: Project) -> None:
    out, _ = run(settled, "counts", "--coder", "anna", "--coder", "ben")
    assert out.splitlines()[0] == "coding counted: anna, ben (chosen with --coder)"
    out, _ = run(settled, "matrix", "--coder", "ben", "--csv", "-")
    assert {row["coders"] for row in csv.DictReader(io.StringIO(out))} == {"ben"}


def test_the_report_says_whose_coding_and_compares_what_agreement_would(
    settled: Project, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    run(settled, "report", "--no-chart", "--out", str(out))
    page = out.read_text(encoding="utf-8")
    assert f"Coding counted: {CONSENSUS}." in page
    expected = agreement_report(settled, ["anna", "ben", "carol"], "utterance")
    compared = re.search(r"Coders compared: ([^(]*) \(", page)
    assert compared is not None and compared.group(1) == "anna, ben, carol"
    listed = f"({expected.transcript_rule}): {', '.join(expected.transcripts)}."
    assert listed in page
    assert "workbench agreement --coders anna,ben,carol --unit utterance" in page
    # The table `agreement` prints: with three coders, Fleiss' kappa and no Cohen's kappa.
    agreement = page.split('id="agreement"')[1].split("<h2")[0]
    spec = main_table(expected)
    header = "".join(f"<th>{h.text(c.header or 'note')}</th>" for c in spec.columns)
    assert header in agreement
    pooled = "".join(f'<td class="n">{h.text(cell)}</td>' for cell in spec.rows[-1].cells[1:])
    assert pooled in agreement
