"""Blind coding: which codings of which transcripts one coder may see.

Until a coder marks a transcript done, the screens that coder opens show only their own
codings of it, so that the others' choices cannot sway theirs. A transcript they marked done
shows everyone's. Without a coder name (the CLI's reports, run for the team) nothing is
hidden: `TEAM` sees everything. Looking on purpose (`o` on the coding screen) is not this
rule's business: it says what a screen shows by default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.coding.progress import DONE, statuses

if TYPE_CHECKING:
    from workbench.store.project import Project

# Short enough for an 80-column status line; `?` on the agreement screen says the rest.
WHY_HIDDEN = "blind coding: mark a transcript done (d) to compare"


@dataclass(frozen=True)
class Visibility:
    """What `coder` may see: their own codings everywhere, everyone's where `finished`.

    `coder` None is the team, who see everything (`hidden` is empty)."""

    coder: str | None
    hidden: frozenset[str] = frozenset()  # transcripts whose others' codings are hidden

    def sees_everyone_in(self, transcript: str) -> bool:
        return transcript not in self.hidden

    def may_see(self, transcript: str, coder: str) -> bool:
        """Whether a coding by `coder` in `transcript` is shown."""
        return coder == self.coder or self.sees_everyone_in(transcript)

    def note(self) -> str:
        """One line for a screen's title saying what is hidden ("" when nothing is)."""
        count = len(self.hidden)
        if not count:
            return ""
        plural = "s" if count != 1 else ""
        return f"only your codings of the {count} transcript{plural} you have not marked done"

    def visible_transcripts(self, transcripts: Iterable[str]) -> list[str]:
        """Those of `transcripts` where everyone's codings may be shown, in their order."""
        return [name for name in transcripts if self.sees_everyone_in(name)]


TEAM = Visibility(None)


def visibility(project: Project, coder: str | None) -> Visibility:
    """What `coder` may see now (read their statuses once); None: the team, who see all."""
    if coder is None:
        return TEAM
    name = coder.strip()  # as every way in stores a coder's name
    unfinished = {t for t, status in statuses(project, name).items() if status != DONE}
    return Visibility(name, frozenset(unfinished))
