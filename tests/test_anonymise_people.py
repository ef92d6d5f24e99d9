"""The name and place finder: titles, labels, sentence starts, particles; spans stay sane."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.anonymise.check import starts_sentence
from workbench.anonymise.detectors import KINDS, detect
from workbench.anonymise.people import find_people, first_names, is_role


def people(text: str) -> list[tuple[str, str]]:
    found = find_people(text, lambda at: starts_sentence(text, at))
    return [(d.kind, text[d.start : d.end]) for d in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Also Mr. Jones and Dr. Patel came.", [("name", "Jones"), ("name", "Patel")]),
        ("Smith was there.", [("name", "Smith")]),
        ("I met Karen Li yesterday.", [("name", "Karen Li")]),
        ("It was Patel's car.", [("name", "Patel")]),
        ("Then Jean-Luc Martin left.", [("name", "Jean-Luc Martin")]),
        ("We saw Aisha al-Hassan there.", [("name", "Aisha al-Hassan")]),
        ("Łukasz Nowak wrote it.", [("name", "Łukasz Nowak")]),
        ("Ambassador Nguyen Thi Lan spoke.", [("name", "Nguyen Thi Lan")]),
        ("To the United Kingdom, Jordan.", [("place", "United Kingdom"), ("place", "Jordan")]),
        ("Amara stayed in Lima.", [("name", "Amara"), ("place", "Lima")]),
        ("Karen de la", [("name", "Karen")]),  # a run never ends on a particle
        ("I saw La and De.", [("name", "La"), ("name", "De")]),
        ("So we went. Will you come? Yes. Write to us.", []),
        ("The Minister said no. Sister agreed.", []),
    ],
)  # fmt: skip
def test_names_and_places_in_every_position(text: str, expected: list[tuple[str, str]]) -> None:
    assert people(text) == expected


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Interviewer", True),
        ("R1", True),
        ("Speaker 2", True),
        ("Q", True),
        ("[Respondent A]", True),
        ("Alice Smith", False),
        ("Bob", False),
    ],
)
def test_labels_that_are_roles(label: str, role: bool) -> None:
    assert is_role(label) is role
    assert is_role(label, {"bob"}) is (role or label == "Bob")


def test_the_name_list_is_the_packaged_one_without_common_words() -> None:
    names = first_names()
    assert {"karen", "bob", "łukasz", "søren", "aisha"} <= names
    assert not {"the", "so", "will", "may"} & names


@given(st.text(alphabet=st.sampled_from("Aa Łł.-'’:@+0123456789\n MrDJones"), max_size=80))
def test_spans_lie_inside_the_text_and_never_overlap(text: str) -> None:
    spans = [(d.start, d.end) for d in find_people(text, lambda at: starts_sentence(text, at))]
    spans += [(d.start, d.end) for d in detect(text, KINDS)]
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    people_spans = sorted(spans[: len(spans) - len(detect(text, KINDS))])
    assert all(a[1] <= b[0] for a, b in pairwise(people_spans))
