"""A transcript a coder neither coded nor marked done is missing for that coder, not "nothing"."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from textual.widgets import Input, Static

from workbench.agreement.coefficients import fleiss_kappa, gwet_ac1
from workbench.agreement.disagreements import disagreements
from workbench.agreement.report import agreement_report
from workbench.agreement.table import agreement_tables
from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_status, set_statuses
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen

FIXTURES = Path(__file__).parent / "fixtures"
CAROLS = ("ex_02", "hr_05", "iom_03")  # the transcripts carol coded: ben's codings there
CODES = ("Legitimation", "Funding")
INTERVIEW = """Interviewer: What is the mandate?

Respondent: We deliver what states ask. We are not a protection agency.

Interviewer: And the money?

Respondent: Projects pay for everything.
"""


@pytest.fixture
def skipped(sample_db: str) -> Iterator[Project]:
    """The sample study and carol, who coded three of its eight transcripts (as ben did)."""
    with Project.open(sample_db) as project:
        carol = CoderActions(project, "carol")
        for coding in project.codings(coders=["ben"]):
            if coding.transcript in CAROLS:
                carol.apply(coding.transcript, coding.code, coding.start, coding.end)
        yield project


def test_a_skipped_transcript_is_missing_not_coded_nothing(skipped: Project) -> None:
    everything = [t.name for t in skipped.transcripts()]
    for unit in ("utterance", "sentence", "character", "span"):
        named = agreement_report(skipped, ["anna", "carol"], unit, transcripts=everything)
        both = agreement_report(skipped, ["anna", "carol"], unit, transcripts=list(CAROLS))
        assert named.missing == {"carol": tuple(t for t in everything if t not in CAROLS)}
        # Two coders: alpha has no pairable value where carol is missing, kappa and percent
        # use the units both coded. (AC1's category shares also count anna's codings there.)
        for mine, theirs in zip(
            (*named.rows, named.pooled), (*both.rows, both.pooled), strict=True
        ):
            for figure in ("percent_agreement", "cohen_kappa", "krippendorff_alpha"):
                ours, expected = getattr(mine, figure), getattr(theirs, figure)
                assert ours.note == expected.note, (unit, mine.code, figure)
                if expected.defined:
                    assert ours.value == pytest.approx(expected.value, abs=1e-12)
        assert both.missing == {} and named.missing_rule
    # Marking a transcript done says "I read it and coded nothing": it is data then.
    set_status(skipped, "ms_01", "carol", "done")
    done = agreement_report(skipped, ["anna", "carol"], transcripts=everything)
    assert "ms_01" not in done.missing["carol"]
    assert done.pooled.units > named.pooled.units


def test_the_cli_and_the_tables_say_which_transcripts_were_missing(skipped: Project) -> None:
    everything = ",".join(t.name for t in skipped.transcripts())
    command = ["agreement", "-p", skipped.location, "--coders", "anna,carol"]
    result = CliRunner().invoke(main, [*command, "--transcripts", everything])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stdout.splitlines() if line.startswith("- missing")]
    assert notes == [
        "- missing (neither coded nor marked done): carol in iom_13, iom_17, ms_01, ngo_06, "
        "un_02: their units there are missing, not 'coded nothing' (alpha, Fleiss and AC1 use "
        "the coders present; kappa and percent agreement the units both coders coded)"
    ]
    written = CliRunner().invoke(main, [*command, "--transcripts", everything, "--csv", "-"])
    pooled = written.stdout.splitlines()[-1]
    assert pooled.startswith("(pooled),") and notes[0][2:] in pooled
    report = agreement_report(skipped, ["anna", "ben", "carol"], transcripts=everything.split(","))
    assert agreement_tables(report).main.notes[0].startswith("- missing (")
    by_transcript = agreement_report(
        skipped, ["anna", "carol"], "character", transcripts=["ex_02", "un_02"], by_transcript=True
    )
    kappas = {row.transcript: row.cohen_kappa for row in by_transcript.by_transcript}
    assert kappas["ex_02"].defined and not kappas["un_02"].defined
    assert "carol missing" in kappas["un_02"].note


async def test_the_tui_names_the_transcripts_and_says_who_was_missing(skipped: Project) -> None:
    everything = [t.name for t in skipped.transcripts()]
    set_statuses(skipped, everything, "dora", "done")  # blind coding hides nothing from her
    app = make_app(skipped.location, "dora")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await app.workers.wait_for_complete()
        coders = screen.query_one("#coders", Input)
        coders.value = ""
        coders.focus()
        await pilot.press(*"anna,carol", "enter", "tab", *"ex_02,un_02", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.report is not None
        assert screen.report.transcripts == ("ex_02", "un_02")
        assert screen.report.coders == ("anna", "carol")
        notes = str(screen.query_one("#agreement-notes", Static).content).split("\n")
        assert [line for line in notes if line.startswith("- missing")] == [
            "- missing (neither coded nor marked done): carol in un_02: their units there are "
            "missing, not 'coded nothing' (alpha, Fleiss and AC1 use the coders present; kappa "
            "and percent agreement the units both coders coded)"
        ]


# -- the property: project alpha is the krippendorff package's with those units missing ----


@pytest.fixture(scope="module")
def three_interviews(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    folder = tmp_path_factory.mktemp("missing")
    files = []
    for name in ("t1", "t2", "t3"):
        files.append(folder / f"{name}.txt")
        files[-1].write_text(INTERVIEW, encoding="utf-8")
    with Project.init(str(folder / "study.db")) as project:
        service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
        import_transcripts(project, files)
        yield project


studies = st.integers(2, 3).flatmap(
    lambda m: st.tuples(
        st.just(m),
        # per coder and transcript: skipped (no codings, not done), done, or coded
        st.lists(st.lists(st.sampled_from("sdc"), min_size=3, max_size=3), min_size=m, max_size=m),
        # per coder, transcript, code and utterance: coded or not
        st.lists(st.booleans(), min_size=m * 3 * 2 * 4, max_size=m * 3 * 2 * 4),
    )
)
counter = itertools.count()


@settings(max_examples=40, deadline=None)
@given(studies)
def test_project_alpha_is_the_krippendorff_packages(
    three_interviews: Project, study: tuple[int, list[list[str]], list[bool]]
) -> None:
    m, states, choices = study
    project = three_interviews
    coders = [f"c{next(counter)}" for _ in range(m)]
    transcripts = ("t1", "t2", "t3")
    utterances = project.transcript("t1").utterances
    n_units = len(utterances)
    assert n_units == 4
    # matrix[code][coder][transcript * 4 + utterance]: 1 coded, 0 not, nan missing
    matrix = np.full((len(CODES), m, 3 * n_units), np.nan)
    flags = iter(choices)
    for j, coder in enumerate(coders):
        actions = CoderActions(project, coder)
        for t, transcript in enumerate(transcripts):
            state = states[j][t]
            wanted = [[next(flags) for _ in utterances] for _ in CODES]
            if state == "d":
                set_status(project, transcript, coder, "done")
            if state == "s" or (state == "c" and not any(map(any, wanted))):
                # opened, perhaps, but neither coded nor marked done: skipped
                set_status(project, transcript, coder, "in_progress")
                continue
            for c, code in enumerate(CODES):
                for u, utterance in enumerate(utterances):
                    coded = state == "c" and wanted[c][u]
                    matrix[c, j, t * n_units + u] = float(coded)
                    if coded:
                        actions.apply(transcript, code, utterance.start, utterance.end)
    report = agreement_report(project, coders, codes=list(CODES), transcripts=list(transcripts))
    pooled = np.concatenate(list(matrix), axis=1)  # the codes' units side by side
    for row, data in (*zip(report.rows, matrix, strict=True), (report.pooled, pooled)):
        pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
        varied = len(np.unique(pairable[~np.isnan(pairable)])) == 2
        alpha = row.krippendorff_alpha
        if varied:
            expected = krippendorff.alpha(
                reliability_data=data, value_domain=[0, 1], level_of_measurement="nominal"
            )
            assert alpha.value == pytest.approx(expected, abs=1e-9)
        else:
            assert alpha.value is None
        labels = [[None if np.isnan(v) else int(v) for v in coder] for coder in data]
        if pairable.size:
            ac1 = gwet_ac1(*labels, categories=[0, 1])
            assert row.gwet_ac1.value == pytest.approx(ac1.value, abs=1e-9)
        if m == 3 and varied:
            fleiss = fleiss_kappa(*labels, categories=[0, 1])
            assert row.fleiss_kappa.value == pytest.approx(fleiss.value, abs=1e-9)
        if m == 2 and row.cohen_kappa.defined:
            both = ~np.isnan(data).any(axis=0)
            expected = cohen_kappa_score(data[0, both], data[1, both], labels=[0, 1])
            assert row.cohen_kappa.value == pytest.approx(expected, abs=1e-9)


def test_a_coder_missing_from_a_transcript_disagrees_with_no_one_there(skipped: Project) -> None:
    everything = [t.name for t in skipped.transcripts()]
    found = disagreements(skipped, ["anna", "carol"], transcripts=everything)
    assert found and {d.transcript for d in found} <= set(CAROLS)
    three = disagreements(skipped, ["anna", "ben", "carol"], transcripts=everything)
    elsewhere = [d for d in three if d.transcript not in CAROLS]
    assert elsewhere and all("carol" not in d.not_coded_by for d in elsewhere)
