"""Phone numbers through `phonenumbers`' matcher, with a hand-written pattern as fallback."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Regions whose national numbers (020 7946 0958) are found when a study names none;
# international numbers (+41 ...) are found whatever the regions.
DEFAULT_REGIONS = ("GB", "US", "CH", "DE", "FR")

# Where a phone number may be: digits with spaces, dots, dashes, slashes and brackets.
DIGIT_RUN = re.compile(r"\+?\(?\d[\d \t().\-/]{5,}\d\)?")
# Only for digit runs the matcher rejects (fictional 555 numbers, unknown ranges):
# +41 22 717 91 11, (020) 7946 0958, 020 7946 0958, 212-555-0100.
FALLBACK = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?|\(\d{2,5}\)\s?|0)"
    r"\d{1,4}(?:[\s.-]\d{2,6}){1,4}\b"
    r"|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
)
# A local number without its area code (717 9111) only where the words say it is a phone.
CUED_LOCAL = re.compile(
    r"\b(?:call(?:ed|s|ing)?|phone|tel|telephone|mobile|cell|ring|fax|dial|number|on)\b\W{0,3}"
    r"(\d{3}[\s.-]?\d{4})\b",
    re.IGNORECASE,
)
# The fallback wants this many digits; fewer is a date, a range or a quantity.
MIN_FALLBACK_DIGITS = 8
# The matcher's own checks are trusted down to this many digits (a local 7-digit number).
MIN_MATCHED_DIGITS = 7


def find_phones(text: str, regions: Sequence[str] = DEFAULT_REGIONS) -> list[tuple[int, int]]:
    """Spans of phone numbers in `text`: the matcher's for each region, then the fallback's
    where the matcher found nothing."""
    import phonenumbers

    spans: set[tuple[int, int]] = set()
    # The matcher reads only runs of digits and separators: over a whole interview it costs
    # a hundred times more, for the same numbers.
    for run in DIGIT_RUN.finditer(text):
        for region in regions or DEFAULT_REGIONS:
            leniency = phonenumbers.Leniency.VALID
            for match in phonenumbers.PhoneNumberMatcher(run.group(), region, leniency):
                if sum(c.isdigit() for c in match.raw_string) >= MIN_MATCHED_DIGITS:
                    spans.add((run.start() + match.start, run.start() + match.end))
    found = _outermost(spans)
    fallback = [m.span() for m in FALLBACK.finditer(text)]
    fallback = [
        (a, b) for a, b in fallback if sum(c.isdigit() for c in text[a:b]) >= MIN_FALLBACK_DIGITS
    ]
    fallback += [m.span(1) for m in CUED_LOCAL.finditer(text)]
    for start, end in fallback:
        if not any(start < b and a < end for a, b in found):
            found.append((start, end))
    return sorted(found)


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Regions may read one number differently: keep the longest of overlapping spans."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if not any(start < b and a < end for a, b in kept):
            kept.append((start, end))
    return kept
