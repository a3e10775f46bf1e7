"""How hard this process's video call signalling is pressed (ADR 0038, ADR 0077).

One ``load`` per process, shared by its sockets. Overloaded means, within the
last ``TANDEM_VIDEO_BUSY_SECONDS``:

- a channel was full (layers with a capacity: the list layer, in-memory);
- the event loop lagged more than ``TANDEM_VIDEO_MAX_LAG_MS`` on two checks in a
  row (every socket of the process waits behind it; one stall alone, a pause
  of the machine, is not overload);
- more events waited for their consumers than ``TANDEM_VIDEO_MAX_BACKLOG``
  (layers that can count them: pub/sub, which has no capacity to fill);

or, at any moment, more sockets are open than ``TANDEM_VIDEO_MAX_SOCKETS``. Then
quality reports are shed and new calls refused; signalling for calls already
running is still carried. A message that reached nobody (its socket has gone) is
not overload: it is handed back to its sender, and no one else is refused.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from django.conf import settings

log = logging.getLogger(__name__)

# How often the event loop's lag and the backlog are measured.
WATCH_SECONDS = 0.25


class Load:
    def __init__(self) -> None:
        self.sockets = 0
        self.busy_until = 0.0
        self.why = ""  # what made the process overloaded last
        self.shed = 0  # quality reports not passed on
        self.not_delivered = 0  # signalling messages handed back to their sender
        self.lag = 0.0  # seconds the event loop was late at the last check
        self.backlog = 0  # events waiting for this process's consumers at the last check
        self._lagging = False
        self._watched: Any = None  # the event loop being watched
        self._watcher: asyncio.Task[None] | None = None

    def overloaded(self) -> bool:
        return (
            time.monotonic() < self.busy_until or self.sockets > settings.TANDEM_VIDEO_MAX_SOCKETS
        )

    def busy(self, why: str) -> None:
        if not time.monotonic() < self.busy_until:
            log.warning("Video call signalling overloaded: %s", why)
        self.busy_until = time.monotonic() + settings.TANDEM_VIDEO_BUSY_SECONDS
        self.why = why

    def channel_full(self) -> None:
        self.busy("a channel was full")

    def measured(self, *, lag: float, backlog: int) -> None:
        """One check's figures: the event loop's lag (seconds) and the backlog."""
        self.lag, self.backlog = lag, backlog
        lagging = lag * 1000 > settings.TANDEM_VIDEO_MAX_LAG_MS
        if lagging and self._lagging:
            self.busy(f"the event loop was {lag * 1000:.0f} ms late twice in a row")
        self._lagging = lagging
        if backlog > settings.TANDEM_VIDEO_MAX_BACKLOG:
            self.busy(f"{backlog} events waiting for their sockets")

    def watch(self, layer: Any) -> None:
        """Measure this event loop's lag and ``layer``'s backlog from now on (once
        per event loop: a process has one; each test has its own)."""
        loop = asyncio.get_running_loop()
        if self._watched is loop:
            return
        self._watched = loop
        self._watcher = loop.create_task(self._watch(layer))

    async def _watch(self, layer: Any) -> None:
        loop = asyncio.get_running_loop()
        backlog = getattr(layer, "backlog", None)
        while self._watched is loop:
            started = loop.time()
            await asyncio.sleep(WATCH_SECONDS)
            self.measured(
                lag=max(0.0, loop.time() - started - WATCH_SECONDS),
                backlog=backlog() if callable(backlog) else 0,
            )

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


load = Load()
