"""Waiting in pilot tests for what a user would wait for: background work and its results."""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual.pilot import Pilot

PATIENCE = 15.0  # seconds: far beyond any wait a user would accept, so a miss is a real one


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker is left and the messages the workers posted are handled: a
    handler may start more work (a report that arrives starts the next one), so repeat."""
    deadline = monotonic() + PATIENCE
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(not worker.is_finished for worker in pilot.app.workers):
            return
        if monotonic() > deadline:
            raise TimeoutError("the app's workers did not finish")


async def until(pilot: Pilot[None], check: Callable[[], bool]) -> None:
    """Let the app run until `check` holds (the caller asserts it after): on a loaded machine
    a refit or a redraw can take a few more frames than on a quiet one."""
    deadline = monotonic() + PATIENCE
    while not check() and monotonic() < deadline:
        await pilot.pause(0.05)
