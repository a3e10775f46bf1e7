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


def short_day(value: dt.date | dt.datetime | None) -> str:
    """'3 Mar 2026', for a narrow table column; a moment is first turned into
    the local date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value:%-d %b %Y}"


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def clock(value: dt.datetime | dt.time | None) -> str:
    """'14:30': a time on the 24-hour clock, as staff diaries and timetables show
    it (so a list of times lines up); a moment is first put in local time."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return f"{value:%H:%M}"


def weekday(value: dt.date | dt.datetime | None, *, year: bool = True, short: bool = False) -> str:
    """'Tuesday 3 March 2026'; 'Tuesday 3 March' without the year (a heading in a
    list of the next few days); 'Tue 3 March 2026' with ``short`` (a narrow table
    column). A moment is first turned into the local date."""
    if value is None:
        return ""
    local = _local_date(value)
    name = f"{local:%a}" if short else f"{local:%A}"
    return f"{name} {local:%-d %B %Y}" if year else f"{name} {local:%-d %B}"


def day_month(value: dt.date | dt.datetime | None) -> str:
    """'3 March': a day in the current stretch of dates, where the year is plain."""
    return "" if value is None else f"{_local_date(value):%-d %B}"


def day_and_clock(value: dt.datetime | None) -> str:
    """'Tuesday 3 March 2026, 18:00': one moment as staff diaries show it."""
    if value is None:
        return ""
    return f"{weekday(value)}, {clock(value)}"


def span(starts: dt.datetime | None, ends: dt.datetime | None) -> str:
    """'Tuesday 3 March 2026, 18:00 to 19:30': a session as staff diaries show
    it, both times on the same clock (never '6pm to 19:30'); the day is said
    again only when it ends on another day."""
    if starts is None or ends is None:
        return day_and_clock(starts)
    if timezone.localdate(starts) == timezone.localdate(ends):
        return f"{day_and_clock(starts)} to {clock(ends)}"
    return f"{day_and_clock(starts)} to {day_and_clock(ends)}"
