"""Person names and places in running text: a shipped first-name list, titles, a gazetteer."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache
from importlib import resources

from workbench.anonymise.detectors import Detection
from workbench.anonymise.wordlists import (
    COMMON_WORDS,
    COUNTRY_ALIASES,
    I_CONTRACTIONS,
    LOCATIVES,
    PARTICLES,
    ROLES,
    SUBJECT_VERBS,
    TITLES,
)

ROLE_LABEL = re.compile(r"^(?:[A-Za-z][\w-]*\s*)?[A-Za-z]{0,4}\s*\d{1,3}$|^\[.*\]$")
WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
# Capitalised words that are never a name, wherever they stand.
NEVER_NAMES = COMMON_WORDS | I_CONTRACTIONS


@cache
def first_names() -> frozenset[str]:
    """The first names that `gender-guesser` ships (about 40,000, casefolded), parts of
    compound names included. Read once, in well under 100 ms."""
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    # Over bytes, and only the name column: three times faster than line by line in text.
    found = re.findall(rb"\n[MF?1]{1,2} +(\S+)", data)
    names = b"+".join(found).decode("utf-8").casefold().replace("-", "+").split("+")
    return frozenset(names) - COMMON_WORDS


@cache
def country_names() -> frozenset[str]:
    import pycountry

    names = set(COUNTRY_ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            names.add(getattr(country, attribute, "") or "")
    return frozenset(name.casefold() for name in names if name)


@cache
def place_names() -> frozenset[str]:
    """Countries and their subdivisions (pycountry) and cities (cities.txt), casefolded."""
    import pycountry

    names = set(country_names())
    names |= {subdivision.name for subdivision in pycountry.subdivisions}
    cities = resources.files("workbench.anonymise").joinpath("cities.txt").read_text("utf-8")
    names |= {line for line in cities.splitlines() if line and not line.startswith("#")}
    folded = {name.casefold() for name in names if len(name) > 3}
    return frozenset(folded - COMMON_WORDS)


def is_role(label: str, roles: Collection[str] = ()) -> bool:
    """Whether a speaker label names a part (Interviewer, R1, Speaker 2), not a person."""
    folded = label.strip().casefold()
    return folded in ROLES or folded in roles or bool(ROLE_LABEL.match(label.strip()))


def find_people(
    text: str,
    starts_sentence: Callable[[int], bool],
    lowered: Collection[str] = (),
) -> list[Detection]:
    """Names and places in `text`. `starts_sentence(offset)` says whether a word opens a
    sentence; `lowered` holds words seen in lower case nearby (so `Will` opening a sentence
    is the verb there, not a name)."""
    names, places = first_names(), place_names()
    words = [(m.start(), _bare(m.group())) for m in WORD.finditer(text)]
    found: list[Detection] = []
    index = 0
    while index < len(words):
        start, word = words[index]
        folded = word.casefold()
        place = _longest_place(text, words, index, places)
        if place:
            end_index = index + place
            found.append(Detection(start, _end(words, end_index - 1), "place"))
            index = end_index
            continue
        if not word[0].isupper() or folded in NEVER_NAMES:
            index += 1
            continue
        if folded in TITLES:
            following = _name_run(text, words, index + 1)
            if following > index + 1:
                found.append(Detection(words[index + 1][0], _end(words, following - 1), "name"))
            index = max(following, index + 1)
            continue
        opening = starts_sentence(start)
        if word.isupper() and len(word) > 1:  # an acronym: NGO, IOM
            found.append(Detection(start, _end(words, index), "name", "low"))
            index += 1
            continue
        parts = folded.split("-")
        listed = folded in names or all(part in names for part in parts)
        known = listed and not (opening and folded in lowered)
        following = _name_run(text, words, index + 1)
        if known:
            confidence = "medium" if opening and following == index + 1 else "high"
        elif opening:
            # An unknown word opening a sentence is a name when a person's verb follows:
            # "Smith was there", not "Write to me".
            subject = index + 1 < len(words) and words[index + 1][1] in SUBJECT_VERBS
            named = following > index + 1  # a second capitalised word: Kwame Mensah
            confidence = "low" if (subject or named) and folded not in lowered else ""
        else:
            confidence = "low"
        if confidence:
            found.append(Detection(start, _end(words, following - 1), "name", confidence))
        index = following
    return found


def _bare(word: str) -> str:
    """A word without a possessive or a trailing hyphen: Patel's -> Patel."""
    return re.sub(r"['’]s$", "", word.rstrip("'’-"))


def _end(words: list[tuple[int, str]], index: int) -> int:
    return words[index][0] + len(words[index][1])


def _adjacent(text: str, words: list[tuple[int, str]], index: int) -> bool:
    """Whether word `index` follows word `index - 1` with only spaces (or a title's dot)."""
    gap = text[_end(words, index - 1) : words[index][0]]
    before = words[index - 1][1]
    dotted = before.casefold() in TITLES or len(before) == 1  # Mr. Jones, J. Smith
    return gap.strip(". " if dotted else " ") == "" and "\n" not in gap and len(gap) <= 3


def _name_run(text: str, words: list[tuple[int, str]], index: int, most: int = 3) -> int:
    """The index after the capitalised words (and particles) that follow at `index`."""
    first, taken = index, 0
    while index < len(words) and taken < most and _adjacent(text, words, index):
        word = words[index][1]
        folded = word.casefold()
        if (word[0].isupper() and folded not in NEVER_NAMES | TITLES) or (
            folded.split("-")[0] in PARTICLES and "-" in folded  # al-Hassan, el-Amin
        ):
            taken += 1
        elif word.casefold() not in PARTICLES or index + 1 >= len(words):
            break
        index += 1
    while index > first and words[index - 1][1].casefold() in PARTICLES:
        index -= 1  # a run never ends on a particle
    return index


def _longest_place(
    text: str, words: list[tuple[int, str]], index: int, places: frozenset[str]
) -> int:
    """How many words from `index` make a known place (0: none); capitalised words only."""
    if not words[index][1][0].isupper():
        return 0
    # A first name that is also a town or a province (Amara, Moyo) is a place only after
    # "in", "from"...; one that is also a country (Jordan, Chad) always.
    folded = words[index][1].casefold()
    ambiguous = folded in first_names() and folded not in country_names()
    located = index > 0 and words[index - 1][1].casefold() in LOCATIVES
    best = 0
    for size in range(1, 5):
        last = index + size - 1
        if last >= len(words) or (size > 1 and not _adjacent(text, words, last)):
            break
        phrase = text[words[index][0] : _end(words, last)].casefold()
        if phrase in places and (size > 1 or located or not ambiguous):
            best = size
    return best
