"""Coded segments and citations from the hand-checked study, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.stats.citations import citation, cited_interviews
from workbench.stats.data import StudyData, load_study
from workbench.stats.segments import segments
from workbench.store.project import Project


@pytest.fixture(scope="module")
def study(stats_study_each_backend: Project) -> Project:
    return stats_study_each_backend


@pytest.fixture(scope="module")
def data(study: Project) -> StudyData:
    return load_study(study)


def test_segments_of_a_theme_include_its_children_in_text_order(data: StudyData) -> None:
    frame = segments(data, "Legitimation")
    assert list(frame.columns) == [
        "code", "transcript", "group", "number", "year",
        "speaker", "time", "coder", "start", "end", "memo", "text",
    ]  # fmt: skip
    got = [(r.code, r.transcript, r.coder, r.start, r.end, r.text) for r in frame.itertuples()]
    whole = "We deliver fast and we respect rights."
    assert got == [
        ("Legitimation/Performance", "iom_01", "anna", 53, 68, "We deliver fast"),
        # same span: codebook order (Normative before Performance)
        ("Legitimation/Normative", "iom_01", "ben", 53, 91, whole),
        ("Legitimation/Performance", "iom_01", "ben", 53, 91, whole),
        ("Legitimation/Normative", "iom_01", "anna", 73, 91, "we respect rights."),
        ("Legitimation/Normative", "iom_01", "anna", 76, 91, "respect rights."),
        ("Legitimation/Normative", "iom_03", "anna", 12, 29, "Rights come first"),
        ("Legitimation", "iom_03", "anna", 12, 37, "Rights come first for us."),
    ]  # fmt: skip
    assert set(frame["group"]) == {"IOM official"}
    assert set(frame["speaker"]) == {"Respondent"}


def test_segments_carry_speaker_memo_and_merged_codings(data: StudyData) -> None:
    frame = segments(data, "Funding", ["group"])
    got = [(r.transcript, r.coder, r.start, r.speaker, r.memo) for r in frame.itertuples()]
    assert got == [
        ("iom_01", "anna", 134, "Respondent", "Earmarking, in the respondent's words"),
        ("iom_01", "ben", 145, "Respondent", ""),  # coded as Dup, merged into Funding
        ("iom_03", "ben", 52, "Interviewer", ""),  # starts in the interviewer's turn
        ("iom_03", "anna", 77, "Respondent", ""),
    ]
    assert frame["text"][2] == "Is that so?\n\nRespondent: Donors decide"


def test_segments_sorted_by_an_attribute_first(data: StudyData) -> None:
    frame = segments(data, "Protection", ["year"])
    assert list(zip(frame["year"], frame["transcript"], frame["start"], strict=True)) == [
        ("2016", "ms_04", 12), ("2016", "ms_04", 14), ("2016", "ms_04", 31), ("2019", "iom_13", 12),
    ]  # fmt: skip


def test_segments_of_one_coder_and_of_an_unknown_code(study: Project, data: StudyData) -> None:
    assert list(segments(load_study(study, ["ben"]), "Protection/UNHCR")["code"]) == []
    with pytest.raises(WorkbenchError, match="no code 'Nothing' in the codebook"):
        segments(data, "Nothing")


def test_citations_from_the_study(study: Project, data: StudyData) -> None:
    assert citation(data, "Legitimation") == "Interviews, IOM officials 1, 3 (2015)"
    assert citation(data, "Protection") == (
        "Interviews, IOM official 13 (2019); member state official 4 (2016)"
    )
    assert citation(load_study(study, ["anna"]), "Protection") == (
        "Interview, member state official 4 (2016)"
    )
    assert citation(data, "Old", "{code}: {count} interview{s}, {groups}.") == (
        "Old: 1 interview, IOM official 3 (2015)."
    )
    assert citation(load_study(study, ["anna"]), "Old") == ""
    by_year_as_group = cited_interviews(data, "Funding", group_attr="year")
    assert [(c.transcript, c.group, c.number) for c in by_year_as_group] == [
        ("iom_01", "2015", "1"), ("iom_03", "2015", "3"),
    ]  # fmt: skip
    with pytest.raises(WorkbenchError, match="no attribute 'role'"):
        citation(data, "Funding", group_attr="role")
