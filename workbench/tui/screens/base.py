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

    def study(self) -> StudyData:
        """The project as the statistics read it: read once per visit to this screen (from a
        worker), since each choice on the screen only tabulates it differently."""
        if self._study is None:
            from workbench.stats.data import load_study

            self._study = load_study(self.project)
        return self._study

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WorkbenchError):
                self.notify(str(error), severity="warning")
            else:
                self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=10)
