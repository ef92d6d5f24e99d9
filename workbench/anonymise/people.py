"""Person names and places in running text: a shipped first-name list, titles, a gazetteer."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from functools import cache
from importlib import resources

from workbench.anonymise.detectors import Detection

TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "ambassador",
        "minister",
        "director",
        "colonel",
        "col",
        "general",
        "gen",
        "captain",
        "capt",
        "major",
        "lieutenant",
        "lt",
        "sergeant",
        "sgt",
        "commander",
        "senator",
        "president",
        "judge",
        "justice",
        "father",
        "fr",
        "sister",
        "brother",
        "imam",
        "rabbi",
        "sheikh",
        "herr",
        "frau",
        "madame",
        "monsieur",
        "mme",
        "mlle",
        "señor",
        "señora",
        "sr",
        "sra",
        "don",
        "doña",
        "dott",
        "signor",
        "signora",
        "mayor",
        "governor",
        "secretary",
        "commissioner",
        "inspector",
        "officer",
        "chief",
    ]
)
# Speaker labels that name a part in the interview, not a person (a study adds its own).
ROLES = frozenset(
    [
        "interviewer",
        "interviewee",
        "respondent",
        "moderator",
        "facilitator",
        "participant",
        "speaker",
        "translator",
        "interpreter",
        "note-taker",
        "notetaker",
        "observer",
        "chair",
        "host",
        "guest",
        "audience",
        "unknown",
        "unidentified",
        "inaudible",
        "q",
        "a",
        "i",
        "r",
        "p",
        "int",
        "resp",
        "mod",
        "fac",
        "part",
    ]
)
ROLE_LABEL = re.compile(r"^(?:[A-Za-z][\w-]*\s*)?[A-Za-z]{0,4}\s*\d{1,3}$|^\[.*\]$")
# Words that start sentences and name nobody, though the name list may hold some (So, Will).
COMMON_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "always",
        "am",
        "an",
        "and",
        "another",
        "any",
        "anyway",
        "are",
        "around",
        "as",
        "at",
        "back",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "done",
        "down",
        "during",
        "each",
        "either",
        "else",
        "even",
        "ever",
        "every",
        "first",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "indeed",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "last",
        "later",
        "let",
        "like",
        "many",
        "may",
        "maybe",
        "me",
        "meanwhile",
        "more",
        "most",
        "much",
        "must",
        "my",
        "myself",
        "never",
        "next",
        "no",
        "nobody",
        "none",
        "nor",
        "not",
        "nothing",
        "now",
        "of",
        "off",
        "often",
        "oh",
        "ok",
        "okay",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "perhaps",
        "please",
        "quite",
        "rather",
        "really",
        "right",
        "same",
        "see",
        "she",
        "should",
        "since",
        "so",
        "some",
        "something",
        "sometimes",
        "still",
        "such",
        "sure",
        "than",
        "thank",
        "thanks",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "today",
        "together",
        "tomorrow",
        "too",
        "towards",
        "under",
        "unless",
        "until",
        "up",
        "us",
        "usually",
        "very",
        "was",
        "we",
        "well",
        "were",
        "what",
        "whatever",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whoever",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yeah",
        "yes",
        "yesterday",
        "yet",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "good",
        "great",
        "fine",
        "true",
        "exactly",
        "absolutely",
        "certainly",
        "definitely",
        "probably",
        "actually",
        "basically",
        "obviously",
        "finally",
        "first",
        "second",
        "third",
        "mostly",
        "usually",
        "mm",
        "hmm",
        "uh",
        "um",
        "er",
        "erm",
        "ah",
        "hm",
        "laughs",
        "pause",
        "english",
        "french",
        "german",
        "spanish",
        "arabic",
        "hello",
        "hi",
        "hey",
        "bye",
        "goodbye",
        "sorry",
        "dear",
        "interview",
        "transcript",
        "session",
        "section",
        "part",
        "recording",
        "end",
        "start",
        "note",
    ]
)
SUBJECT_VERBS = frozenset(
    [
        "was",
        "is",
        "said",
        "says",
        "told",
        "had",
        "has",
        "went",
        "came",
        "did",
        "does",
        "would",
        "could",
        "asked",
        "thinks",
        "thought",
        "knew",
        "called",
        "wrote",
        "lived",
        "worked",
        "left",
        "arrived",
        "explained",
        "and",
    ]
)
WORD = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*")
# Words a multi-word name may hold in lower case: van der Berg, bin Laden, de la Cruz.
PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
    ]
)


@cache
def first_names() -> frozenset[str]:
    """The first names that `gender-guesser` ships (about 40,000, casefolded), parts of
    compound names included. Read once, in well under 100 ms."""
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text("utf-8")
    found = re.findall(r"^[MF?1]{1,2} +(\S+)", data, re.MULTILINE)
    names = "+".join(found).casefold().replace("-", "+").split("+")
    return frozenset(names) - COMMON_WORDS


@cache
def place_names() -> frozenset[str]:
    """Countries and their subdivisions (pycountry) and cities (cities.txt), casefolded."""
    import pycountry

    names = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            names.add(getattr(country, attribute, "") or "")
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
        if not word[0].isupper() or folded in COMMON_WORDS:
            index += 1
            continue
        if folded in TITLES:
            following = _name_run(text, words, index + 1)
            if following > index + 1:
                found.append(Detection(words[index + 1][0], _end(words, following - 1), "name"))
            index = max(following, index + 1)
            continue
        opening = starts_sentence(start)
        parts = folded.split("-")
        listed = folded in names or all(part in names for part in parts)
        known = listed and not (opening and folded in lowered)
        following = _name_run(text, words, index + 1) if known else index + 1
        if known:
            confidence = "medium" if opening and following == index + 1 else "high"
        elif opening:
            # An unknown word opening a sentence is a name when a person's verb follows:
            # "Smith was there", not "Write to me".
            subject = index + 1 < len(words) and words[index + 1][1] in SUBJECT_VERBS
            confidence = "low" if subject and folded not in lowered else ""
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
    return gap.strip(". ") == "" and "\n" not in gap and len(gap) <= 3


def _name_run(text: str, words: list[tuple[int, str]], index: int, most: int = 3) -> int:
    """The index after the capitalised words (and particles) that follow at `index`."""
    taken = 0
    while index < len(words) and taken < most and _adjacent(text, words, index):
        word = words[index][1]
        folded = word.casefold()
        if (word[0].isupper() and folded not in COMMON_WORDS | TITLES) or (
            folded.split("-")[0] in PARTICLES and "-" in folded  # al-Hassan, el-Amin
        ):
            taken += 1
        elif word.casefold() not in PARTICLES or index + 1 >= len(words):
            break
        index += 1
    while index > 0 and words[index - 1][1].casefold() in PARTICLES:
        index -= 1  # a run never ends on a particle
    return index


def _longest_place(
    text: str, words: list[tuple[int, str]], index: int, places: frozenset[str]
) -> int:
    """How many words from `index` make a known place (0: none); capitalised words only."""
    if not words[index][1][0].isupper():
        return 0
    best = 0
    for size in range(1, 5):
        last = index + size - 1
        if last >= len(words) or (size > 1 and not _adjacent(text, words, last)):
            break
        phrase = text[words[index][0] : _end(words, last)].casefold()
        if phrase in places:
            best = size
    return best
