"""Auto-coding: every utterance of a speaker, or every match of a pattern, coded in one run.

A plan is worked out first (what would be coded: the preview); applying it makes the
codings through the coder's desk, as one run that undo takes back whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from workbench.assist.search import (
    Hit,
    SearchCorpus,
    SearchError,
    SearchQuery,
    code_path,
    search,
    speaker_note,
    speaker_spans,
)
from workbench.coding.actions import RunResult
from workbench.coding.desk import CoderDesk

UNITS = ("utterance", "sentence", "match")
PREVIEW = 5  # units a preview quotes
# A sentence ends after . ! ? or an ellipsis (and up to three closing quotes or brackets)
# followed by whitespace, and at a line break: the rule of agreement's sentence units.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]{0,3}(?=\s)|\n")


@dataclass(frozen=True)
class Unit:
    """One passage a run would code: [start, end) of a transcript's text."""

    transcript: str
    start: int
    end: int
    speaker: str
    text: str


@dataclass(frozen=True)
class AutocodePlan:
    """What a run would code: `code` (its path) on each of `units`, in study order."""

    code: str
    label: str  # what the run does, in words: the undo history's name for it
    units: tuple[Unit, ...]
    note: str = ""  # the transcripts a speaker filter left out, in one line ("" if none)

    @property
    def spans(self) -> list[tuple[str, int, int]]:
        return [(unit.transcript, unit.start, unit.end) for unit in self.units]

    @property
    def transcripts(self) -> int:
        return len(self.transcripts_named())

    def transcripts_named(self) -> list[str]:
        """The transcripts the run would code, in study order."""
        return list(dict.fromkeys(unit.transcript for unit in self.units))

    def preview(self, count: int = PREVIEW) -> tuple[Unit, ...]:
        return self.units[:count]


def plan_by_speaker(
    corpus: SearchCorpus, code: str, speaker: str, where: tuple[tuple[str, str], ...] = ()
) -> AutocodePlan:
    """Every non-empty utterance of `speaker` (in the transcripts `where` picks)."""
    path = _active_code(corpus, code)
    query = SearchQuery("", speaker=speaker, where=where)
    found = speaker_spans(corpus, query)
    units = tuple(
        Unit(name, u.start, u.end, u.speaker or "", _text(corpus, name, u.start, u.end))
        for name, u in found
    )
    labels = {unit.speaker for unit in units}  # the label as written, when there is one
    spoken = labels.pop() if len(labels) == 1 else speaker.strip()
    plan = _plan(path, f"auto-coding of {path} by speaker {spoken}", units)
    return replace(plan, note=speaker_note(corpus, query))


def plan_by_pattern(
    corpus: SearchCorpus,
    code: str,
    pattern: str,
    unit: str = "utterance",
    speaker: str | None = None,
    where: tuple[tuple[str, str], ...] = (),
) -> AutocodePlan:
    """Every match of the regular expression `pattern`, ignoring case, widened to `unit`."""
    path = _active_code(corpus, code)
    query = SearchQuery(pattern, regex=True, speaker=speaker, where=where)
    hits = search(corpus, query)
    label = f"auto-coding of {path} by pattern '{pattern}'"
    return replace(plan_for_hits(corpus, path, hits, unit, label), note=speaker_note(corpus, query))


def plan_for_hits(
    corpus: SearchCorpus, code: str, hits: Sequence[Hit], unit: str, label: str
) -> AutocodePlan:
    """The `unit` (utterance, sentence or the match itself) around each of `hits`."""
    path = _active_code(corpus, code)
    if unit not in UNITS:
        raise SearchError(f"the unit must be one of {', '.join(UNITS)}, not '{unit}'")
    seen: set[tuple[str, int, int]] = set()
    units: list[Unit] = []
    for hit in hits:
        start, end = _widened(corpus, hit, unit)
        if (hit.transcript, start, end) in seen:
            continue
        seen.add((hit.transcript, start, end))
        units.append(
            Unit(hit.transcript, start, end, hit.speaker, _text(corpus, hit.transcript, start, end))
        )
    plural = "s" if unit != "match" else "es"
    return _plan(path, f"{label} ({unit}{plural})", tuple(units))


def apply_plan(desk: CoderDesk, plan: AutocodePlan) -> RunResult:
    """Make the plan's codings as the desk's coder: one run, undone whole."""
    return desk.apply_run(plan.code, plan.spans, plan.label)


def _plan(path: str, label: str, units: tuple[Unit, ...]) -> AutocodePlan:
    if not units:
        raise SearchError(f"nothing to code: no passage matches ({label})")
    return AutocodePlan(path, label, units)


def _active_code(corpus: SearchCorpus, code: str) -> str:
    path = code_path(corpus, code)
    assert path is not None
    status = corpus.code_status.get(path, "active")
    if status != "active":
        raise SearchError(f"'{path}' is {status}; choose an active code")
    return path


def _widened(corpus: SearchCorpus, hit: Hit, unit: str) -> tuple[int, int]:
    if unit == "match":
        return hit.start, hit.end
    doc = corpus.document(hit.transcript)
    utterance = doc.utterance_at(hit.start)
    low, high = (utterance.start, utterance.end) if utterance else (0, len(doc.text))
    if unit == "utterance":
        return low, max(high, hit.end)
    return sentence_around(doc.text, low, high, hit.start, hit.end)


def sentence_around(text: str, low: int, high: int, start: int, end: int) -> tuple[int, int]:
    """The sentence of text[low:high] (an utterance) that holds `start`, stretched to `end`,
    trimmed of the spaces around it."""
    first, last = low, high
    for found in _SENTENCE_END.finditer(text, low, high):
        if found.end() <= start:
            first = found.end()
        elif found.group() == "\n" and found.start() >= end:
            last = found.start()
            break
        elif found.group() != "\n" and found.end() >= end:
            last = found.end()
            break
    while first < start and text[first].isspace():
        first += 1
    while last > end and text[last - 1].isspace():
        last -= 1
    return first, last


def _text(corpus: SearchCorpus, transcript: str, start: int, end: int) -> str:
    return corpus.document(transcript).text[start:end]
