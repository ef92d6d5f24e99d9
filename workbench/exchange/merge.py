"""Merging another copy of a project into this one: codes, transcripts, codings, memos, statuses.

Each coder codes a copy of the lead's project; the lead merges the copies back, one after the
other, and then compares the coders. Things are matched, never duplicated: transcripts by the
hash of their text, then by name; codes by guid, then by path; coders by name; a coding by its
transcript, code, coder and span. What the other copy has and this one lacks is added. Where
both copies hold something different (a code renamed two ways, a transcript of one name with
two texts, two memos on one coding) this copy's version is kept and the difference is listed:
nothing is dropped without being listed. All of it is one transaction: all or nothing.

A codebook change (rename, move, retire, merge) is taken from the other copy when its audit log
records the change, this copy's log records none to that code since the copies parted (the
entries both logs share), and the codebook stays whole (see merge_codebook.py). The other
copy's log entries that were applied are added to this one's, so merging the same copy again
adds nothing; the codes the merge added are logged as one codebook entry naming the copy,
which the codebook's history shows (the copy's own entries for codes it got by a merge or an
import are not added: those codes are here already, or come now).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from workbench.codebook.history import log_arrival, merged_in
from workbench.domain import ProjectSnapshot
from workbench.exchange.merge_codebook import CodebookMerge
from workbench.store import snapshot as rows
from workbench.store.attributes import set_attribute_values
from workbench.store.codebook_rows import write_setting
from workbench.store.codings import NewCoding, add_codings, coding_memos
from workbench.store.project import Project, coder_by_name
from workbench.store.snapshot import event_key, snapshot_of
from workbench.store.status_rows import write_status
from workbench.store.transcript_rows import transcript_ids
from workbench.text.words import counted

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STATUS_RANK = {"not_started": 0, "in_progress": 1, "done": 2}
LISTED = 20  # codings listed one by one in a conflict before "and N more"


@dataclass
class MergeReport:
    """What a merge added, what it found already there, and every difference it left alone."""

    origin: str
    added: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        kinds = ("transcript", "code", "codebook change", "coder", "coding", "memo", "coder status")
        added = [counted(self.added[k], k) for k in kinds if self.added[k]]
        matched = [counted(self.matched[k], k) for k in kinds if self.matched[k]]
        out = [
            f"merged {self.origin}: added {', '.join(added) or 'nothing'}",
            f"  already here: {', '.join(matched) or 'nothing'}",
        ]
        out += [f"  note: {note}" for note in self.notes]
        out += [f"  conflict: {conflict}" for conflict in self.conflicts]
        return out


def merge_project(
    project: Project,
    other: ProjectSnapshot,
    origin: str,
    logged_as: str | None = None,
    via: str = "merge",
) -> MergeReport:
    """Bring `other` (another copy, read as a snapshot) into `project`, in one transaction.
    The report names `origin`; the log `logged_as` (the copy's name as the gate left it),
    else `origin`, with the codes it added as one codebook entry (`via` the `VIA` way the
    codes came)."""
    report = MergeReport(origin)
    logged = logged_as or origin
    # The codebook lock before the snapshot: no codebook change or coding lands between
    # reading the project and writing the merge.
    with project.writing() as session:
        here = snapshot_of(session)
        merger = _Merger(session, here, other, report, logged)
        merger.codebook.run()
        merger.coders()
        merger.transcripts()
        merger.codings()
        merger.memos()
        merger.statuses()
        merger.settings()
        merger.log(project, logged, via)
    return report


class _Merger:
    """One merge's state: the two snapshots and the ids they map to in this project."""

    def __init__(
        self,
        session: Session,
        here: ProjectSnapshot,
        other: ProjectSnapshot,
        report: MergeReport,
        logged: str,
    ):
        self.session, self.here, self.other, self.report = session, here, other, report
        shared = {event_key(e) for e in here.events} & {event_key(e) for e in other.events}
        self.here_only = [e for e in here.events if event_key(e) not in shared]
        self.other_only = [e for e in other.events if event_key(e) not in shared]
        self.codebook = CodebookMerge(
            session, here.codes, other.codes, self.here_only, self.other_only, report, logged
        )
        self.coder_ids: dict[str, int] = {}
        self.transcript_ids: dict[str, int] = {}  # other's name -> this project's id
        self.refused: set[str] = set()  # other's transcripts whose codings cannot come

    # -- coders and transcripts -------------------------------------------------------------------

    def coders(self) -> None:
        here = set(self.here.coders)
        for name in self.other.coders:
            coder = coder_by_name(self.session, name, create=True)  # " anna " is anna
            self.coder_ids[name] = coder.id
            self.report.added["coder"] += coder.name not in here
            self.report.matched["coder"] += coder.name in here

    def transcripts(self) -> None:
        by_hash = {t.sha256: t for t in self.here.transcripts}
        by_name = {t.name: t for t in self.here.transcripts}
        ids = transcript_ids(self.session)
        for theirs in self.other.transcripts:
            mine = by_hash.get(theirs.sha256)
            if mine is not None:
                if mine.name != theirs.name:
                    self.report.notes.append(
                        f"transcript '{theirs.name}' of {self.report.origin} is '{mine.name}' "
                        "here (same text)"
                    )
                self.transcript_ids[theirs.name] = ids[mine.name]
                self.report.matched["transcript"] += 1
                for name, value in theirs.attributes.items():
                    if name not in mine.attributes:
                        set_attribute_values(self.session, [(ids[mine.name], name, value)])
                    elif mine.attributes[name] != value:
                        self.report.conflicts.append(
                            f"transcript '{mine.name}': attribute {name} is '{value}' in "
                            f"{self.report.origin}, '{mine.attributes[name]}' here; kept this "
                            "copy's"
                        )
            elif theirs.name in by_name:
                self.refused.add(theirs.name)
            else:
                self.transcript_ids[theirs.name] = rows.add_transcript(self.session, theirs)
                self.report.added["transcript"] += 1

    # -- codings, memos, statuses ------------------------------------------------------------------

    def codings(self) -> None:
        # Read after the codebook's changes: a code merged just now took its codings along.
        existing = coding_memos(self.session)
        new: list[NewCoding] = []
        queued: dict[tuple[int, int, int, int, int], int] = {}  # key -> its place in `new`
        repeated = 0
        dropped: dict[str, list[str]] = {}
        for coding in self.other.codings:
            if coding.transcript in self.refused:
                dropped.setdefault(coding.transcript, []).append(
                    f"{coding.coder} [{coding.start}, {coding.end})"
                )
                continue
            key = (
                self.transcript_ids[coding.transcript],
                # a code merged into another here: its codings go where that one's went
                self.codebook.coding_code(coding.code_guid),
                self.coder_ids[coding.coder],
                coding.start,
                coding.end,
            )
            if key in queued:  # the other copy holds it twice (an archive may): one, both memos
                repeated += 1
                first = new[queued[key]]
                if coding.memo and coding.memo not in first.memo.split("\n\n"):
                    memo = "\n\n".join(part for part in (first.memo, coding.memo) if part)
                    new[queued[key]] = replace(first, memo=memo)
                continue
            mine = existing.get(key)
            if mine is None:
                queued[key] = len(new)
                new.append(NewCoding(*key, memo=coding.memo, created_at=coding.created_at))
                continue
            self.report.matched["coding"] += 1
            if coding.memo and not mine:
                rows.set_coding_memo(self.session, key, coding.memo)
                existing[key] = coding.memo
                self.report.added["memo"] += 1
            elif coding.memo and coding.memo != mine:
                self.report.conflicts.append(
                    f"{coding.transcript}: {coding.coder}'s coding [{coding.start}, "
                    f"{coding.end}) has another memo in {self.report.origin} "
                    f"({_excerpt(coding.memo)}); kept this copy's"
                )
        add_codings(self.session, new)
        self.report.added["coding"] += len(new)
        if repeated:
            self.report.notes.append(
                f"{counted(repeated, 'coding')} repeated in {self.report.origin} (same coder, "
                "code and span) joined with the first, memos kept"
            )
        for name, spans in sorted(dropped.items()):
            shown = ", ".join(spans[:LISTED]) + (
                f" and {len(spans) - LISTED} more" if len(spans) > LISTED else ""
            )
            self.report.conflicts.append(
                f"transcript '{name}' has other text in {self.report.origin}: "
                f"{counted(len(spans), 'coding')} not brought in: {shown}"
            )
        for name in sorted(self.refused - set(dropped)):
            self.report.conflicts.append(
                f"transcript '{name}' has other text in {self.report.origin}; not brought in"
            )

    def memos(self) -> None:
        """A coder has one memo per transcript (the coding screen's `m`): a different one is a
        conflict. Memos on a code or on the project may be many: each text is brought once."""
        here_ids = transcript_ids(self.session)
        coder_ids = {name: coder_by_name(self.session, name).id for name in self.here.coders}
        existing: dict[tuple[int | None, int | None, int | None], list[str]] = {}
        for memo in self.here.memos:
            key = (
                here_ids[memo.transcript] if memo.transcript else None,
                self.codebook.here_ids[memo.code_guid] if memo.code_guid else None,
                coder_ids[memo.coder] if memo.coder else None,
            )
            existing.setdefault(key, []).append(memo.text)
        for memo in self.other.memos:
            if not memo.text:
                continue
            if memo.transcript in self.refused:
                self.report.conflicts.append(
                    f"{memo.coder or 'someone'}'s memo on {memo.transcript} not brought in (the "
                    f"transcript has other text in {self.report.origin}): {_excerpt(memo.text)}"
                )
                continue
            transcript_id = self.transcript_ids.get(memo.transcript) if memo.transcript else None
            code_id = self.codebook.ids.get(memo.code_guid) if memo.code_guid else None
            coder_id = self.coder_ids.get(memo.coder) if memo.coder else None
            key = (transcript_id, code_id, coder_id)
            texts = existing.setdefault(key, [])
            one_per_coder = transcript_id is not None and coder_id is not None
            if memo.text in texts:
                self.report.matched["memo"] += 1
            elif one_per_coder and any(texts):
                self.report.conflicts.append(
                    f"{memo.coder}'s memo on {memo.transcript} differs in "
                    f"{self.report.origin} ({_excerpt(memo.text)}); kept this copy's"
                )
            elif one_per_coder and texts:  # an empty memo here: the copy's fills it
                rows.set_memo_text(self.session, *key, memo.text)
                texts[:] = [memo.text]
                self.report.added["memo"] += 1
            else:
                rows.add_memo(self.session, *key, memo.text)
                texts.append(memo.text)
                self.report.added["memo"] += 1

    def statuses(self) -> None:
        here_ids = transcript_ids(self.session)
        coder_ids = {name: coder_by_name(self.session, name).id for name in self.here.coders}
        here = {
            (here_ids[t], coder_ids[c]): status for (t, c), status in self.here.statuses.items()
        }
        for (transcript, coder), status in self.other.statuses.items():
            if transcript in self.refused:
                if status != "not_started":
                    self.report.conflicts.append(
                        f"{coder}'s status on {transcript} ({status.replace('_', ' ')}) not "
                        f"brought in (the transcript has other text in {self.report.origin})"
                    )
                continue
            key = (self.transcript_ids[transcript], self.coder_ids[coder])
            if STATUS_RANK[status] > STATUS_RANK.get(here.get(key, "not_started"), 0):
                write_status(self.session, *key, status)
                here[key] = status
                self.report.added["coder status"] += 1
            elif here.get(key) == status:
                self.report.matched["coder status"] += 1

    def settings(self) -> None:
        for key, value in self.other.settings.items():
            if key not in self.here.settings:
                write_setting(self.session, key, value)

    def log(self, project: Project, origin: str, via: str) -> None:
        for event in self.other_only:
            # The codes the copy got by a merge or an import are here already or come now:
            # its entry for them would say they came again, or twice.
            if event_key(event) not in self.codebook.withheld and not merged_in(event):
                rows.copy_event(self.session, event)
        # The codes it added (and how many it filled in), as a codebook load names its own:
        # the codebook's history says where they came from, as the copy's log may not (an
        # archive's has none).
        new, filled = self.codebook.new_paths(), self.codebook.filled_paths()
        if new or filled:
            log_arrival(project, self.session, origin, new, len(filled), via, filled)
        detail = {
            "added": dict(self.report.added),
            "conflicts": len(self.report.conflicts),
        }
        project.log(self.session, "project.merge", origin, json.dumps(detail, sort_keys=True))


def _excerpt(text: str, length: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= length else flat[: length - 1] + "…")
