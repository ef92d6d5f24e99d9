"""Keys typed ahead act in order: each key has done all it does before the next is dispatched."""

from __future__ import annotations

import asyncio
from collections import deque
from contextlib import ExitStack

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

# A guard, never reached in use: a key that set off more than this much work lets the next
# key go rather than leaving the keyboard dead.
QUIET_TIMEOUT = 5.0


class TypeAheadApp(App[None]):
    """An app whose keys act as if typed slowly, however fast they arrive (a burst over SSH).

    Textual forwards each key to the focused widget as soon as the app reads it, and the key
    acts on its way up, queue by queue (widget, containers, screen: its `on_key`; the app:
    the bindings), often through messages of its own (enter posts `Input.Submitted`, which
    dismisses a dialog, whose answer applies a code). So the next key of a burst used to be
    forwarded before the one ahead of it had acted: before the filter it moved the focus to
    had the focus, before the dialog it opened was mounted, before the selection it made
    was there for a code key to read. Here each key waits in `_held` until everything the
    key ahead of it set off in the app and the screen on top has been handled; then it is
    dispatched, to whatever has the focus by then. While keys are held the screen is not
    repainted: a burst is drawn once, when it has all acted, as it was before.
    """

    def __init__(self) -> None:
        super().__init__()
        self._held: deque[events.Key] = deque()
        self._in_flight: events.Key | None = None
        self._settled = asyncio.Event()
        self._settled.set()
        self._waiter: asyncio.Task[None] | None = None  # waits for a key to have acted
        self._burst = ExitStack()  # holds the repaint while keys are held

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key) or event.is_forwarded:
            await super().on_event(event)  # a forwarded key has come back up to the app
        elif self._in_flight is not None or self._held:
            if not self._held:
                self._burst.enter_context(self.batch_update())
            self._held.append(event)
        else:
            await self._dispatch(event)

    def key_dispatched(self, key: events.Key) -> None:
        """Called as each key is dispatched, before it acts (a subclass's hook)."""

    async def _dispatch(self, key: events.Key) -> None:
        self._in_flight = key
        self._settled.clear()
        self.key_dispatched(key)
        await super().on_event(key)  # a priority binding acts here; else the key is forwarded
        self._waiter = asyncio.create_task(self._after(key))

    async def _after(self, key: events.Key) -> None:
        try:
            await asyncio.wait_for(self._quiet(), QUIET_TIMEOUT)
        except TimeoutError:
            pass  # let the next key go: see QUIET_TIMEOUT
        finally:
            self.call_later(self._finished, key)

    def _pumps(self) -> list[MessagePump]:
        """The app and the screen on top with its widgets: where a key and what it set off
        travel (a dismissed dialog's answer goes to the screen below, which is then on top)."""
        nodes: list[MessagePump] = [self, *self.screen.walk_children(with_self=True)]
        return [node for node in nodes if node.is_running]

    async def _quiet(self) -> None:
        """Return when the pumps have handled every message, those they posted each other too.

        Textual counts no messages in flight across widgets, so this goes in rounds: a
        callback queued behind each pump's messages; when all have run, a pump with a
        message still waiting (in its queue, or taken out to be handled next) means another
        round. `_pending_message` is Textual's own (pinned exactly; the burst tests guard it).
        """
        while busy := [pump for pump in self._pumps() if _has_work(pump)]:
            await self._round(busy)

    @staticmethod
    async def _round(pumps: list[MessagePump]) -> None:
        """Wait until each pump has handled the messages it holds now."""
        marks = [asyncio.Event() for _ in pumps]
        for pump, mark in zip(pumps, marks, strict=True):
            if not pump.call_later(mark.set):
                mark.set()  # closing: it will handle nothing more
        for mark in marks:
            await mark.wait()

    async def _finished(self, key: events.Key) -> None:
        if key is not self._in_flight:
            return
        if not self.screen.is_mounted:  # a screen the key pushed: keys go to it when ready
            self._waiter = asyncio.create_task(self._after(key))
            return
        self._in_flight = None
        if self._held:
            await self._dispatch(self._held.popleft())
        else:
            self._burst.close()
            self.screen.check_idle()  # an idle screen paints what the burst changed
            self._settled.set()

    async def keys_settled(self) -> None:
        """Wait until every key sent so far has acted (tests send bursts, then wait)."""
        received = asyncio.Event()
        self.call_later(received.set)  # behind the keys already in the queue
        await received.wait()
        await self._settled.wait()


def _has_work(pump: MessagePump) -> bool:
    """Whether a message waits for `pump`: in its queue, or taken out to be handled next."""
    return bool(pump.message_queue_size) or pump._pending_message is not None
