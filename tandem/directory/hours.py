"""When a service is open, worked out on the UK's wall clock.

Opening times are kept as the hours a service's own sign would show (Europe/
London wall-clock time), so a café open 6pm to 2am is open at 1am on the
Saturday after its Friday opening, whether the clocks say GMT or BST.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS as DAY_NAMES
from django.utils.translation import gettext

from tandem.web import dates

LONDON = ZoneInfo("Europe/London")
# 'This evening' as people mean it: some time between 6pm and 10pm today.
EVENING_STARTS = dt.time(18)
EVENING_ENDS = dt.time(22)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Opening(Protocol):
    weekday: int
    opens: dt.time
    closes: dt.time
    closes_next_day: bool


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LONDON)


def is_open_at(hours: Iterable[Opening], moment: dt.datetime) -> bool:
    """Open at ``moment``: inside today's opening, or still inside yesterday's
    opening that runs past midnight."""
    now = local(moment)
    today, clock = now.weekday(), now.time()
    for opening in hours:
        started_today = opening.weekday == today and opening.opens <= clock
        if started_today and (opening.closes_next_day or clock < opening.closes):
            return True
        from_yesterday = opening.closes_next_day and opening.weekday == (today - 1) % 7
        if from_yesterday and clock < opening.closes:
            return True
    return False


def is_open_in_evening(hours: Iterable[Opening], moment: dt.datetime) -> bool:
    """Open for some of 6pm to 10pm on ``moment``'s day (UK time)."""
    today = local(moment).weekday()
    for opening in hours:
        if opening.weekday == today:
            ends_after_six = opening.closes_next_day or opening.closes > EVENING_STARTS
            if opening.opens < EVENING_ENDS and ends_after_six:
                return True
    return False


def spoken(value: dt.time) -> str:
    """'6pm', '9:30am', 'midnight', 'midday': how the public pages say a time,
    in the page's language (ADR 0061)."""
    if value == dt.time(0):
        return gettext("midnight")
    if value == dt.time(12):
        return gettext("midday")
    return dates.time_of_day(value)


def describe(hours: Iterable[Opening]) -> list[tuple[str, str]]:
    """(weekday, hours) for every day of the week, 'Closed' where it does not open.
    The days' names come from Django's catalogue, in the page's language."""
    by_day = {opening.weekday: opening for opening in hours}
    rows = []
    for number in range(7):
        name = str(DAY_NAMES[number])
        opening = by_day.get(number)
        if opening is None:
            rows.append((name, gettext("Closed")))
            continue
        text = gettext("%(opens)s to %(closes)s") % {
            "opens": spoken(opening.opens),
            "closes": spoken(opening.closes),
        }
        if opening.closes_next_day and opening.closes != dt.time(0):
            text = gettext("%(hours)s (%(day)s morning)") % {
                "hours": text,
                "day": str(DAY_NAMES[(number + 1) % 7]),
            }
        rows.append((name, text))
    return rows
