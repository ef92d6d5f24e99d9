"""What an undo or redo did, said in one line for the status line and the command line."""

from __future__ import annotations

from dataclasses import dataclass

MEMO_EXCERPT = 40  # characters of a memo that the status line quotes


@dataclass(frozen=True)
class Undone:
    """What undo or redo did, for the status line: which action, on what, and with a memo
    the text it now has, so that two steps never read alike unless they are alike."""

    kind: str  # apply, remove or memo
    code: str  # the code's path; "" for a memo on the transcript
    start: int
    end: int
    why_not: str = ""  # set when the step could change nothing: why
    memo: str = ""  # a memo step: the memo's text after it
    transcript: str = ""
    batch: str = ""  # a run's label when the step took a whole run (an auto-coding)
    steps: int = 0  # a run: how many of its actions changed something
    unchanged: int = 0  # a run: how many could change nothing (their coding was gone...)
    transcripts: int = 0  # a run: in how many transcripts

    def describe(self, verb: str) -> str:
        if self.batch:
            return self._describe_batch(verb)
        return self._describe_one(verb)

    def _describe_batch(self, verb: str) -> str:
        what = f"{self.batch}: {self.steps} action{'s' if self.steps != 1 else ''}"
        where = f" in {self.transcripts} transcript{'s' if self.transcripts != 1 else ''}"
        why = f": {self.why_not}" if self.why_not else ""
        skipped = f" ({self.unchanged} could change nothing{why})" if self.unchanged else ""
        return f"{verb} {what}{where}{skipped}"

    def _describe_one(self, verb: str) -> str:
        if self.kind == "memo" and not self.code:
            what = f"memo on transcript {self.transcript}"
        else:
            what = coding_action(self.kind, self.code, self.start, self.end)
        if self.why_not:
            return f"{verb} nothing ({self.why_not}): {what}"
        if self.kind == "memo":
            return f"{verb} {what}: now {_quoted(self.memo)}"
        return f"{verb} {what}"


def coding_action(kind: str, code: str, start: int, end: int) -> str:
    """An action on a coding in words: "coding of X [3, 9)", "removal of ...", "memo on ..."."""
    if kind == "memo":
        return f"memo on {code} [{start}, {end})"
    label = {"apply": "coding", "remove": "removal"}[kind]
    return f"{label} of {code} [{start}, {end})"


def _quoted(memo: str) -> str:
    text = " ".join(memo.split())
    if not text:
        return "empty"
    cut = text if len(text) <= MEMO_EXCERPT else text[: MEMO_EXCERPT - 1] + "…"
    return f"“{cut}”"
