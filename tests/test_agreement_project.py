"""Project agreement, disagreements and reconciliation, through the library and the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner
from sklearn.metrics import cohen_kappa_score

from workbench.agreement.disagreements import disagreements
from workbench.agreement.reconcile import accept, reconcile
from workbench.agreement.report import POOLED, agreement_report
from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.status import set_status
from workbench.errors import WorkbenchError
from workbench.exchange.codings_csv import import_codings
from workbench.sample.study import build_sample_project
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
UNITS = ("utterance", "sentence", "character", "span")
INTERVIEW = """Interviewer: What is the mandate?

Respondent: We deliver what states ask. We are not a protection agency.

Interviewer: And the money?

Respondent: Projects pay for everything.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = str(tmp_path_factory.mktemp("sample") / "sample.db")
    build_sample_project(location).close()
    yield location


def json_report(db: str, unit: str, *extra: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("agreement", "-p", db, "--coders", "anna,ben", "--unit", unit, *extra)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


# -- the sample study ------------------------------------------------------------------------


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_prints_sensible_per_code_figures(sample: str, unit: str) -> None:
    code, out, err = run("agreement", "-p", sample, "--coders", "anna,ben", "--unit", unit)
    assert code == 0, err
    assert out.startswith(f"unit: {unit}: ") and "\npooling: (pooled) " in out
    assert "transcripts (8, marked done by every coder): ex_02, hr_05," in out
    report = json_report(sample, unit, "--json")
    assert len(report["rows"]) == 21  # every code the two sample coders used
    for row in [*report["rows"], report["pooled"]]:
        assert row["code"] in out
        main_figure = row["krippendorff_alpha"] if unit == "span" else row["cohen_kappa"]
        used_by_both = all(share > 0 for share in row["prevalence"].values())
        if used_by_both:
            assert main_figure["value"] is not None
        for name in ("cohen_kappa", "krippendorff_alpha", "fleiss_kappa", "gwet_ac1"):
            value = row[name]["value"]
            assert value is None or -1 <= value <= 1
            assert value is not None or row[name]["note"].startswith("undefined (")
    # Two trained coders on one codebook agree well beyond chance, pooled over the codes.
    assert report["pooled"]["krippendorff_alpha"]["value"] > 0.3


CSV_COLUMNS = [
    "code",
    "transcript",
    "unit",
    "coders",
    "transcripts",
    "units",
    "prevalence_anna",
    "prevalence_ben",
    "percent_agreement",
    "cohen_kappa",
    "krippendorff_alpha",
    "fleiss_kappa",
    "gwet_ac1",
    "note",
    "pooling",
]


def test_the_csv_has_exactly_the_issue_columns(sample: str, tmp_path: Path) -> None:
    target = tmp_path / "agreement.csv"
    code, _, err = run("agreement", "-p", sample, "--coders", "anna,ben", "--csv", str(target))
    assert code == 0 and f"wrote {target}" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[-1]["code"] == POOLED and len(rows) == 22
    report = agreement_report(Project.open(sample), ["anna", "ben"])
    for row, expected in zip(rows, [*report.rows, report.pooled], strict=True):
        assert (row["code"], row["unit"], row["coders"]) == (expected.code, "utterance", "anna,ben")
        assert (row["transcripts"], row["units"]) == ("8", str(expected.units))
        assert row["fleiss_kappa"] == ""  # two coders: Fleiss' kappa is for three or more
        assert float(row["cohen_kappa"]) == pytest.approx(expected.cohen_kappa.value, abs=1e-6)


def test_kappas_recomputed_from_the_export_and_scikit_learn_match(sample: str) -> None:
    """Per-code utterance and character kappas, rebuilt from `codings export` alone."""
    code, exported, _ = run("codings", "export", "-p", sample)
    assert code == 0
    codings = list(csv.DictReader(io.StringIO(exported)))
    with Project.open(sample) as project:
        docs = {t.name: project.transcript(t.name) for t in project.transcripts()}
    names = sorted(docs)
    utterances = [(n, u) for n in names for u in docs[n].utterances if u.end > u.start]
    starts = np.cumsum([0] + [len(docs[n].text) for n in names])
    offset = dict(zip(names, starts, strict=False))
    by_unit = {
        "utterance": json_report(sample, "utterance", "--json"),
        "character": json_report(sample, "character", "--json"),
    }
    for row in by_unit["utterance"]["rows"]:
        labels = {}
        for coder in ("anna", "ben"):
            mine = [c for c in codings if c["coder"] == coder and c["code"] == row["code"]]
            labels[coder] = [
                int(
                    any(
                        c["transcript"] == n and int(c["start"]) < u.end and int(c["end"]) > u.start
                        for c in mine
                    )
                )
                for n, u in utterances
            ]
        expected = cohen_kappa_score(labels["anna"], labels["ben"])
        assert row["cohen_kappa"]["value"] == pytest.approx(expected, abs=1e-9)
    for row in by_unit["character"]["rows"]:
        grid = np.zeros((2, int(starts[-1])), dtype=int)
        for c in codings:
            if c["code"] == row["code"] and c["coder"] in ("anna", "ben"):
                base = offset[c["transcript"]]
                row_index = 1 if c["coder"] == "ben" else 0
                grid[row_index, base + int(c["start"]) : base + int(c["end"])] = 1
        assert row["cohen_kappa"]["value"] == pytest.approx(
            cohen_kappa_score(grid[0], grid[1]), abs=1e-9
        )
        expected = krippendorff.alpha(
            reliability_data=grid, value_domain=[0, 1], level_of_measurement="nominal"
        )
        assert row["krippendorff_alpha"]["value"] == pytest.approx(expected, abs=1e-9)


def test_nvivo_per_transcript_figures(sample: str) -> None:
    code, out, _ = run(
        "agreement", "-p", sample, "--coders", "anna,ben", "--unit", "character",
        "--by-transcript", "--codes", "Projectised funding",
    )  # fmt: skip
    assert code == 0
    listed = out.split("per code and transcript (NVivo's coding comparison)\n")[1].splitlines()
    assert listed[0].split() == ["code", "transcript", "characters", "agree", "%", "kappa"]
    assert len(listed) == 1 + 8  # one line per transcript
    report = agreement_report(
        Project.open(sample), ["anna", "ben"], "character", ["Projectised funding"],
        by_transcript=True,
    )  # fmt: skip
    assert [t.transcript for t in report.by_transcript] == list(report.transcripts)
    assert sum(t.characters for t in report.by_transcript) == report.rows[0].units


def test_disagreements_add_up_to_the_percent_agreement(sample: str) -> None:
    project = Project.open(sample)
    report = agreement_report(project, ["anna", "ben"])
    found = disagreements(project, ["anna", "ben"])
    expected = sum(r.units * (1 - r.percent_agreement.value / 100) for r in report.rows)  # type: ignore[operator]
    assert len(found) == round(expected)
    first = found[0]
    assert first.excerpt == project.transcript(first.transcript).text[first.start : first.end]
    assert set(first.coded_by) | set(first.not_coded_by) == {"anna", "ben"}
    code, out, _ = run("disagreements", "-p", sample, "--coders", "anna,ben", "--unit", "span")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["transcript", "where", "speaker"]
    assert "disagreements (span unit)" in out.splitlines()[-1]


# -- a small project: which transcripts count, reconciliation --------------------------------


@pytest.fixture
def small(project: Project, tmp_path: Path) -> Project:
    return make_small(project, tmp_path)


def make_small(project: Project, tmp_path: Path) -> Project:
    """Three copies of one interview; anna and ben agree on one passage and differ on two."""
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    files = []
    for name in ("t1", "t2", "t3"):
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, files)
    text = project.transcript("t1").text

    def span(fragment: str) -> str:
        start = text.index(fragment)
        return f"{start},{start + len(fragment)}"

    rows = [
        ("t1", "anna", "Legitimation", span("We deliver what states ask.")),
        ("t1", "ben", "Legitimation", span("We deliver what states ask. We are not")),
        ("t1", "anna", "Funding", span("Projects pay for everything.")),
        ("t1", "ben", "Funding", span("What is the mandate?")),
        ("t2", "anna", "Legitimation", span("We deliver")),
        ("t3", "ben", "Legitimation", span("We deliver")),
    ]
    table = tmp_path / "codings.csv"
    table.write_text(
        "transcript,coder,code,start,end\n" + "".join(f"{t},{c},{k},{s}\n" for t, c, k, s in rows)
    )
    import_codings(project, table)
    return project


def test_which_transcripts_count(small: Project) -> None:
    report = agreement_report(small, ["anna", "ben"])
    assert report.transcripts == ("t1",)  # the only one both coded; none is marked done
    assert report.transcript_rule.startswith("coded by every coder")
    for coder in ("anna", "ben"):
        set_status(small, "t2", coder, "done")
    set_status(small, "t3", "anna", "done")
    report = agreement_report(small, ["anna", "ben"])
    assert (report.transcripts, report.transcript_rule) == (("t2",), "marked done by every coder")
    chosen = agreement_report(small, ["anna", "ben"], transcripts=["t3", "t1"])
    assert chosen.transcripts == ("t1", "t3") and chosen.transcript_rule == "chosen by name"
    with pytest.raises(WorkbenchError, match="no transcript named 't9'"):
        agreement_report(small, ["anna", "ben"], transcripts=["t9"])


def test_a_transcript_named_but_not_coded_is_missing(small: Project) -> None:
    report = agreement_report(small, ["anna", "ben"], transcripts=["t1", "t2", "t3"])
    assert report.missing == {"anna": ("t3",), "ben": ("t2",)}
    utterances = len(small.transcript("t1").utterances)
    assert report.pooled.units == len(report.rows) * utterances  # t1 alone pairs
    set_status(small, "t3", "anna", "done")  # read, and nothing to code: that is data
    report = agreement_report(small, ["anna", "ben"], transcripts=["t1", "t2", "t3"])
    assert report.missing == {"ben": ("t2",)}


def test_reconcile_writes_agreed_codings_once(small: Project) -> None:
    before = small.row_counts()
    result = reconcile(small, ["anna", "ben"])
    assert (result.agreed, result.added, result.already, result.disagreements) == (1, 1, 0, 2)
    (agreed,) = small.codings(coders=["consensus"])
    text = small.transcript("t1").text
    both = "We deliver what states ask. We are not"  # anna's span and ben's, merged
    assert (agreed.code, text[agreed.start : agreed.end]) == ("Legitimation", both)
    again = reconcile(small, ["anna", "ben"])
    assert (again.added, again.already) == (0, 1)
    after = small.row_counts()
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {"coder", "coding", "event"} and after["coding"] == before["coding"] + 1
    events = small.events("agreement.reconcile")
    assert len(events) == 2 and json.loads(events[0].detail)["added"] == 1
    exact = reconcile(small, ["anna", "ben"], unit="span")
    assert exact.agreed == 0  # nobody drew the same span twice
    overlap = reconcile(small, ["anna", "ben"], unit="character")
    assert overlap.added == 1
    assert {c.end - c.start for c in small.codings(coders=["consensus"])} == {
        len(both),
        len("We deliver what states ask."),
    }


@pytest.mark.parametrize("unit", ["utterance", "sentence"])
def test_reconcile_writes_the_coders_spans_not_whole_units(small: Project, unit: str) -> None:
    """An agreed utterance gives the consensus what the coders coded there, not the turn."""
    result = reconcile(small, ["anna", "ben"], "merged", unit)
    shared = reconcile(small, ["anna", "ben"], "shared", unit, spans="intersect")
    assert result.agreed == shared.agreed == 1
    text = small.transcript("t1").text
    merged = [text[c.start : c.end] for c in small.codings(coders=["merged"])]
    common = [text[c.start : c.end] for c in small.codings(coders=["shared"])]
    # The sentence unit cuts ben's span at the end of the first sentence.
    union = "We deliver what states ask." + (" We are not" if unit == "utterance" else "")
    assert (merged, common) == ([union], ["We deliver what states ask."])
    code, _, err = run(
        "reconcile", "-p", small.location, "--coders", "anna,ben", "--into", "cli",
        "--unit", unit, "--spans", "intersect",
    )  # fmt: skip
    assert code == 0, err
    assert [text[c.start : c.end] for c in small.codings(coders=["cli"])] == common


def test_a_person_settles_a_disagreement(small: Project) -> None:
    found = disagreements(small, ["anna", "ben"], unit="character")
    funding = [d for d in found if d.code == "Funding" and d.coded_by == ("ben",)]
    assert len(funding) == 1 and funding[0].excerpt == "What is the mandate?"
    assert accept(small, funding[0], ["ben"]) == 1
    assert accept(small, funding[0], ["ben"]) == 0  # already there
    assert accept(small, funding[0], []) == 0  # "neither" adds nothing but is recorded
    assert [json.loads(e.detail)["take"] for e in small.events("agreement.accept")] == [
        ["ben"],
        ["ben"],
        [],
    ]
    (coding,) = small.codings(coders=["consensus"])
    assert small.transcript("t1").text[coding.start : coding.end] == "What is the mandate?"
    with pytest.raises(WorkbenchError, match="one of the coders"):
        accept(small, funding[0], ["anna"], into="ben")


def test_three_coders_get_fleiss_and_a_pairwise_table(small: Project, tmp_path: Path) -> None:
    text = small.transcript("t1").text
    start = text.index("We deliver")
    table = tmp_path / "carla.csv"
    table.write_text(
        f"transcript,coder,code,start,end\nt1,carla,Legitimation,{start},{start + 5}\n"
    )
    import_codings(small, table)
    report = agreement_report(small, ["anna", "ben", "carla"], transcripts=["t1"])
    row = report.rows[0]
    assert row.fleiss_kappa.defined and not row.cohen_kappa.defined
    assert [(p.coder_a, p.coder_b) for p in row.pairwise_kappa] == [
        ("anna", "ben"),
        ("anna", "carla"),
        ("ben", "carla"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("agreement", "--coders", "anna"), "two or more different coders"),
        (("agreement", "--coders", "anna,zoe"), "no coder named 'zoe'"),
        (("agreement", "--coders", "anna,ben", "--codes", "Nothing"), "no code 'Nothing'"),
        (("reconcile", "--coders", "anna,ben", "--into", "ben"), "one of the coders"),
        (("disagreements", "--coders", "anna,ben", "--transcripts", "t9"), "no transcript"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    sqlite_location: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    small = make_small(Project.init(sqlite_location), tmp_path)
    before = small.row_counts()
    code, out, err = run(args[0], "-p", small.location, *args[1:])
    assert code == 2 and err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert message in err and "Traceback" not in out + err
    assert small.row_counts() == before


def test_the_agreement_core_imports_no_interface_and_no_sklearn() -> None:
    probe = (
        "import sys\n"
        "import workbench.agreement.report, workbench.agreement.reconcile\n"
        "import workbench.agreement.disagreements, workbench.agreement.export\n"
        "print(sorted(m for m in ('textual', 'click', 'rich', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_character_decisions_stop_at_the_end_of_a_transcript(sample_db: str) -> None:
    from workbench.coding.actions import CoderActions

    with Project.open(sample_db) as project:
        lengths = {t: len(project.transcript(t).text) for t in ("ex_02", "hr_05")}
        for coder in ("anna", "ben"):
            actions = CoderActions(project, coder)
            for name, length in lengths.items():
                actions.apply(name, "Accountability", 0, length)
        actions = CoderActions(project, "carol")
        actions.apply("ex_02", "Accountability", lengths["ex_02"] - 5, lengths["ex_02"])
        actions.apply("hr_05", "Accountability", 0, 7)
        reconcile(project, ["anna", "ben"], "consensus", "character", codes=["Accountability"])
        agreed = [(c.transcript, c.start, c.end) for c in project.codings(coders=["consensus"])]
        assert agreed == [("ex_02", 0, lengths["ex_02"]), ("hr_05", 0, lengths["hr_05"])]
        found = disagreements(
            project, ["anna", "carol"], "character", codes=["Accountability"],
            transcripts=["ex_02", "hr_05"],
        )  # fmt: skip
        assert [(d.transcript, d.where) for d in found] == [
            ("ex_02", f"characters 0-{lengths['ex_02'] - 5}"),
            ("hr_05", f"characters 7-{lengths['hr_05']}"),
        ]


def test_reconcile_at_sentence_unit(sample: str) -> None:
    code, out, err = run(
        "reconcile",
        "-p",
        sample,
        "--coders",
        "anna,ben",
        "--into",
        "agreed_s",
        "--unit",
        "sentence",
    )
    assert code == 0, err
    assert "agreed sentence decisions" in out


def test_a_code_named_two_ways_is_one_row(sample: str) -> None:
    report = json_report(
        sample,
        "utterance",
        "--json",
        "--codes",
        "Normative claims",
        "--codes",
        "Legitimation/Normative claims",
    )
    assert [row["code"] for row in report["rows"]] == ["Legitimation/Normative claims"]


def test_undefined_pairwise_kappas_say_why(sample_db: str) -> None:
    from workbench.coding.actions import CoderActions

    with Project.open(sample_db) as project:
        CoderActions(project, "carol").apply("iom_03", "Legitimation", 100, 200)
    code, out, err = run(
        "agreement", "-p", sample_db, "--coders", "anna,ben,carol", "--transcripts", "iom_03"
    )
    assert code == 0, err
    pairwise = out.split("Cohen's kappa per coder pair")[1]
    assert "- kappa: undefined (no variation: no unit was coded): Legitimation (anna-ben)" in (
        pairwise
    )


def test_by_transcript_needs_character_units(sample: str) -> None:
    code, _out, err = run("agreement", "-p", sample, "--coders", "anna,ben", "--by-transcript")
    assert code == 2 and "add --unit character" in err


@pytest.mark.parametrize("command", ["agreement", "disagreements", "reconcile"])
def test_codes_and_code_are_one_option(sample: str, command: str) -> None:
    extra = ["--into", "agreed_x"] if command == "reconcile" else []
    for spelling in ("--codes", "--code"):
        code, _out, err = run(
            command, "-p", sample, "--coders", "anna,ben", spelling, "Protection DNA", *extra
        )
        assert code == 0, err
