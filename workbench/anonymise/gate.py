"""The import gate: replace identifiers in parsed turns, or refuse and say where they are."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from workbench.anonymise.detectors import GATE_KINDS, detect
from workbench.anonymise.offsets import OffsetMap, Passage, replace_passages
from workbench.anonymise.phones import DEFAULT_REGIONS
from workbench.anonymise.pseudonyms import PseudonymTable, Replacement
from workbench.anonymise.settings import study_settings
from workbench.errors import AnonymisationError
from workbench.store.project import ACTOR_ENV

if TYPE_CHECKING:
    # Types only: importing the ingest package loads every parser (docx, odt), a tenth of
    # a second that screening a memo or a name does not need.
    from workbench.ingest.model import ParsedTranscript, Turn

if TYPE_CHECKING:
    from workbench.store.project import Project

KIND_LABELS = {
    "email": "e-mail address",
    "url": "URL",
    "phone": "phone number",
    "id": "ID number or long digit run",
    "ip": "IP address",
    "date": "full date",
    "address": "street address or postcode",
    "name": "person's name",
    "place": "place name",
    "leftover": "pseudonym-table original inside a word",
    "pseudonym": "a name from the pseudonym table (not replaced here)",
}


@dataclass(frozen=True)
class Finding:
    """An identifier found at import: where and what kind, never the identifier itself."""

    source: str
    line: int
    kind: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {KIND_LABELS.get(self.kind, self.kind)}"


# With a pseudonym table, dates and street addresses are replaced too: without one they are
# review findings (`anonymise check`), as an interview's dates mostly identify no one.
REPLACED_KINDS = GATE_KINDS | {"date", "address"}

LISTED_FINDINGS = 5  # findings named in a refusal before "and N more"


def refusal(findings: Sequence[Finding], what: str, advice: str) -> AnonymisationError:
    """One line that refuses `what` for its findings: where and which kind, never the
    identifier itself (`anonymise check` lists every one)."""
    listed = "; ".join(str(f) for f in findings[:LISTED_FINDINGS])
    more = len(findings) - LISTED_FINDINGS
    if more > 0:
        listed += f"; and {more} more"
    return AnonymisationError(f"{listed}: refused: {what} hold identifiers; {advice}")


@dataclass
class GateResult:
    transcript: ParsedTranscript
    findings: list[Finding] = field(default_factory=list)
    # (kind, replacement) -> how many times it was made: what the anonymisation log keeps.
    replacements: Counter[tuple[str, str]] = field(default_factory=Counter)


def screen(
    parsed: ParsedTranscript,
    table: PseudonymTable | None,
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> GateResult:
    """Apply the table (and the detectors' bracketed labels) when given; report what remains.

    Without a table nothing is changed and every detection is a finding. With a table every
    detection and table original is replaced, and only originals hidden inside longer words
    remain as findings. A source text kept as written is screened whole (so nothing stored
    escapes, not even a label without text), except for a service's boilerplate. Phone
    numbers are read as national numbers of the study's `regions` too.
    """
    if parsed.text is not None:
        return _screen_source(parsed, parsed.text, table, regions)
    result = GateResult(parsed)
    turns: list[Turn] = []
    for turn in parsed.turns:
        speaker = turn.speaker
        if speaker is not None:
            chosen = _choose(
                speaker, table, result.findings, parsed.source, _at_line(turn.line), regions
            )
            speaker, _ = _replaced(speaker, chosen, result.replacements)
        chosen = _choose(
            turn.text, table, result.findings, parsed.source, turn.source_line, regions
        )
        text, offsets = _replaced(turn.text, chosen, result.replacements)
        # A line start keeps its place after any replacement that ends before it.
        line_starts = tuple(offsets.position(s, snap=None) for s in turn.line_starts)
        turns.append(replace(turn, speaker=speaker, text=text, line_starts=line_starts))
    result.transcript = replace(parsed, turns=tuple(turns))
    return result


@dataclass
class ScreenedText:
    """A whole text through the gate: the text stored, where each old offset went, and what
    was replaced (counted as in `GateResult`) and found."""

    text: str
    offsets: OffsetMap
    findings: list[Finding] = field(default_factory=list)
    replacements: Counter[tuple[str, str]] = field(default_factory=Counter)


def screen_text(
    text: str,
    table: PseudonymTable | None,
    source: str,
    keep_out: Sequence[tuple[int, int]] = (),
    regions: Sequence[str] = DEFAULT_REGIONS,
) -> ScreenedText:
    """Screen a whole text kept as written (see `screen`); findings name `source` and the
    line. Nothing is found or replaced where it overlaps a `keep_out` region."""
    findings: list[Finding] = []
    replacements: Counter[tuple[str, str]] = Counter()

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    chosen = _choose(text, table, findings, source, line_of, regions, keep_out)
    new_text, offsets = _replaced(text, chosen, replacements)
    return ScreenedText(new_text, offsets, findings, replacements)


@dataclass
class FieldScreen:
    """What a project stores besides transcript texts (names of files, transcripts and coders,
    attribute values, memos, codebook texts) through the same gate: with a table, the table's
    names and the detectors' identifiers are replaced by their labels; without one each
    detection is a finding, for the caller to refuse or let in."""

    table: PseudonymTable | None
    regions: Sequence[str] = DEFAULT_REGIONS  # the study's phone regions
    findings: list[Finding] = field(default_factory=list)
    replacements: Counter[tuple[str, str]] = field(default_factory=Counter)

    def text(self, value: str, source: str, line: int = 0) -> str:
        """A free text (a memo, an attribute value, a definition) as it may be stored; its
        findings name `line` when given, else the line within the text."""
        if not value:
            return value
        screened = screen_text(value, self.table, source, regions=self.regions)
        self.findings += [replace(f, line=line) if line else f for f in screened.findings]
        self.replacements += screened.replacements
        return screened.text

    def untouched(self, values: Sequence[str]) -> list[bool]:
        """For each value, whether `text` would store it as it is and find nothing in it,
        from one run of the detectors over all the values joined (ten thousand memos in a
        tenth of the time): False where a detection touches the value or its separator,
        and for every non-empty value when there is a table (its matches are not looked
        for here). Where a value alone holds a detection, the joined text holds one there
        too: the separator is one no pattern reads across and still find something."""
        if self.table is not None:
            return [not value for value in values]
        starts: list[int] = []
        position = 0
        for value in values:
            starts.append(position)
            position += len(value) + len(_SEPARATOR)
        touched = [False] * len(values)
        for found in detect(_SEPARATOR.join(values)):
            first = bisect_right(starts, found.start) - 1
            last = bisect_right(starts, max(found.start, found.end - 1)) - 1
            for index in range(max(first, 0), last + 1):
                touched[index] = True
        return [not flag for flag in touched]

    def label(self, value: str, source: str, line: int = 0) -> str:
        """A name (`call_maria.k@gmail.com_+41227179111`) as it may be stored: its words are
        split at `_` too, and a table's name still inside it is a finding."""
        chosen = _choose(
            value.replace("_", " "), self.table, self.findings, source, lambda _: line, self.regions
        )
        stored = _replaced(value, chosen, self.replacements)[0]
        if self.table is not None:
            # Digits join a name to the next word in a label ("ali2016"): look between them.
            words = re.sub(r"[\W_\d]+", " ", _BRACKETED.sub(" ", stored))
            if self.table.find(words) or self.table.leftovers(words):
                self.findings.append(Finding(source, line, "leftover"))
        return stored

    def file_name(self, value: str, source: str, line: int = 0) -> str:
        """A file's name as it may be stored: its stem as a `label`, its extension kept (an
        e-mail address before it would take it in)."""
        stem, dot, extension = value.rpartition(".")
        if not dot or not stem or not extension.isalnum():
            return self.label(value, source, line)
        return f"{self.label(stem, source, line)}.{extension}"


_BRACKETED = re.compile(r"\[[^\]]*\]")
# Between the values `FieldScreen.untouched` joins: patterns that are checked after they
# match (digit counts, check digits) read across one space or line break at most.
_SEPARATOR = "\n\n\n"


def project_fields(project: Project, table: PseudonymTable | None = None) -> FieldScreen:
    """A `FieldScreen` that reads phone numbers as the study's regions (`anonymise settings`)."""
    return FieldScreen(table, study_settings(project).regions)


def typed_entry(
    fields: FieldScreen, value: str, what: str, argument: str, *, label: bool = False
) -> str:
    """A text typed at entry (a coder's name, a reason, a memo, a new name) as it may be
    stored: the table's names and the detectors' identifiers replaced when `fields` has a
    table; else refused in one line naming the `argument` when it holds what the gate
    refuses (e-mail, phone, URL, ID, IP)."""
    before = len(fields.findings)
    stored = fields.label(value, argument) if label else fields.text(value, argument)
    found = fields.findings[before:]
    if found:
        kinds = sorted({KIND_LABELS.get(f.kind, f.kind) for f in found})
        raise AnonymisationError(
            f"{what} holds {', '.join(kinds)}: write it as a [label], as the transcripts do",
            source=argument,
        )
    return stored


def screened_actor(name: str, regions: Sequence[str] = DEFAULT_REGIONS) -> str:
    """The name the log records a user by when no coder is given (the login, or
    $WORKBENCH_USER), screened as a new coder's name is: stored in every entry and printed
    in the methods appendix, it may not hold what the gate refuses (a login can be an
    e-mail address)."""
    fields = FieldScreen(None, regions)
    stored = fields.label(name, ACTOR_ENV)
    if fields.findings:
        kinds = ", ".join(sorted({KIND_LABELS.get(f.kind, f.kind) for f in fields.findings}))
        raise AnonymisationError(
            f"the name the log would record you by (your login, or ${ACTOR_ENV}) holds "
            f"{kinds}: set {ACTOR_ENV} to a name without it"
        )
    return stored


def _screen_source(
    parsed: ParsedTranscript, text: str, table: PseudonymTable | None, regions: Sequence[str]
) -> GateResult:
    """Screen the whole source text; turns, labels and boilerplate move with the changes."""
    screened = screen_text(text, table, parsed.source, parsed.boilerplate, regions)
    new_text, offsets = screened.text, screened.offsets
    turns: list[Turn] = []
    for turn in parsed.turns:
        assert turn.offset is not None
        start, end = offsets.span(turn.offset, turn.offset + len(turn.text))
        line_starts = tuple(
            min(max(offsets.position(turn.offset + s) - start, 0), end - start)
            for s in turn.line_starts
        )
        speaker, label_offset = turn.speaker, turn.label_offset
        if speaker is not None and label_offset is not None:
            label_start, label_end = offsets.span(label_offset, label_offset + len(speaker))
            speaker, label_offset = new_text[label_start:label_end], label_start
        turns.append(
            replace(
                turn,
                speaker=speaker,
                text=new_text[start:end],
                offset=start,
                label_offset=label_offset,
                line_starts=line_starts,
            )
        )
    boilerplate = tuple(offsets.span(a, b) for a, b in parsed.boilerplate)
    transcript = replace(parsed, turns=tuple(turns), text=new_text, boilerplate=boilerplate)
    return GateResult(transcript, screened.findings, screened.replacements)


def _choose(
    text: str,
    table: PseudonymTable | None,
    findings: list[Finding],
    source: str,
    line_of: Callable[[int], int],
    regions: Sequence[str],
    keep_out: Sequence[tuple[int, int]] = (),
) -> list[Replacement]:
    """The replacements to make in `text` (none without a table); records the findings.

    Without a table the gate's kinds are findings; with one, dates and addresses are
    replaced too. Nothing is found or replaced where it overlaps a `keep_out` region."""

    def kept_out(start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in keep_out)

    detections = [
        Replacement(d.start, d.end, d.kind, d.kind)
        for d in detect(text, GATE_KINDS if table is None else REPLACED_KINDS, regions)
        if not kept_out(d.start, d.end)
    ]
    if table is None:
        findings.extend(Finding(source, line_of(d.start), d.kind) for d in detections)
        return []
    found = [r for r in table.find(text) if not kept_out(r.start, r.end)]
    chosen = _non_overlapping(detections + found)
    for start, end in table.leftovers(text):
        if kept_out(start, end):
            continue
        if not any(c.start <= start and end <= c.end for c in chosen):
            findings.append(Finding(source, line_of(start), "leftover"))
    return chosen


def _replaced(
    text: str, chosen: list[Replacement], replacements: Counter[tuple[str, str]]
) -> tuple[str, OffsetMap]:
    """`text` with each chosen replacement made as its `[label]`, counted in `replacements`."""
    for item in chosen:
        replacements[(item.kind, item.replacement)] += 1
    return replace_passages(
        text, [Passage(item.start, item.end, f"[{item.replacement}]") for item in chosen]
    )


def _at_line(line: int) -> Callable[[int], int]:
    """Speaker labels sit on the turn's first line, whatever the offset."""
    return lambda _offset: line


def _non_overlapping(items: list[Replacement]) -> list[Replacement]:
    """Detections come first in `items`, so they win over table matches that overlap them."""
    chosen: list[Replacement] = []
    for item in items:
        if all(item.end <= c.start or c.end <= item.start for c in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda r: r.start)
