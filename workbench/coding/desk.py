"""One coder's desk: what a coder sees of a project and every action they take on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from workbench.domain import CodeInfo, CodingInfo, TranscriptDoc, TranscriptSummary
from workbench.errors import CodingError
from workbench.store.project import CODER_NAME_MAX, Project

if TYPE_CHECKING:
    from workbench.coding.actions import AuditNote, CoderActions, RunResult, Undone

# The codebook service, the coding actions and the statuses are imported when first used,
# not with this module: with them come the ORM, numpy and the anonymisation gate, and the
# home screen lists the transcripts before it needs any of them (its worker reads the rest).


@dataclass(frozen=True)
class Progress:
    """A coder's progress: their status on each transcript and how many codings they made."""

    status: dict[str, str]
    codings: dict[str, int]

    def status_of(self, transcript: str) -> str:
        return self.status.get(transcript, "not_started")


@dataclass(frozen=True)
class Tallies:
    """Codings counted: mine per code (a theme counts its children's), everyone's per coder."""

    mine_per_code: dict[str, int]
    per_coder: dict[str, int]


@dataclass(frozen=True)
class Applied:
    """A coding just made, and the coder's status on its transcript after it."""

    coding: CodingInfo
    status: str


class CoderDesk:
    """The one door from a coder's screens to the project: reads return domain objects,
    actions are committed as they are made, and codes are passed by id."""

    def __init__(self, project: Project, coder: str):
        self.project = project
        self.coder = coder.strip()  # as CoderActions stores it
        if not self.coder or len(self.coder) > CODER_NAME_MAX:
            raise CodingError(f"a coder name has 1 to {CODER_NAME_MAX} characters")
        if self.coder not in project.coders():
            # A new name is stored with every action and in the log: it passes the gate as
            # typed (a known one passed it when it was new; the gate loads only when needed).
            from workbench.anonymise.gate import project_fields, typed_entry

            typed_entry(project_fields(project), self.coder, "the coder name", "coder", label=True)

    @cached_property
    def actions(self) -> CoderActions:
        from workbench.coding.actions import CoderActions

        return CoderActions(self.project, self.coder)

    @property
    def location(self) -> str:
        return self.project.location

    def change_token(self) -> tuple[int, int, int]:
        """Changes whenever the codebook or any coder's codings change (see Project)."""
        return self.project.change_token()

    # -- reading -----------------------------------------------------------------------------

    def transcripts(self) -> list[TranscriptSummary]:
        return self.project.transcripts()

    def document(self, transcript: str) -> TranscriptDoc:
        """A transcript's stored text and its utterances."""
        return self.project.transcript(transcript)

    def codes(self) -> list[CodeInfo]:
        """The codebook, every code (merged and retired ones too), in tree order."""
        from workbench.codebook import reading

        return reading.codes(self.project)

    def codebook_name(self) -> str:
        return self.project.setting("codebook.name", "Codebook")

    def coders(self) -> list[str]:
        return self.project.coders()

    def codings(self, transcript: str, everyone: bool = False) -> list[CodingInfo]:
        """My codings of a transcript (or every coder's), in text order."""
        return self.actions.codings(transcript, everyone)

    def status(self, transcript: str) -> str:
        """My status on a transcript: not_started, in_progress or done."""
        from workbench.coding.status import status_of

        return status_of(self.project, transcript, self.coder)

    def progress(self) -> Progress:
        from workbench.coding.progress import codings_per_transcript, statuses

        return Progress(
            statuses(self.project, self.coder), codings_per_transcript(self.project, self.coder)
        )

    def tallies(self) -> Tallies:
        from workbench.codebook import reading

        per_code = reading.coding_counts(self.project)
        return Tallies(reading.theme_counts(per_code, self.coder), reading.coder_totals(per_code))

    def transcript_memo(self, transcript: str) -> str:
        return self.actions.transcript_memo(transcript)

    # -- acting ------------------------------------------------------------------------------

    def apply(
        self,
        transcript: str,
        code: int | str,
        start: int,
        end: int,
        memo: str = "",
        audit: AuditNote | None = None,
    ) -> Applied:
        """Code [start, end) of a transcript with a code (by id, name or path), with a memo
        if given; the first coding starts the transcript for me. `audit`: how it came about."""
        coding = self.actions.apply(transcript, code, start, end, memo, audit)
        return Applied(coding, self.status(transcript))

    def create_code(self, path: str, why: str) -> CodeInfo:
        """A new code while coding (an in-vivo code), logged with why."""
        from workbench.codebook import service as codebook

        return codebook.create(self.project, path, why=why, in_vivo=True)

    def remove(self, coding_id: int) -> CodingInfo:
        return self.actions.remove(coding_id)

    def find(self, transcript: str, code: str, start: int, end: int) -> CodingInfo:
        """My coding of a code (by name or path) on [start, end) of a transcript."""
        return self.actions.find(transcript, code, start, end)

    def set_memo(self, coding_id: int, memo: str) -> bool:
        """My memo on one of my codings (undoable); False when it had that text already."""
        return self.actions.set_memo(coding_id, memo)

    def set_transcript_memo(self, transcript: str, text: str) -> bool:
        """My memo on a transcript (undoable); False when it had that text already."""
        return self.actions.set_transcript_memo(transcript, text)

    def undo(self, transcript: str) -> Undone | None:
        return self.actions.undo(transcript)

    def redo(self, transcript: str) -> Undone | None:
        return self.actions.redo(transcript)

    def apply_run(
        self, code: int | str, spans: Sequence[tuple[str, int, int]], label: str
    ) -> RunResult:
        """Code many passages (transcript, start, end) at once: one action for undo."""
        return self.actions.apply_run(code, spans, label)

    def undo_latest(self) -> Undone | None:
        """Undo my latest action in any transcript (an auto-coding run whole)."""
        return self.actions.undo_latest()

    def toggle_done(self, transcript: str) -> str:
        """Mark a transcript done, or a done one in progress again; returns the new status."""
        from workbench.coding.progress import DONE, IN_PROGRESS
        from workbench.coding.status import set_status

        status = IN_PROGRESS if self.status(transcript) == DONE else DONE
        set_status(self.project, transcript, self.coder, status)
        return status
