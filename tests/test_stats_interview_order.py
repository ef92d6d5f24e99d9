"""Saturation's default order of interviews: the order they were conducted (a date, else a
year), else the natural order of their names, never the order of import; one choice for the
command, the reports screen and the appendix, and each says which order it used."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_project import FIXTURES, INTERVIEW, run

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.desk import CoderDesk
from workbench.stats.appendix.base import read_study
from workbench.stats.appendix.document import Paragraph, Table
from workbench.stats.appendix.saturation_section import saturation_section
from workbench.stats.data import load_study
from workbench.stats.interview_order import choose_order
from workbench.stats.saturation import new_codes
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

# Imported in this order; conducted (by date) int_9, int_1, int_10, int_2; by name int_1, int_2,
# int_9, int_10. The codes each holds make the three orders add codes differently.
IMPORTED = ["int_10", "int_2", "int_9", "int_1"]
DATES = {
    "int_9": "2021-01-05",
    "int_1": "2021-02-10",
    "int_10": "2021-03-01",
    "int_2": "2021-04-12",
}
CODES = {
    "int_9": ["Legitimation", "Funding"],
    "int_1": ["Legitimation", "Protection DNA"],
    "int_10": ["Legitimation/Normative claims"],
    "int_2": ["Legitimation"],
}
WORDS = ("mandate", "deliver", "states")


def build(tmp_path: Path, attributes: str) -> str:
    """The four interviews, imported out of order, with `attributes` (a CSV's text)."""
    db = str(tmp_path / "order.db")
    sheet = tmp_path / "attributes.csv"
    sheet.write_text(attributes, encoding="utf-8")
    files = []
    for name in IMPORTED:
        (tmp_path / f"{name}.txt").write_text(INTERVIEW, encoding="utf-8")
        files.append(tmp_path / f"{name}.txt")
    with Project.init(db, actor="tester") as project:
        service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
        import_transcripts(project, files, attributes=sheet)
        desk = CoderDesk(project, "anna")
        for name, codes in CODES.items():
            for code, word in zip(codes, WORDS, strict=False):
                start = INTERVIEW.index(word)
                desk.apply(name, code, start, start + len(word))
    return db


def dated(extra: str = "") -> str:
    rows = [f"{name},{date}{extra}" for name, date in DATES.items()]
    return "\n".join([f"transcript,date{',group' if extra else ''}", *rows]) + "\n"


def test_by_default_interviews_go_in_the_order_they_were_conducted(tmp_path: Path) -> None:
    db = build(tmp_path, dated())
    with Project.open(db) as project:
        data = load_study(project)
        frame = new_codes(data)
        chosen = choose_order(data)
        section = saturation_section(read_study(project))
    assert frame["transcript"].tolist() == ["int_9", "int_1", "int_10", "int_2"]
    assert frame["date"].tolist() == sorted(DATES.values())
    assert frame["new"].tolist() == [2, 1, 1, 0]
    assert (chosen.attribute, chosen.given) == ("date", False)
    rule = section.blocks[0]
    assert isinstance(rule, Paragraph)
    assert "interviews are taken in the order they were conducted, by date (ties" in rule.text
    per = next(b for b in section.blocks if isinstance(b, Table) and b.caption.startswith("New"))
    assert per.frame["transcript"].tolist() == ["int_9", "int_1", "int_10", "int_2"]
    code, out, err = run("saturation", "-p", db, "--base", "2", "--run", "1")
    assert code == 0, err
    assert "order: date (when conducted; ties by transcript name)" in out
    assert [line.split()[1] for line in out.splitlines()[3:7]] == ["int_9", "int_1", "int_10",
                                                                  "int_2"]  # fmt: skip


def test_without_a_date_or_year_for_each_the_names_decide(tmp_path: Path) -> None:
    """A year missing for one interview cannot order them all: natural order of the names
    (int_2 before int_10), not the order of import, and the appendix says so."""
    years = "transcript,year\nint_9,2021\nint_1,2021\nint_10,2022\nint_2,\n"
    db = build(tmp_path, years)
    with Project.open(db) as project:
        data = load_study(project)
        frame = new_codes(data)
        section = saturation_section(read_study(project))
    assert frame["transcript"].tolist() == ["int_1", "int_2", "int_9", "int_10"]
    assert frame["new"].tolist() == [2, 0, 1, 1]
    assert "year" not in frame.columns
    rule = section.blocks[0]
    assert isinstance(rule, Paragraph) and "natural order of their transcript names" in rule.text
    code, out, err = run("saturation", "-p", db)
    assert code == 0, err
    assert "order: transcript name (natural order)" in out


def test_an_order_given_wins_and_by_a_date_the_default_steps_aside(tmp_path: Path) -> None:
    db = build(tmp_path, dated(",A"))
    with Project.open(db) as project:
        data = load_study(project)
        assert choose_order(data, "group").given
        # --by date: within one date there is nothing to order by it; the names decide.
        assert choose_order(data, by="date").attribute is None
    code, out, err = run("saturation", "-p", db, "--order", "date")
    assert code == 0, err
    assert "; order: date\n" in out


@pytest.mark.parametrize("attribute", ["Year", "interview_date"])
def test_the_attribute_is_found_whatever_its_case(tmp_path: Path, attribute: str) -> None:
    sheet = dated().replace("transcript,date", f"transcript,{attribute}")
    db = build(tmp_path, sheet)
    with Project.open(db) as project:
        assert choose_order(load_study(project)).attribute == attribute
