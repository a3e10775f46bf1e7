"""This process's pause after GOV.UK Notify says it is over its rate limit
(a 429; ADR 0038): nothing is sent until it ends."""

from __future__ import annotations

import random
import time

from django.conf import settings


class RateLimitPause:
    """This process's pause after Notify's 429: nothing is sent until it ends.
    Each 429 in a row doubles it, up to a minute (Notify counts a rolling minute)."""

    def __init__(self) -> None:
        self.until = 0.0
        self.in_a_row = 0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def seconds_left(self) -> float:
        return max(0.0, self.until - time.monotonic())

    def limited(self) -> float:
        """Start (or lengthen) the pause; returns its length in seconds."""
        self.in_a_row += 1
        base = settings.TANDEM_NOTIFY_RATE_LIMIT_PAUSE * 2 ** min(self.in_a_row - 1, 6)
        # Jitter, so that workers paused together do not all come back together.
        seconds = min(60.0, base) * random.uniform(1.0, 1.5)  # noqa: S311 - not security
        self.until = time.monotonic() + seconds
        return seconds

    def sent(self) -> None:
        self.in_a_row = 0

    def reset(self) -> None:
        self.until, self.in_a_row = 0.0, 0


pause = RateLimitPause()
