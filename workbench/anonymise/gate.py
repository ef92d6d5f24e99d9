"""The import gate: replace identifiers in parsed turns, or refuse and say where they are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from workbench.anonymise.detectors import detect
from workbench.anonymise.pseudonyms import PseudonymTable, Replacement
from workbench.ingest.model import ParsedTranscript, Turn

KIND_LABELS = {
    "email": "e-mail address",
    "url": "URL",
    "phone": "phone number",
    "number": "long digit run (an ID?)",
    "leftover": "pseudonym-table original inside a word",
}


@dataclass(frozen=True)
class Finding:
    """An identifier found at import: where and what kind, never the identifier itself."""

    source: str
    line: int
    kind: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {KIND_LABELS.get(self.kind, self.kind)}"


@dataclass
class GateResult:
    transcript: ParsedTranscript
    findings: list[Finding] = field(default_factory=list)
    # (kind, replacement) -> how many times it was made: what the anonymisation log keeps.
    replacements: Counter[tuple[str, str]] = field(default_factory=Counter)


def screen(parsed: ParsedTranscript, table: PseudonymTable | None) -> GateResult:
    """Apply the table (and the detectors' bracketed labels) when given; report what remains.

    Without a table nothing is changed and every detection is a finding. With a table every
    detection and table original is replaced, and only originals hidden inside longer words
    remain as findings.
    """
    result = GateResult(parsed)
    turns: list[Turn] = []
    for turn in parsed.turns:
        speaker = turn.speaker
        if speaker is not None:
            speaker, _ = _screen_text(speaker, table, result, parsed.source, _at_line(turn.line))
        text, line_starts = _screen_text(
            turn.text, table, result, parsed.source, turn.source_line, turn.line_starts
        )
        turns.append(replace(turn, speaker=speaker, text=text, line_starts=line_starts))
    result.transcript = replace(parsed, turns=tuple(turns))
    return result


def _screen_text(
    text: str,
    table: PseudonymTable | None,
    result: GateResult,
    source: str,
    line_of: Callable[[int], int],
    line_starts: tuple[int, ...] = (0,),
) -> tuple[str, tuple[int, ...]]:
    detections = [Replacement(d.start, d.end, d.kind, d.kind) for d in detect(text)]
    if table is None:
        result.findings.extend(Finding(source, line_of(d.start), d.kind) for d in detections)
        return text, line_starts
    chosen = _non_overlapping(detections + table.find(text))
    for start, end in table.leftovers(text):
        if not any(c.start <= start and end <= c.end for c in chosen):
            result.findings.append(Finding(source, line_of(start), "leftover"))
    pieces: list[str] = []
    position = 0
    shifts: list[tuple[int, int]] = []  # (original end offset, length change) per replacement
    for item in chosen:
        label = f"[{item.replacement}]"
        pieces += [text[position : item.start], label]
        shifts.append((item.end, len(label) - (item.end - item.start)))
        result.replacements[(item.kind, item.replacement)] += 1
        position = item.end
    pieces.append(text[position:])
    new_starts = tuple(s + sum(d for end, d in shifts if end <= s) for s in line_starts)
    return "".join(pieces), new_starts


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
