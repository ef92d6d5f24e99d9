"""Detectors for identifiers known by their shape: each kind, found and left alone."""

from __future__ import annotations

import pytest

from workbench.anonymise.detectors import GATE_KINDS, KINDS, detect
from workbench.anonymise.gate import screen_text
from workbench.anonymise.pseudonyms import PseudonymTable
from workbench.anonymise.shapes import find_ibans


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("write to soren at iom dot int please", "email", "soren at iom dot int"),
        ("or maria [at] example [dot] org.", "email", "maria [at] example [dot] org"),
        ("j.doe(at)un(dot)org is his", "email", "j.doe(at)un(dot)org"),
        ("his AHV is 756.1234.5678.97.", "id", "756.1234.5678.97"),
        ("SSN 123-45-6789 on file", "id", "123-45-6789"),
        ("passport C01X00T47 expired", "id", "C01X00T47"),
        ("NI number QQ 12 34 56 C here", "id", "QQ 12 34 56 C"),
        ("pay to CH93 0076 2011 6238 5295 7 now", "id", "CH93 0076 2011 6238 5295 7"),
        ("pay to DE89370400440532013000 now", "id", "DE89370400440532013000"),
        ("from 192.168.1.20 at night", "ip", "192.168.1.20"),
        ("from 2001:db8::1 at night", "ip", "2001:db8::1"),
        ("the server was 192.168.14.201.", "ip", "192.168.14.201"),
        ("ring 717 9111 at the office", "phone", "717 9111"),
        ("call +33 1 42 68 53 00 today", "phone", "+33 1 42 68 53 00"),
        ("mobile +44 7700 900123 today", "phone", "+44 7700 900123"),
        ("she was born on 12 March 1985 there", "date", "12 March 1985"),
        ("born March 12, 1985 there", "date", "March 12, 1985"),
        ("geboren am 12. März 1985 in", "date", "12. März 1985"),
        ("nacido el 12 de marzo de 1985 en", "date", "12 de marzo de 1985"),
        ("né le 3 août 1979 à", "date", "3 août 1979"),
        ("DOB 12/03/1985 and", "date", "12/03/1985"),
        ("DOB 12.03.1985 and", "date", "12.03.1985"),
        ("DOB 1985-03-12 and", "date", "1985-03-12"),
        ("lived at 221B Baker Street until", "address", "221B Baker Street"),
        ("at Bahnhofstrasse 12 then", "address", "Bahnhofstrasse 12"),
        ("au 12 rue de Lausanne alors", "address", "12 rue de Lausanne"),
        ("in Via Roma 12 then", "address", "Via Roma 12"),
        ("at Rue de Lausanne 45 then", "address", "Rue de Lausanne 45"),
        ("at Chemin des Crêts 17a then", "address", "Chemin des Crêts 17a"),
        ("postcode NW1 6XE there", "address", "NW1 6XE"),
        ("in 1202 Genève then", "address", "1202 Genève"),
        ("Ottawa K1A 0B1 then", "address", "K1A 0B1"),
        ("Washington, DC 20500 then", "address", "DC 20500"),
    ],
)
def test_each_kind_is_found_whole(text: str, kind: str, found: str) -> None:
    detections = detect(text, KINDS)
    assert [(d.kind, text[d.start : d.end]) for d in detections] == [(kind, found)]


@pytest.mark.parametrize(
    "text",
    [
        "in January 2017 at 10:30 we met at home",
        "in 2019 we had 4500 people and 30 000 000 euros",
        "version 3.5, 10:30:15 and 1,200,000 in camps",
        "between 2015-2021 and in 2016 we grew",
        "the COVID19 wave and the A4 paper",
        "version 1.2.3.4.5 and Place Neuve at noon",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert [text[d.start : d.end] for d in detect(text, KINDS) if d.kind != "id"] == []


def test_the_gate_kinds_leave_dates_and_addresses_for_review() -> None:
    """Dates and addresses are review findings: the import gate does not refuse them."""
    text = "born 12 March 1985 at 221B Baker Street"
    assert detect(text, GATE_KINDS) == []
    assert [d.kind for d in detect(text, KINDS)] == ["date", "address"]


def test_with_a_table_the_gate_replaces_dates_and_addresses_too() -> None:
    """Without a table they stay for review (no refusal); with one, nothing of them is kept."""
    text = "Ana was born 12 March 1985 at 221B Baker Street"
    assert screen_text(text, None, "x").findings == []
    screened = screen_text(text, PseudonymTable({"Ana": "R1"}), "x")
    assert screened.text == "[R1] was born [date] at [address]"


def test_a_study_s_regions_find_its_national_numbers() -> None:
    text = "ruf an: 030 12345678 bitte"
    assert [d.kind for d in detect(text, regions=("DE",))] == ["phone"]


def test_an_iban_must_pass_its_check_digits() -> None:
    assert find_ibans("CH93 0076 2011 6238 5295 7") != []
    assert find_ibans("CH93 0076 2011 6238 5295 8") == []
