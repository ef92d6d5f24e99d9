"""Citation formatting: ordering, years, plurals and templates (no project needed)."""

from __future__ import annotations

import pytest

from workbench.errors import WorkbenchError
from workbench.stats.citations import CitedInterview, format_citation, plural


def interview(group: str, number: str, year: str, name: str = "") -> CitedInterview:
    return CitedInterview(name or f"{group}_{number}", group, number, year)


def test_the_issue_example() -> None:
    interviews = [
        interview("member state official", "4", "2016"),
        interview("IOM official", "17", "2019"),
        interview("IOM official", "3", "2015"),
        interview("IOM official", "13", "2019"),
        interview("IOM official", "1", "2015"),
        interview("IOM official", "4", "2015"),
    ]
    assert format_citation(interviews) == (
        "Interviews, IOM officials 1, 3, 4 (2015), 13, 17 (2019); member state official 4 (2016)"
    )


def test_groups_go_alphabetically_ignoring_case_not_by_first_year() -> None:
    # The issue's second example: IOM (2016) comes before member state (2015).
    interviews = [
        interview("member state official", "1", "2015"),
        interview("IOM official", "15", "2016"),
        interview("IOM official", "3", "2016"),
        interview("IOM official", "13", "2016"),
    ]
    assert format_citation(interviews) == (
        "Interviews, IOM officials 3, 13, 15 (2016); member state official 1 (2015)"
    )


def test_numbers_compare_as_numbers_and_missing_years_come_last() -> None:
    interviews = [
        interview("expert", "10", ""),
        interview("expert", "9", "2020"),
        interview("expert", "2", ""),
        interview("expert", "11", "2020"),
    ]
    assert format_citation(interviews, "{groups}") == "experts 9, 11 (2020), 2, 10"


@pytest.mark.parametrize(
    ("label", "many"),
    [
        ("IOM official", "IOM officials"),
        ("UN agency staff", "UN agency staff"),
        ("NGO aid worker", "NGO aid workers"),
        ("NGO", "NGOs"),
        ("head of mission", "heads of mission"),
        ("policy adviser", "policy advisers"),
        ("deputy", "deputies"),
        ("witness", "witnesses"),
        ("spokeswoman", "spokeswomen"),
        ("Chairman of the board", "Chairmen of the board"),
        ("local people", "local people"),
        ("independent experts", "independent experts"),
        ("human rights advocate", "human rights advocates"),
        ("policeman", "policemen"),
        ("congresswoman", "congresswomen"),
        ("human", "humans"),
        ("expert on migration", "experts on migration"),
        ("officer in charge", "officers in charge"),
        ("adviser to the minister", "advisers to the minister"),
    ],
)
def test_plural(label: str, many: str) -> None:
    assert plural(label) == many


def test_plural_overrides_and_singular_groups() -> None:
    interviews = [interview("IOM staff", "1", "2015"), interview("IOM staff", "2", "2015")]
    assert format_citation(interviews, "{groups}") == "IOM staff 1, 2 (2015)"
    twice = [interview("consul", "1", "2015"), interview("consul", "2", "2016")]
    assert format_citation(twice, "{groups}", plurals={"consul": "consular staff"}) == (
        "consular staff 1 (2015), 2 (2016)"
    )
    assert format_citation(twice[:1]) == "Interview, consul 1 (2015)"


def test_templates_are_checked() -> None:
    one = [interview("expert", "1", "2015")]
    assert (
        format_citation(one, "{count} ({code}): {groups}", code="A/B") == "1 (A/B): expert 1 (2015)"
    )
    with pytest.raises(WorkbenchError, match=r"unknown field \{group\} in --format"):
        format_citation(one, "{group}")
    with pytest.raises(WorkbenchError, match="invalid --format template"):
        format_citation(one, "{groups")
