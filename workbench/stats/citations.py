"""Footnote-style source lists: `Interviews, IOM officials 1, 3 (2015), 13 (2019); ...`.

Order, decided once so that footnotes do not shuffle between runs:
- groups alphabetically, ignoring case ("IOM officials" before "member state official");
- within a group, interviews by year, then by number (numbers compare as numbers), each
  year written once after its last interview: `1, 3, 4 (2015), 13, 17 (2019)`;
  interviews without a year come last, with no year;
- an interview without a number is named by its transcript name; one without a group goes
  under "ungrouped". Each transcript is listed once, however often the code occurs in it.
A group label is pluralised when it lists more than one interview (see `plural`).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.stats.data import StudyData, natural_key

DEFAULT_TEMPLATE = "Interview{s}, {groups}"
TEMPLATE_FIELDS = ("groups", "count", "code", "s")
UNGROUPED = "ungrouped"
# Collective nouns: a group label ending in one reads the same for one or many interviews.
INVARIANT = frozenset(
    {
        "staff",
        "personnel",
        "police",
        "people",
        "media",
        "press",
        "public",
        "clergy",
        "military",
        "faculty",
        "leadership",
        "management",
        "secretariat",
        "series",
        "species",
    }
)
IRREGULAR = {"person": "people", "child": "children"}  # and -man -> -men, below
_PLURAL_ALREADY = re.compile(r"[^su]s$")
# The noun that takes the plural comes before a preposition: "heads of mission", "experts on
# migration", "officers in charge".
_PREPOSITION = re.compile(r" (?:of|on|in|for|at|from|to|with|without|against|under) ")
# Words ending in -man whose plural is -mans.
_MANS = frozenset({"human", "german", "roman", "shaman", "talisman", "caiman", "ottoman"})


@dataclass(frozen=True)
class CitedInterview:
    transcript: str
    group: str
    number: str
    year: str


def plural(label: str, overrides: Mapping[str, str] | None = None) -> str:
    """`IOM official` -> `IOM officials`, `UN agency staff` stays, `head of mission` ->
    `heads of mission`, `expert on migration` -> `experts on migration`; `overrides`
    (label -> plural) wins over every rule."""
    if overrides and label in overrides:
        return overrides[label]
    split = _PREPOSITION.search(label)
    head, rest = (label[: split.start()], label[split.start() :]) if split else (label, "")
    before, _, noun = head.rpartition(" ")
    return f"{before} " * bool(before) + _plural_noun(noun) + rest


def _plural_noun(noun: str) -> str:
    lower = noun.lower()
    if not noun or lower in INVARIANT:
        return noun
    if noun.isupper():  # acronyms: NGO -> NGOs
        return noun + "s"
    if lower in IRREGULAR:
        many = IRREGULAR[lower]
        return many.capitalize() if noun[0].isupper() else many
    if _PLURAL_ALREADY.search(lower):  # "experts", "officials": plural already
        return noun
    if lower.endswith("man") and lower not in _MANS:  # policeman, congresswoman
        return noun[:-3] + "men"
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def cited_interviews(
    data: StudyData,
    code: str | int,
    group_attr: str = "group",
    number_attr: str = "number",
    year_attr: str = "year",
) -> list[CitedInterview]:
    """The transcripts where `code` (id, path or name) or a code below it occurs, for the
    loaded coders."""
    wanted = data.subtree(code)
    used = data.codings.loc[data.codings["code_id"].isin(wanted), "transcript_id"].unique()
    rows = data.transcripts.loc[[tid for tid in data.transcripts.index if tid in set(used)]]

    def value(row: Mapping[str, str], name: str) -> str:
        if name not in data.attribute_names:
            have = ", ".join(data.attribute_names) or "none"
            raise WorkbenchError(f"no attribute '{name}' in this project (have: {have})")
        return str(row[name]).strip()

    out = []
    for row in rows.to_dict("records"):
        out.append(
            CitedInterview(
                transcript=str(row["name"]),
                group=value(row, group_attr) or UNGROUPED,
                number=value(row, number_attr) or str(row["name"]),
                year=value(row, year_attr),
            )
        )
    return out


def format_citation(
    interviews: Sequence[CitedInterview],
    template: str = DEFAULT_TEMPLATE,
    code: str = "",
    plurals: Mapping[str, str] | None = None,
) -> str:
    """The footnote text; `template` may use {groups}, {count}, {code} and {s}."""
    check_template(template)
    groups: dict[str, list[CitedInterview]] = {}
    for interview in interviews:
        groups.setdefault(interview.group, []).append(interview)
    parts = []
    for group in sorted(groups, key=lambda g: (g.casefold(), g)):
        members = sorted(groups[group], key=_chronological)
        label = plural(group, plurals) if len(members) > 1 else group
        parts.append(f"{label} {_numbers(members)}")
    return template.format(
        groups="; ".join(parts),
        count=len(interviews),
        code=code,
        s="s" if len(interviews) != 1 else "",
    )


def check_template(template: str) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as error:
        raise WorkbenchError(f"invalid --format template: {error}") from error
    unknown = [name for name in fields if name not in TEMPLATE_FIELDS]
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in TEMPLATE_FIELDS)
        raise WorkbenchError(f"unknown field {{{unknown[0]}}} in --format (use {known})")
    try:  # a format spec or conversion that does not fit the values ("{groups:d}")
        template.format(groups="IOM officials 3", count=1, code="Legitimation", s="")
    except (ValueError, TypeError, IndexError) as error:
        raise WorkbenchError(f"invalid --format template: {error}") from error


def _chronological(interview: CitedInterview) -> tuple[object, ...]:
    has_year = bool(interview.year)
    return (not has_year, natural_key(interview.year), natural_key(interview.number))


def _numbers(members: list[CitedInterview]) -> str:
    """`1, 3, 4 (2015), 13, 17 (2019)`: the year follows the last interview of that year."""
    pieces = []
    for index, member in enumerate(members):
        later = members[index + 1] if index + 1 < len(members) else None
        closes_year = member.year and (later is None or later.year != member.year)
        pieces.append(f"{member.number} ({member.year})" if closes_year else member.number)
    return ", ".join(pieces)


def citation(
    data: StudyData,
    code: str | int,
    template: str = DEFAULT_TEMPLATE,
    group_attr: str = "group",
    number_attr: str = "number",
    year_attr: str = "year",
    plurals: Mapping[str, str] | None = None,
) -> str:
    """`format_citation` of `cited_interviews`; "" when the code occurs nowhere."""
    interviews = cited_interviews(data, code, group_attr, number_attr, year_attr)
    if not interviews:
        return ""
    path = str(data.codes.at[code, "path"]) if isinstance(code, int) else data.path(code)
    return format_citation(interviews, template, path, plurals)
