"""The sample study: the theme-by-group table and the citations, checked against numbers
recomputed here straight from sample_transcripts/ (plain csv, sets of characters)."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.resources import data_dir
from workbench.sample.study import build_sample_project
from workbench.store.project import Project

SAMPLE = data_dir("sample_transcripts")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    with build_sample_project(str(tmp_path_factory.mktemp("sample") / "sample.db")) as project:
        yield project


def read(name: str) -> list[dict[str, str]]:
    with open(SAMPLE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_theme_table(sample: Project) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(theme, coder, group) -> (segments, transcripts, words), from the files themselves."""
    groups = {row["transcript"]: row["group"] for row in read("attributes.csv")}
    words_of = {
        name: [range(*w.span()) for w in re.finditer(r"\S+", sample.transcript(name).text)]
        for name in groups
    }
    spans: dict[tuple[str, str, str], set[tuple[str, int, int]]] = defaultdict(set)
    for coder in ("anna", "ben"):
        for row in read(f"codings_{coder}.csv"):
            theme = row["code"].split("/")[0]
            key = (theme, coder, groups[row["transcript"]])
            spans[key].add((row["transcript"], int(row["start"]), int(row["end"])))
    table = {}
    for key, found in spans.items():
        words = 0
        for name in {transcript for transcript, _, _ in found}:
            covered = {i for t, s, e in found if t == name for i in range(s, e)}
            words += sum(1 for word in words_of[name] if any(i in covered for i in word))
        table[key] = (len(found), len({t for t, _, _ in found}), words)
    return table


def test_counts_theme_by_group_is_the_tidy_table(sample: Project, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    args = ["counts", "-p", sample.location, "--level", "theme", "--by", "group", "--csv"]
    result = CliRunner().invoke(main, [*args, str(out)])
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert b"\r" not in raw
    lines = raw.decode("utf-8").splitlines()
    assert lines[0] == "theme,code,coder,group,segments,transcripts,words"
    rows = list(csv.DictReader(lines))
    themes = list(dict.fromkeys(row["theme"] for row in rows))
    assert len(themes) == 9 and themes[0] == "Legitimation" and themes[-1] == "Accountability"
    assert {row["code"] for row in rows} == {""}
    groups = {row["group"] for row in read("attributes.csv")}
    assert len(rows) == len(themes) * 2 * len(groups)  # zeros included
    expected = expected_theme_table(sample)
    got = {
        (row["theme"], row["coder"], row["group"]): (
            int(row["segments"]),
            int(row["transcripts"]),
            int(row["words"]),
        )
        for row in rows
    }
    assert {key: value for key, value in got.items() if value != (0, 0, 0)} == expected
    assert got[("Internal policymaking", "anna", "NGO aid worker")] == (0, 0, 0)


CITATION = re.compile(r"^(?P<theme>[^:]+): Interviews?, (?P<groups>.+)$")


def cited_transcripts(groups: str) -> set[str]:
    """Back from `IOM officials 3, 13 (2016), 17 (2019); ...` to transcript names."""
    attributes = read("attributes.csv")
    found = set()
    for part in groups.split("; "):
        label, _, numbers = part.partition(" ")
        while not numbers[:1].isdigit():  # labels have several words
            more, _, numbers = numbers.partition(" ")
            label += " " + more
        for item in re.finditer(r"(\d+)(?: \((\d{4})\))?", numbers):
            matches = [
                row["transcript"]
                for row in attributes
                if row["number"] == item.group(1) and label in (row["group"], row["group"] + "s")
            ]
            assert len(matches) == 1, (label, item.group(0))
            found.add(matches[0])
    return found


def test_cite_lists_the_right_interviews_for_each_theme(sample: Project) -> None:
    result = CliRunner().invoke(main, ["cite", "-p", sample.location])
    assert result.exit_code == 0, result.output
    coded: dict[str, set[str]] = defaultdict(set)
    for coder in ("anna", "ben"):
        for row in read(f"codings_{coder}.csv"):
            coded[row["code"].split("/")[0]].add(row["transcript"])
    lines = result.stdout.splitlines()
    assert len(lines) == 9
    for line in lines:
        match = CITATION.match(line)
        assert match, line
        assert cited_transcripts(match["groups"]) == coded[match["theme"]], line
    assert (
        "Internal policymaking: Interviews, human rights advocate 5 (2020); independent expert "
        "2 (2018); IOM officials 3, 13 (2016), 17 (2019); member state official 1 (2015); "
        "UN agency staff 2 (2017)"
    ) in lines


def test_chart_and_report_on_the_sample(sample: Project, tmp_path: Path) -> None:
    from PIL import Image

    chart = tmp_path / "themes.png"
    report = tmp_path / "report.html"
    runner = CliRunner()
    assert runner.invoke(main, ["chart", "-p", sample.location, "--out", str(chart)]).exit_code == 0
    with Image.open(chart) as image:
        image.load()
        assert image.size[0] > 0 and image.size[1] > 0
    result = runner.invoke(main, ["report", "-p", sample.location, "--out", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    for row in read("codings_anna.csv"):
        theme = row["code"].split("/")[0]
        assert f"<td>{theme}</td>" in page
    assert page.count("<blockquote>") >= 21  # every code of the sample has quotes


def test_report_is_written_when_agreement_cannot_be_computed(
    sample_db: str, tmp_path: Path
) -> None:
    from workbench.coding.actions import CoderActions
    from workbench.transcripts.importer import import_transcripts

    new = tmp_path / "ngo_09.txt"
    new.write_text("Interviewer: And then?\n\nRespondent: We left.\n", encoding="utf-8")
    with Project.open(sample_db) as project:
        CoderActions(project, "dana")  # opened the TUI once, has coded nothing yet
        import_transcripts(project, [new])
        CoderActions(project, "carol").apply("ngo_09", "Projectised funding", 36, 44)
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", "-p", sample_db, "--out", str(report)])
    assert result.exit_code == 0, result.output
    agreement = report.read_text(encoding="utf-8").split('id="agreement"')[1]
    agreement = agreement.split("<h2")[0]
    assert (
        "Not computed (workbench agreement --coders anna,ben,carol --unit utterance): " in agreement
    )
    assert "no transcript to compare" in agreement
    assert "dana" not in agreement
