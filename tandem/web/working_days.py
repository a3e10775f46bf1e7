"""Working days for a team's promise to reply ('within 2 working days').

A message received on any day is due by the end of the Nth working day after
that day, in UK local time: one sent on Monday at 10:00 with a 2-day promise
is due by the end of Wednesday; one sent on Friday evening or at the weekend
by the end of Tuesday. Saturdays and Sundays are not working days. Bank
holidays are not counted out (ADR 0010): a thread can show as past its reply
time a day early after one, which errs towards looking sooner.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    found = 0
    while found < n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def due_day(received_at: dt.datetime, days: int) -> dt.date:
    """The last day on which a reply keeps the promise."""
    return nth_working_day_after(timezone.localtime(received_at).date(), days)


def due_by(received_at: dt.datetime, days: int) -> dt.datetime:
    """The moment a message received at ``received_at`` becomes past its reply time."""
    return start_of(due_day(received_at, days) + dt.timedelta(days=1))


def overdue_before(now: dt.datetime, days: int) -> dt.datetime:
    """Messages received before this moment are past their reply time at ``now``.

    The latest received day still overdue is found by stepping back from
    today; ``due_by`` only grows with the day received, so the first day
    found bounds every earlier one.
    """
    today = timezone.localtime(now).date()
    day = today
    while nth_working_day_after(day, days) >= today:
        day -= dt.timedelta(days=1)
    return start_of(day + dt.timedelta(days=1))


def due_text(received_at: dt.datetime, days: int) -> str:
    return f"{due_day(received_at, days):%A %-d %B}"
