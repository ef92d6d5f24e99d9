"""What every screen with background work shares: a failed worker becomes a notification."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError
from workbench.store.project import Project

if TYPE_CHECKING:
    from workbench.stats.data import StudyData


class WorkingScreen(Screen[None]):
    """Workers run with exit_on_error=False; this says what went wrong instead of nothing."""

    project: Project
    _study: StudyData | None = None
    _seen: tuple[int, int, int] | None = None  # the store's change token when left

    def study(self) -> StudyData:
        """The project as the statistics read it: read once (from a worker) and kept while
        the store does not change, since each choice only tabulates it differently."""
        if self._study is None:
            from workbench.stats.data import load_study

            self._study = load_study(self.project)
        return self._study

    def on_screen_suspend(self) -> None:
        self._seen = self.project.change_token()

    def on_screen_resume(self) -> None:
        # Back from a screen where codings or the codebook may have changed (a passage
        # opened from here, the codebook screen): what this screen shows is out of date.
        if self._seen is not None and self.project.change_token() != self._seen:
            self._study = None
            self.store_changed()

    def store_changed(self) -> None:
        """Read and show again what depends on the store (each screen says what)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WorkbenchError):
                self.notify(str(error), severity="warning")
            else:
                self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=10)
