"""What screens that show the store share: change tracking, and why an action or a worker
did not go through."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.store.project import Project
from workbench.tui.widgets.status_line import StatusLine, report

if TYPE_CHECKING:
    from workbench.stats.data import StudyData

ChangeToken = tuple[int, int, int]
UNKNOWN_TOKEN: ChangeToken = (-1, -1, -1)  # equal to no store's token
T = TypeVar("T")


class StoreScreen(Screen[None]):
    """A screen that shows what is in the store.

    When it comes back to the front after the store changed (the codebook edited, a passage
    coded on another screen), `store_changed` reads again. Workers run with
    exit_on_error=False; a failed one is reported (`report`) instead of nothing.
    """

    _seen: ChangeToken | None = None  # the store's change token when the screen was left

    def change_token(self) -> ChangeToken:
        raise NotImplementedError  # each screen asks its desk or its project

    def store_changed(self) -> None:
        """Read and show again what depends on the store (each screen says what)."""

    def forget(self) -> None:
        """Drop what was kept from the store, before `store_changed` reads again."""

    def on_screen_suspend(self) -> None:
        # A store that cannot be asked (its server gone) says why; back here, read again.
        self._seen = self.attempt(self.change_token) or UNKNOWN_TOKEN

    def on_screen_resume(self) -> None:
        if self._seen is None:
            return
        now = self.attempt(self.change_token)  # None: the status line says why not
        if now is not None and now != self._seen:
            self.forget()
            self.store_changed()

    def say(self, message: str) -> None:
        """Report what a key just did, or why it did nothing, on the status line."""
        self.query_one("#status", StatusLine).say(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report(self, event.worker.error)

    def attempt(self, action: Callable[[], T]) -> T | None:
        """Run a store action: its result, or None when it was refused or failed (and the
        status line says why), never a crash."""
        try:
            return action()
        except Exception as error:  # keep the app alive; the store is transactional
            report(self, error)
        return None

    def succeeded(self, action: Callable[[], object]) -> bool:
        """`attempt` for actions that return nothing: True when it went through."""
        return self.attempt(lambda: action() or True) is not None


class WorkingScreen(StoreScreen):
    """A screen over the whole study (statistics, agreement): the study is read once, from a
    worker, and kept while the store does not change."""

    project: Project
    viewer: str | None = None  # the coder whose blind-coding rule applies (None: the team)
    _study: StudyData | None = None

    def change_token(self) -> ChangeToken:
        return self.project.change_token()

    def study(self) -> StudyData:
        """The project as the statistics read it, as far as the viewer may see it (blind
        coding): each choice only tabulates it differently."""
        if self._study is None:
            from workbench.coding.visibility import visibility
            from workbench.stats.data import load_study

            self._study = load_study(self.project, visibility=visibility(self.project, self.viewer))
        return self._study

    def blind_note(self) -> str:
        """What blind coding hides from the viewer in the study read last ("" if nothing)."""
        return self._study.visibility.note() if self._study is not None else ""

    def forget(self) -> None:
        self._study = None
