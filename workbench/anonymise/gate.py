"""The import gate: replace identifiers in parsed turns, or refuse and say where they are."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate

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
    remain as findings. A source text kept as written is screened whole (so nothing stored
    escapes, not even a label without text), except for a service's boilerplate.
    """
    if parsed.text is not None:
        return _screen_source(parsed, parsed.text, table)
    result = GateResult(parsed)
    turns: list[Turn] = []
    for turn in parsed.turns:
        speaker = turn.speaker
        if speaker is not None:
            chosen = _choose(speaker, table, result, parsed.source, _at_line(turn.line))
            speaker = _Replaced(speaker, chosen, result).text
        chosen = _choose(turn.text, table, result, parsed.source, turn.source_line)
        replaced = _Replaced(turn.text, chosen, result)
        # A line start keeps its place after any replacement that ends before it.
        line_starts = tuple(replaced.moved(s, inside=-1) for s in turn.line_starts)
        turns.append(replace(turn, speaker=speaker, text=replaced.text, line_starts=line_starts))
    result.transcript = replace(parsed, turns=tuple(turns))
    return result


def _screen_source(parsed: ParsedTranscript, text: str, table: PseudonymTable | None) -> GateResult:
    """Screen the whole source text; turns, labels and boilerplate move with the changes."""
    result = GateResult(parsed)
    chosen = _choose(
        text,
        table,
        result,
        parsed.source,
        lambda offset: text.count("\n", 0, offset) + 1,
        parsed.boilerplate,
    )
    replaced = _Replaced(text, chosen, result)
    new_text = replaced.text
    turns: list[Turn] = []
    for turn in parsed.turns:
        assert turn.offset is not None
        start = replaced.moved(turn.offset)
        end = replaced.moved(turn.offset + len(turn.text), inside=1)
        line_starts = tuple(
            min(max(replaced.moved(turn.offset + s) - start, 0), end - start)
            for s in turn.line_starts
        )
        speaker, label_offset = turn.speaker, turn.label_offset
        if speaker is not None and label_offset is not None:
            label_start = replaced.moved(label_offset)
            label_end = replaced.moved(label_offset + len(speaker), inside=1)
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
    boilerplate = tuple(
        (replaced.moved(a), replaced.moved(b, inside=1)) for a, b in parsed.boilerplate
    )
    result.transcript = replace(parsed, turns=tuple(turns), text=new_text, boilerplate=boilerplate)
    return result


def _choose(
    text: str,
    table: PseudonymTable | None,
    result: GateResult,
    source: str,
    line_of: Callable[[int], int],
    keep_out: Sequence[tuple[int, int]] = (),
) -> list[Replacement]:
    """The replacements to make in `text` (none without a table); records the findings.

    Nothing is found or replaced where it overlaps a `keep_out` region."""

    def kept_out(start: int, end: int) -> bool:
        return any(start < b and a < end for a, b in keep_out)

    detections = [
        Replacement(d.start, d.end, d.kind, d.kind)
        for d in detect(text)
        if not kept_out(d.start, d.end)
    ]
    if table is None:
        result.findings.extend(Finding(source, line_of(d.start), d.kind) for d in detections)
        return []
    found = [r for r in table.find(text) if not kept_out(r.start, r.end)]
    chosen = _non_overlapping(detections + found)
    for start, end in table.leftovers(text):
        if kept_out(start, end):
            continue
        if not any(c.start <= start and end <= c.end for c in chosen):
            result.findings.append(Finding(source, line_of(start), "leftover"))
    return chosen


class _Replaced:
    """A text with non-overlapping replacements made (each as its `[label]`), and the way
    from an offset in the old text to the new."""

    def __init__(self, text: str, chosen: list[Replacement], result: GateResult):
        pieces: list[str] = []
        position = 0
        self._chosen = chosen
        self._labels: list[str] = []
        for item in chosen:
            label = f"[{item.replacement}]"
            pieces += [text[position : item.start], label]
            self._labels.append(label)
            result.replacements[(item.kind, item.replacement)] += 1
            position = item.end
        pieces.append(text[position:])
        self.text = "".join(pieces)
        self._ends = [item.end for item in chosen]
        changes = (
            len(lab) - (r.end - r.start) for lab, r in zip(self._labels, chosen, strict=True)
        )
        self._shift = [0, *accumulate(changes)]  # total change before the i-th replacement

    def moved(self, offset: int, *, inside: int = 0) -> int:
        """Where `offset` of the old text is in the new one. An offset strictly inside a
        replaced span goes to the start of its label (`inside=0`), to its end (`inside=1`),
        or keeps its distance from the earlier replacements (`inside=-1`)."""
        index = bisect_right(self._ends, offset)
        moved = offset + self._shift[index]
        if inside >= 0 and index < len(self._chosen) and self._chosen[index].start < offset:
            start = self._chosen[index].start + self._shift[index]
            return start + (len(self._labels[index]) if inside else 0)
        return moved


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
