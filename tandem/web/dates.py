"""Dates and times as people read them, in the service's time zone.

One place for the words, so every page, PDF and export says '3 March 2026 at
2:30pm' the same way, and always in the service's local time (settings.TIME_ZONE),
never the server's.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def when(value: dt.datetime | None) -> str:
    """'3 March 2026 at 2:30pm' (or '… at 2pm' on the hour), in local time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    time = f"{local:%-I:%M%p}".lower().replace(":00", "")
    return f"{local:%-d %B %Y} at {time}"


def day(value: dt.date | dt.datetime | None) -> str:
    """'3 March 2026'; a moment is first turned into the local date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value:%-d %B %Y}"


def week_of(value: dt.date | dt.datetime | str, *, capital: bool = False) -> str:
    """'week of 28 December 2026': the Monday that starts the week holding ``value``
    (a date, a moment, or an ISO week such as '2026-W53', which nobody reads easily).
    ``capital`` starts it with a capital letter, for a table cell or a heading."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    elif isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    monday = value - dt.timedelta(days=value.weekday())
    return f"{'Week' if capital else 'week'} of {day(monday)}"


def weekday_and_day(value: dt.date | dt.datetime | None, *, short: bool = False) -> str:
    """'Monday 3 March 2026', or 'Mon 3 March 2026' with ``short`` (for a narrow
    table column); a moment is first turned into the local date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    weekday = f"{value:%a}" if short else f"{value:%A}"
    return f"{weekday} {day(value)}"
