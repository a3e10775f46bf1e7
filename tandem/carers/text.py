"""Dates and times as people read them, in the service's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def when(value: dt.datetime | None) -> str:
    """'3 March 2025 at 2:30pm', in local time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    time = f"{local:%-I:%M%p}".lower().replace(":00", "")
    return f"{local:%-d %B %Y} at {time}"


def day(value: dt.datetime | None) -> str:
    """'3 March 2025', in local time."""
    return f"{timezone.localtime(value):%-d %B %Y}" if value is not None else ""
