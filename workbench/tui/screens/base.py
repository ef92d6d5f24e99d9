"""What every screen with background work shares: a failed worker becomes a notification."""

from __future__ import annotations

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from workbench.errors import WorkbenchError


class WorkingScreen(Screen[None]):
    """Workers run with exit_on_error=False; this says what went wrong instead of nothing."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WorkbenchError):
                self.notify(str(error), severity="warning")
            else:
                self.notify(f"{type(error).__name__}: {error}", severity="error", timeout=10)
