"""Identifiers known by their shape: ID numbers and IBANs, full dates, street addresses and
postcodes, IP addresses."""

from __future__ import annotations

import ipaddress
import re

# --- ID numbers -------------------------------------------------------------------------
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
ID_NUMBERS = re.compile(
    r"\b756[.\s]?\d{4}[.\s]?\d{4}[.\s]?\d{2}\b"  # Swiss AHV: 756.1234.5678.97
    r"|\b\d{3}-\d{2}-\d{4}\b"  # US social security: 123-45-6789
    r"|\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"  # UK national insurance
    r"|(?<![\d.,])\d{6,}(?![\d])"  # a long digit run: a file, case or account number
)
# A passport or card number: upper-case letters and digits mixed (C01X00T47, X1234567).
PASSPORT = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{7,12}\b")
MIN_PASSPORT_DIGITS = 4


def find_ibans(text: str) -> list[tuple[int, int]]:
    """IBANs that pass their check digits (read before phones: both are groups of digits)."""
    from schwifty import IBAN as ParsedIban
    from schwifty.exceptions import SchwiftyException

    spans: list[tuple[int, int]] = []
    for match in IBAN.finditer(text):
        try:
            ParsedIban(match.group())
        except SchwiftyException:
            continue
        spans.append(match.span())
    return spans


def find_ids(text: str) -> list[tuple[int, int]]:
    """National ID shapes, long digit runs, passport numbers."""
    spans = [m.span() for m in ID_NUMBERS.finditer(text)]
    spans += [
        m.span()
        for m in PASSPORT.finditer(text)
        if sum(c.isdigit() for c in m.group()) >= MIN_PASSPORT_DIGITS
    ]
    return spans


# --- IP addresses -----------------------------------------------------------------------
# Not inside a longer run of dots and digits; a sentence's full stop may follow.
IP_CANDIDATE = re.compile(
    r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})"
    r"(?!\w|[.:][\w:])"
)


def find_ips(text: str) -> list[tuple[int, int]]:
    """IPv4 and IPv6 addresses that the standard library accepts."""
    spans = []
    for match in IP_CANDIDATE.finditer(text):
        try:
            ipaddress.ip_address(match.group())
        except ValueError:
            continue
        spans.append(match.span())
    return spans


# --- Full dates -------------------------------------------------------------------------
_MONTHS_BY_LANGUAGE = {
    "en": "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec",
    "de": "januar februar märz mai juni juli oktober dezember",
    "fr": "janvier février mars avril juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre",
    "it": "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre",
    "pt": "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro",
    "nl": "januari februari maart mei augustus",
}
MONTHS = {word for words in _MONTHS_BY_LANGUAGE.values() for word in words.split()}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(?:1[89]|20)\d\d"
FULL_DATE = re.compile(
    rf"\b{_DAY}\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?{_YEAR}\b"  # 12 March 1985, 12 de marzo de 1985
    rf"|\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"  # March 12, 1985
    rf"|\b(?:[012]?\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1{_YEAR}\b"  # 12/03/1985, 12.03.1985
    rf"|\b(?:0?[1-9]|1[0-2])/(?:[012]?\d|3[01])/{_YEAR}\b"  # 03/12/1985
    rf"|\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:[012]\d|3[01])\b",  # 1985-03-12
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in FULL_DATE.finditer(text)]


# --- Street addresses and postcodes -----------------------------------------------------
_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|boulevard|blvd|way|place|square|court|"
    "terrace|close|crescent|gardens|hill|row|parade|highway"
)
_NAME_WORD = r"[A-ZÀ-Þ][\w'’-]*"
STREET = re.compile(
    # 221B Baker Street, 10 Downing St
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:{_NAME_WORD}\s+){{1,3}}(?i:{_STREET_WORDS})\b\.?"
    # Bahnhofstrasse 12, Lange Gasse 3a
    r"|\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|gasse|weg|platz|allee|ring|damm|gracht)"
    r"\s+\d{1,4}[a-z]?\b"
    # 12 rue de Lausanne, 3, avenue Foch
    r"|\b\d{1,4}(?:\s?bis|\s?ter)?,?\s+(?:rue|avenue|av\.|boulevard|bd|chemin|place|route|quai|"
    r"impasse|allée)\s+(?:(?:de|du|des|la|le|l’|l'|d’|d')\s*)*[A-ZÀ-Þ][\w'’-]*"
    # Calle Mayor 5, Via Roma 12, Rua Augusta 25
    r"|\b(?:Calle|Avenida|Via|Viale|Piazza|Rua|Plaza|Paseo)\s+(?:(?:de|del|la|dos|da)\s+)*"
    rf"(?:{_NAME_WORD}\s+){{1,3}}\d{{1,4}}\b"
    # Rue de Lausanne 45, Chemin des Crêts 17a (Swiss and Belgian order: the number last)
    r"|\b(?:Rue|Avenue|Chemin|Route|Boulevard|Quai|Place|Impasse|Allée)\s+"
    r"(?:(?:de|du|des|la|le|l’|l'|d’|d')\s*)*"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}},?\s+\d{{1,4}}[a-z]?\b"
)
POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b"  # UK: SW1A 2AA
    r"|\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d\b"  # Canada: K1A 0B1
    r"|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"  # US state and ZIP: NY 10017
    r"|\b\d{5}-\d{4}\b"  # ZIP+4
    r"|\b\d{4}\s?[A-Z]{2}\b(?=\s+[A-Z])"  # Netherlands: 1012 AB Amsterdam
    r"|\b(?:CH-|D-|F-|A-)?\d{4,5}\s+[A-ZÀ-Þ][a-zà-ÿ]+(?:[ -][A-ZÀ-Þ][a-zà-ÿ]+)?\b"  # 1202 Genève
)
# Words after a 4-5 digit number that make it a count, not a postcode and town.
_NOT_TOWNS = {"people", "persons", "refugees", "years", "euros", "dollars", "francs", "staff"}


def find_addresses(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in STREET.finditer(text)]
    for match in POSTCODE.finditer(text):
        words = match.group().split()
        if words[-1].casefold() in _NOT_TOWNS or _year_then_word(words):
            continue
        spans.append(match.span())
    return spans


def _year_then_word(words: list[str]) -> bool:
    """`1998 Then` or `2019 In`: a year at the end of a sentence, not a Swiss postcode."""
    return len(words) == 2 and words[0].isdigit() and words[1].istitle() and len(words[1]) <= 4
