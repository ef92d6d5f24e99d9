"""Speaker filters: which speaker labels a name picks, and the transcripts it leaves out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def speaker_matches(name: str, label: str | None) -> bool:
    """Whether `label` is `name` (case and spacing ignored), or `name` numbered:
    a space, then digits or one letter, as transcribers number several respondents."""
    want, have = _key(name), _key(label or "")
    if not want or not have.startswith(want):
        return False
    if have == want:
        return True
    rest = have[len(want) :]
    if not rest.startswith(" "):
        return False
    rest = rest[1:]
    return rest.isdigit() or (len(rest) == 1 and rest.isalpha())


def labels_named(names: Sequence[str], labels: Iterable[str | None]) -> set[str]:
    """The labels among `labels` that any of `names` matches."""
    return {label for label in labels if label and any(speaker_matches(n, label) for n in names)}


def unmatched(names: Sequence[str], labels: Iterable[str | None]) -> list[str]:
    """The names that match none of `labels` (a typo, or a speaker not in the study)."""
    present = [label for label in labels if label]
    return [n for n in names if not any(speaker_matches(n, label) for label in present)]


def left_out_note(names: Sequence[str], transcripts: Sequence[str]) -> str:
    """One line naming the transcripts in which none of `names` speaks; "" when none."""
    if not transcripts:
        return ""
    who = " or ".join(f"'{name}'" for name in names)
    its = "it is" if len(transcripts) == 1 else "they are"
    return f"no turns by {who} in {', '.join(transcripts)}: {its} left out"
