"""Which days a check-in schedule asks for, and which of them were missed.

Pure functions over a schedule and the days answered, so the diary pages,
the reminder job and the nightly sweep count missed check-ins the same way.
A day is missed only once it is over: today is 'due', not 'missed'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from tandem.diary.models import CheckInSchedule


def last_day(schedule: CheckInSchedule) -> dt.date | None:
    """The last day the schedule covers, or None while it runs."""
    if schedule.ended_at is None:
        return None
    return timezone.localdate(schedule.ended_at)


def due_days(schedule: CheckInSchedule, *, start: dt.date, end: dt.date) -> list[dt.date]:
    """Days from ``start`` to ``end`` (both included) the schedule asks for."""
    first = max(start, schedule.starts_on)
    ended = last_day(schedule)
    final = min(end, ended) if ended is not None else end
    weekdays = schedule.weekday_numbers
    days = []
    day = first
    while day <= final:
        if day.weekday() in weekdays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def missed_days(
    schedule: CheckInSchedule, *, answered: Iterable[dt.date], start: dt.date, today: dt.date
) -> list[dt.date]:
    """Due days before ``today`` with no answer."""
    done = set(answered)
    yesterday = today - dt.timedelta(days=1)
    return [d for d in due_days(schedule, start=start, end=yesterday) if d not in done]


def missed_in_a_row(
    schedule: CheckInSchedule, *, answered: Iterable[dt.date], today: dt.date, look_back: int = 60
) -> int:
    """How many due days in a row, counting back from yesterday, have no answer."""
    done = set(answered)
    start = today - dt.timedelta(days=look_back)
    due = due_days(schedule, start=start, end=today - dt.timedelta(days=1))
    count = 0
    for day in reversed(due):
        if day in done:
            break
        count += 1
    return count
