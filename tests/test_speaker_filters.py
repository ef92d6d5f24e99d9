"""Speaker filters: one rule (case ignored, numbered roles) for search, autocode, agreement and
the TUI, and a transcript the filter leaves without turns is named, never dropped silently."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Static

from tests.pilot_wait import settle
from workbench.agreement.report import agreement_report
from workbench.assist.autocode import plan_by_pattern, plan_by_speaker
from workbench.assist.search import SearchQuery, load_corpus, search, speaker_note
from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.exchange.codings_csv import import_codings
from workbench.store.project import Project
from workbench.text.speakers import speaker_matches
from workbench.transcripts.importer import import_transcripts
from workbench.tui.app import make_app
from workbench.tui.screens.search import SearchScreen

FIXTURES = Path(__file__).parent / "fixtures"
# a1 labels its speakers in title case, a2 in capitals with numbered respondents, and a3 is a
# panel without a respondent: "Respondent" must find a1 and a2 whole and name a3 as left out.
INTERVIEWS = {
    "a1": "Interviewer: What about funding?\n\nRespondent: Funding is earmarked.\n",
    "a2": (
        "INTERVIEWER: What about funding?\n\nRESPONDENT 1: Funding is earmarked.\n\n"
        "RESPONDENT 2: Earmarked, and late.\n"
    ),
    "a3": "Interviewer: What about funding?\n\nChair: Funding is earmarked here too.\n",
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("name", "label", "matches"),
    [
        ("Respondent", "Respondent", True),
        ("respondent", "RESPONDENT 1", True),
        ("Respondent", "Respondent 12", True),
        ("Respondent", "respondent  B", True),
        (" Interviewer ", "INTERVIEWER", True),
        ("Respondent 2", "RESPONDENT 2", True),
        ("Respondent 2", "Respondent 1", False),
        ("Respondent", "Respondents' advocate", False),
        ("Respondent", "Respondent advocate", False),
        ("Respondent", "Respondent 1a", False),
        ("Respondent", "Respondent1", False),
        ("", "Respondent", False),
        ("Respondent", None, False),
    ],
)
def test_the_rule_ignores_case_and_takes_numbered_roles(
    name: str, label: str | None, matches: bool
) -> None:
    assert speaker_matches(name, label) is matches


@pytest.fixture
def panels(project: Project, tmp_path: Path) -> Project:
    """The three interviews, each coded by anna and ben (so agreement compares all three)."""
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    files = []
    for name, text in INTERVIEWS.items():
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(text, encoding="utf-8")
    import_transcripts(project, files)
    rows = []
    for name in INTERVIEWS:
        start = project.transcript(name).text.index("Funding is")
        rows += [f"{name},{coder},Funding,{start},{start + 10}\n" for coder in ("anna", "ben")]
    table = tmp_path / "codings.csv"
    table.write_text("transcript,coder,code,start,end\n" + "".join(rows), encoding="utf-8")
    import_codings(project, table)
    return project


def test_search_matches_every_respondent_and_names_the_panel_left_out(panels: Project) -> None:
    corpus = load_corpus(panels)
    query = SearchQuery("earmarked", speaker="respondent")
    hits = search(corpus, query)
    assert [(h.transcript, h.speaker) for h in hits] == [
        ("a1", "Respondent"),
        ("a2", "RESPONDENT 1"),
        ("a2", "RESPONDENT 2"),
    ]
    assert speaker_note(corpus, query) == "no turns by 'respondent' in a3: it is left out"
    assert speaker_note(corpus, SearchQuery("earmarked", speaker="interviewer")) == ""
    assert speaker_note(corpus, SearchQuery("earmarked")) == ""


def test_autocode_by_speaker_codes_every_variant_and_names_the_panel(panels: Project) -> None:
    corpus = load_corpus(panels)
    plan = plan_by_speaker(corpus, "Funding", "RESPONDENT")
    assert [(u.transcript, u.speaker) for u in plan.units] == [
        ("a1", "Respondent"),
        ("a2", "RESPONDENT 1"),
        ("a2", "RESPONDENT 2"),
    ]
    assert plan.note == "no turns by 'RESPONDENT' in a3: it is left out"
    interviewers = plan_by_speaker(corpus, "Funding", "interviewer")
    assert interviewers.transcripts == 3 and interviewers.note == ""
    by_pattern = plan_by_pattern(corpus, "Funding", "earmark", "match", "Respondent")
    assert by_pattern.transcripts == 2 and "in a3" in by_pattern.note


def test_agreement_counts_every_respondent_turn_and_names_the_panel(panels: Project) -> None:
    report = agreement_report(panels, ["anna", "ben"], speakers=["respondent"])
    assert report.pooled.units == 3  # a1's Respondent, a2's RESPONDENT 1 and RESPONDENT 2
    assert report.speakers_note == "no turns by 'respondent' in a3: it is left out"
    everyone = agreement_report(panels, ["anna", "ben"], speakers=["Interviewer", "chair"])
    assert everyone.pooled.units == 4 and everyone.speakers_note == ""


def test_a_name_matching_no_label_is_still_refused(panels: Project) -> None:
    with pytest.raises(Exception, match="no speaker 'Respondents'"):
        agreement_report(panels, ["anna", "ben"], speakers=["Respondents"])
    with pytest.raises(Exception, match="no speaker named 'Respondents'"):
        search(load_corpus(panels), SearchQuery("earmarked", speaker="Respondents"))


# -- the sample study: ms_01 labels its speakers INTERVIEWER, RESPONDENT 1, RESPONDENT 2 ------


def test_sample_search_finds_ms_01_respondents(sample_db: str) -> None:
    code, out, err = run("search", "-p", sample_db, "earmarked", "--speaker", "Respondent")
    assert code == 0, err
    assert "ms_01 #9 RESPONDENT 1" in out
    assert err.strip() == "5 hits in 5 transcripts"
    code, out, err = run("search", "-p", sample_db, "earmarked", "--speaker", "respondent 1")
    assert code == 0, err
    assert err.splitlines() == [
        "no turns by 'respondent 1' in ex_02, hr_05, iom_03, iom_13, iom_17, ngo_06, un_02: "
        "they are left out",
        "1 hit in 1 transcript",
    ]


def test_sample_autocode_by_interviewer_covers_all_eight(sample_db: str) -> None:
    code, out, err = run(
        "autocode", "-p", sample_db, "--coder", "anna", "--code", "Legitimation",
        "--speaker", "Interviewer",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("would code 201 passages in 8 transcripts with Legitimation:")
    assert err == ""


def test_sample_agreement_of_respondents_includes_ms_01(sample_db: str) -> None:
    with Project.open(sample_db) as sample:
        respondents = agreement_report(sample, ["anna", "ben"], speakers=["Respondent"])
        both = ["RESPONDENT 1", "RESPONDENT 2"]
        numbered = agreement_report(sample, ["anna", "ben"], speakers=both)
    assert respondents.speakers_note == ""
    assert "ms_01" not in numbered.speakers_note and "ex_02" in numbered.speakers_note
    assert 0 < numbered.pooled.units < respondents.pooled.units
    code, out, err = run(
        "agreement", "-p", sample_db, "--coders", "anna,ben", "--speakers", "Respondent 2",
        "--csv", "-",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith("code,") and err.startswith("no turns by 'Respondent 2' in ex_02, ")
    code, out, err = run(
        "agreement", "-p", sample_db, "--coders", "anna,ben", "--speakers", "Respondent 2",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["speakers_note"] == err.strip()


async def test_the_tui_search_names_transcripts_the_speaker_filter_leaves_out(
    sample_db: str, burst: Callable[..., Awaitable[None]]
) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=(160, 40)) as pilot:
        await burst(pilot, "t", *"earmarked", "tab", *"speaker=respondent 2", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert {hit.transcript for hit in screen.hits} <= {"ms_01"}
        title = str(screen.query_one("#title", Static).content)
        assert "no turns by 'respondent 2' in ex_02, hr_05," in title
