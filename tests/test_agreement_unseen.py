"""Codings an utterance or sentence unit cannot see are counted and listed; --speakers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_agreement_project import make_small

from workbench.agreement.report import agreement_report
from workbench.cli import main
from workbench.errors import WorkbenchError
from workbench.exchange.codings_csv import import_codings
from workbench.store.project import Project

NOTE = (
    "2 codings lie outside every {unit}: on a speaker label or between turns; "
    "they count at the character unit only"
)


@pytest.fixture
def labelled(sqlite_location: str, tmp_path: Path) -> str:
    """The small project, plus anna's coding of a speaker label and ben's of a blank line."""
    with Project.init(sqlite_location, actor="tester") as project:
        make_small(project, tmp_path)
        text = project.transcript("t1").text
        label = text.index("Respondent:")
        blank = text.index("\n\nInterviewer: And")
        table = tmp_path / "unseen.csv"
        table.write_text(
            "transcript,coder,code,start,end\n"
            f"t1,anna,Funding,{label},{label + len('Respondent')}\n"
            f"t1,ben,Legitimation,{blank},{blank + 2}\n"
        )
        import_codings(project, table)
    return sqlite_location


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("unit", ["utterance", "sentence"])
def test_codings_outside_every_unit_are_counted_and_listed(labelled: str, unit: str) -> None:
    with Project.open(labelled) as project:
        report = agreement_report(project, ["anna", "ben"], unit)
        text = project.transcript("t1").text
    assert report.outside_note == NOTE.format(unit=unit)
    assert [(c.coder, c.code, text[c.start : c.end]) for c in report.outside] == [
        ("anna", "Funding", "Respondent"),
        ("ben", "Legitimation", "\n\n"),
    ]
    args = ("agreement", "-p", labelled, "--coders", "anna,ben", "--unit", unit)
    printed = run(*args)
    assert f"{NOTE.format(unit=unit)} (--verbose lists them)" in printed
    listed = run(*args, "--verbose")
    assert (
        f"  t1 [{report.outside[0].start}, {report.outside[0].end}) Funding, coder anna" in listed
    )
    as_json = json.loads(run(*args, "--json"))
    assert as_json["outside_note"] == NOTE.format(unit=unit) and len(as_json["outside"]) == 2


def test_the_character_unit_sees_every_coding(labelled: str) -> None:
    with Project.open(labelled) as project:
        report = agreement_report(project, ["anna", "ben"], "character")
    assert report.outside == () and report.outside_note == ""


def test_speakers_restricts_the_units_to_their_turns(labelled: str) -> None:
    """ben coded an interviewer's question with Funding: among respondents it is not there."""
    with Project.open(labelled) as project:
        everyone = agreement_report(project, ["anna", "ben"], "utterance")
        respondents = agreement_report(
            project, ["anna", "ben"], "utterance", speakers=["Respondent"]
        )
        with pytest.raises(WorkbenchError, match="no speaker 'Nobody'"):
            agreement_report(project, ["anna", "ben"], speakers=["Nobody"])
        with pytest.raises(WorkbenchError, match="utterance or sentence units"):
            agreement_report(project, ["anna", "ben"], "span", speakers=["Respondent"])
    assert (everyone.pooled.units, respondents.pooled.units) == (4 * 2, 2 * 2)
    funding = {row.code: row for row in respondents.rows}["Funding"]
    assert funding.prevalence == {"anna": 0.5, "ben": 0.0}
    printed = run("agreement", "-p", labelled, "--coders", "anna,ben", "--speakers", "Respondent")
    assert "speakers: only the turns of Respondent" in printed
