"""Counts, crosstabs, matrices and co-occurrence against numbers counted by hand.

The study is tests/fixtures/stats/ (see test_stats_study.py); each expected row says where
its numbers come from. Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, load_study
from workbench.stats.frequencies import bar_groups, cooccurrence, counts, matrix, wide
from workbench.store.project import Project

STATS = Path(__file__).parent / "fixtures" / "stats"

CODES = [
    "Legitimation",
    "Legitimation/Normative",
    "Legitimation/Performance",
    "Protection",
    "Protection/UNHCR",
    "Funding",
    "Old",
]


@pytest.fixture(scope="module")
def study(stats_study_each_backend: Project) -> Project:
    return stats_study_each_backend


@pytest.fixture(scope="module")
def data(study: Project) -> StudyData:
    return load_study(study)


def rows(frame: object) -> list[tuple[object, ...]]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    return [tuple(row) for row in frame.itertuples(index=False, name=None)]


def test_code_counts_segments_transcripts_and_words(data: StudyData) -> None:
    table = counts(data, "code")
    assert list(table.columns) == ["theme", "code", "coder", "segments", "transcripts", "words"]
    assert rows(table) == [
        # anna: "Rights come first for us." (5 words) in iom_03
        ("Legitimation", "Legitimation", "anna", 1, 1, 5),
        ("Legitimation", "Legitimation", "ben", 0, 0, 0),
        # anna: overlapping "we respect rights." + "respect rights." count 3 words once,
        # plus "Rights come first" (3) in iom_03
        ("Legitimation", "Legitimation/Normative", "anna", 3, 2, 6),
        ("Legitimation", "Legitimation/Normative", "ben", 1, 1, 7),
        ("Legitimation", "Legitimation/Performance", "anna", 1, 1, 3),
        ("Legitimation", "Legitimation/Performance", "ben", 1, 1, 7),
        ("Protection", "Protection", "anna", 0, 0, 0),
        # ben: "Protection matters to states." (4) + "We are not a protection agency <laughs>." (7)
        ("Protection", "Protection", "ben", 2, 2, 11),
        # anna: "otection matters" starts inside a word and still counts it (2) + "to states." (2)
        ("Protection", "Protection/UNHCR", "anna", 2, 1, 4),
        ("Protection", "Protection/UNHCR", "ben", 0, 0, 0),
        ("Funding", "Funding", "anna", 2, 2, 5),
        # ben: Dup's "earmarked by donors" (3, merged into Funding) + a span across a turn,
        # "Is that so?\n\nRespondent: Donors decide" (6 words of the stored text)
        ("Funding", "Funding", "ben", 2, 2, 9),
        ("Old", "Old", "anna", 0, 0, 0),
        ("Old", "Old", "ben", 1, 1, 2),  # retired, still counted; Dup (merged) has no row
    ]


def test_theme_counts_roll_children_up_and_count_a_shared_span_once(data: StudyData) -> None:
    assert rows(counts(data, "theme")) == [
        # anna: 5 distinct spans; words: iom_01 "We deliver fast" + "we respect rights." (6)
        # and iom_03 "Rights come first for us." (5)
        ("Legitimation", "", "anna", 5, 2, 11),
        # ben coded Normative and Performance on the same span: one theme segment
        ("Legitimation", "", "ben", 1, 1, 7),
        ("Protection", "", "anna", 2, 1, 4),
        ("Protection", "", "ben", 2, 2, 11),
        ("Funding", "", "anna", 2, 2, 5),
        ("Funding", "", "ben", 2, 2, 9),
        ("Old", "", "anna", 0, 0, 0),
        ("Old", "", "ben", 1, 1, 2),
    ]


def test_counts_by_attribute_list_every_value_with_zeros(data: StudyData) -> None:
    table = counts(data, "theme", ["group"])
    assert list(table.columns) == [
        "theme", "code", "coder", "group", "segments", "transcripts", "words",
    ]  # fmt: skip
    found = {(r[0], r[2], r[3]): r[4:] for r in rows(table)}
    assert len(found) == len(table) == 4 * 2 * 3
    assert [r[3] for r in rows(table)[:3]] == [
        "IOM official", "member state official", "UN agency staff",
    ]  # fmt: skip
    assert found[("Legitimation", "anna", "IOM official")] == (5, 2, 11)
    assert found[("Protection", "ben", "IOM official")] == (1, 1, 7)
    assert found[("Protection", "ben", "member state official")] == (1, 1, 4)
    assert found[("Protection", "anna", "member state official")] == (2, 1, 4)
    assert found[("Old", "ben", "IOM official")] == (1, 1, 2)
    assert found[("Funding", "ben", "UN agency staff")] == (0, 0, 0)
    nonzero = {key for key, value in found.items() if value != (0, 0, 0)}
    assert len(nonzero) == 8


def test_by_two_attributes_crosses_only_combinations_that_exist(data: StudyData) -> None:
    table = counts(data, "theme", ["group", "year"])
    combos = sorted({(r[3], r[4]) for r in rows(table)})
    assert combos == [
        ("IOM official", "2015"), ("IOM official", "2019"),
        ("UN agency staff", "2017"), ("member state official", "2016"),
    ]  # fmt: skip
    by_year = {(r[0], r[2], r[3], r[4]): r[5] for r in rows(table)}
    assert by_year[("Protection", "ben", "IOM official", "2019")] == 1
    assert by_year[("Legitimation", "anna", "IOM official", "2015")] == 5


def test_wide_pivots_attribute_values_into_columns(data: StudyData) -> None:
    table = wide(counts(data, "theme", ["group"]), ["group"])
    assert list(table.columns) == [
        "theme", "code", "coder", "IOM official", "member state official", "UN agency staff",
    ]  # fmt: skip
    assert rows(table) == [
        ("Legitimation", "", "anna", 5, 0, 0),
        ("Legitimation", "", "ben", 1, 0, 0),
        ("Protection", "", "anna", 0, 2, 0),
        ("Protection", "", "ben", 1, 1, 0),
        ("Funding", "", "anna", 2, 0, 0),
        ("Funding", "", "ben", 2, 0, 0),
        ("Old", "", "anna", 0, 0, 0),
        ("Old", "", "ben", 1, 0, 0),
    ]
    by_coder = wide(counts(data, "code"), [], "words")
    assert list(by_coder.columns) == ["theme", "code", "anna", "ben"]
    assert rows(by_coder)[1] == ("Legitimation", "Legitimation/Normative", 6, 7)


def test_bar_groups_follow_the_attribute(data: StudyData) -> None:
    """From the wide table above: each group's bars add both coders, per attribute value."""
    tidy = counts(data, "theme", ["group"])
    groups = ["IOM official", "member state official", "UN agency staff"]
    assert bar_groups(tidy, "theme", ["group"]) == {
        "Legitimation": dict(zip(groups, [6.0, 0.0, 0.0], strict=True)),
        "Protection": dict(zip(groups, [1.0, 3.0, 0.0], strict=True)),
        "Funding": dict(zip(groups, [4.0, 0.0, 0.0], strict=True)),
        "Old": dict(zip(groups, [1.0, 0.0, 0.0], strict=True)),
    }
    by_coder = bar_groups(counts(data, "theme"), "theme")
    assert by_coder["Protection"] == {"anna": 2.0, "ben": 2.0}


def test_matrix_counts_and_presence(data: StudyData) -> None:
    table = matrix(data, "code")
    assert list(table.columns) == ["transcript", "group", "number", "year", *CODES]
    assert rows(table) == [
        ("iom_01", "IOM official", "1", "2015", 0, 3, 2, 0, 0, 2, 0),
        ("iom_03", "IOM official", "3", "2015", 1, 1, 0, 0, 0, 2, 1),
        ("iom_13", "IOM official", "13", "2019", 0, 0, 0, 1, 0, 0, 0),
        ("ms_04", "member state official", "4", "2016", 0, 0, 0, 1, 2, 0, 0),
        ("un_02", "UN agency staff", "2", "2017", 0, 0, 0, 0, 0, 0, 0),
    ]
    themes = matrix(data, "theme", presence=True)
    assert [r[4:] for r in rows(themes)] == [
        (1, 0, 1, 0), (1, 0, 1, 1), (0, 1, 0, 0), (0, 1, 0, 0), (0, 0, 0, 0),
    ]  # fmt: skip


def test_cooccurrence_within_utterances(data: StudyData) -> None:
    table = cooccurrence(data, "code", "utterance")
    assert list(table.columns) == ["code", *CODES]
    assert rows(table) == [
        ("Legitimation", 1, 1, 0, 0, 0, 0, 0),
        # anna and ben each code Normative and Performance in iom_01's second turn
        ("Legitimation/Normative", 1, 3, 2, 0, 0, 0, 0),
        ("Legitimation/Performance", 0, 2, 2, 0, 0, 0, 0),
        ("Protection", 0, 0, 0, 2, 0, 0, 0),
        ("Protection/UNHCR", 0, 0, 0, 0, 1, 0, 0),
        # ben's span across two turns codes both: 2 of anna's + 3 of ben's units
        ("Funding", 0, 0, 0, 0, 0, 5, 0),
        ("Old", 0, 0, 0, 0, 0, 0, 1),
    ]


def test_cooccurrence_of_overlapping_segments(data: StudyData) -> None:
    table = cooccurrence(data, "code", "overlap")
    assert rows(table) == [
        ("Legitimation", 1, 1, 0, 0, 0, 0, 0),
        ("Legitimation/Normative", 1, 4, 1, 0, 0, 0, 0),
        ("Legitimation/Performance", 0, 1, 2, 0, 0, 0, 0),
        ("Protection", 0, 0, 0, 2, 0, 0, 0),
        ("Protection/UNHCR", 0, 0, 0, 0, 2, 0, 0),
        ("Funding", 0, 0, 0, 0, 0, 4, 0),
        ("Old", 0, 0, 0, 0, 0, 0, 1),
    ]
    # At theme level those pairs fall inside one theme; the diagonal counts distinct spans.
    themes = cooccurrence(data, "theme", "overlap")
    assert rows(themes) == [
        ("Legitimation", 6, 0, 0, 0),
        ("Protection", 0, 4, 0, 0),
        ("Funding", 0, 0, 4, 0),
        ("Old", 0, 0, 0, 1),
    ]


def test_one_coder_and_an_unknown_coder(study: Project) -> None:
    ben = load_study(study, ["ben"])
    assert {r[2] for r in rows(counts(ben))} == {"ben"}
    assert rows(matrix(ben, "theme"))[0][4:] == (1, 0, 1, 0)  # iom_01: one span, Dup's
    with pytest.raises(WorkbenchError, match="no coder named 'zed'"):
        load_study(study, ["zed"])


def test_bad_attribute_level_and_within_are_refused(data: StudyData) -> None:
    with pytest.raises(WorkbenchError, match=r"no attribute 'region' .*have: group, number, year"):
        counts(data, "code", ["region"])
    with pytest.raises(WorkbenchError, match="level must be one of code, theme"):
        counts(data, "family")
    with pytest.raises(WorkbenchError, match="--within must be one of utterance, overlap"):
        cooccurrence(data, "code", "sentence")


def test_a_project_without_codings_lists_zeros(project: Project) -> None:

    from workbench.codebook import service
    from workbench.codebook.files import load_codebook

    service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
    empty = load_study(project)
    assert counts(empty).empty  # no coders, so no blocks
    assert list(matrix(empty).columns) == ["transcript", *CODES, "Dup"]
    assert rows(cooccurrence(empty, "theme"))[0] == ("Legitimation", 0, 0, 0, 0, 0)
