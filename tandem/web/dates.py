"""Dates and times as people read them, in the service's time zone.

One place for the words, so every page, PDF and export says '3 March 2026 at
2:30pm' the same way, and always in the service's local time (settings.TIME_ZONE),
never the server's.

The names of days and months, and the words around them, follow the language
active for the page (ADR 0061): Django's own catalogue names the days and
months in Welsh and Arabic, and ours holds the rest. Staff pages, texts and
exports made outside a person's page stay English, as before.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext


def _month(value: dt.date) -> str:
    return str(MONTHS[value.month])


def _short_month(value: dt.date) -> str:
    # Django's three-letter names are lower case ('mar'): a date writes 'Mar'.
    return str(MONTHS_3[value.month]).capitalize()


def _weekday_name(value: dt.date, *, short: bool = False) -> str:
    return str((WEEKDAYS_ABBR if short else WEEKDAYS)[value.weekday()])


def time_of_day(value: dt.datetime | dt.time | None) -> str:
    """'2:30pm', or '2pm' on the hour; a moment is first turned into local time.
    The figures are kept out of the words a translator writes."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    time = f"{value:%-I:%M}".replace(":00", "")
    if value.hour < 12:
        return gettext("%(time)sam") % {"time": time}
    return gettext("%(time)spm") % {"time": time}


def when(value: dt.datetime | None) -> str:
    """'3 March 2026 at 2:30pm' (or '… at 2pm' on the hour), in local time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return gettext("%(day)s at %(time)s") % {"day": day(local), "time": time_of_day(local)}


def day(value: dt.date | dt.datetime | None) -> str:
    """'3 March 2026'; a moment is first turned into the local date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value.day} {_month(value)} {value.year}"


def recorded_day(value: dt.date | dt.datetime | None) -> str:
    """'3 March 2026' in English, whatever language the page is read in: for
    words that are kept and read by staff (audit lines, alerts, a plan's
    history), which are English (ADR 0061), even when a Welsh reader's own
    action writes them."""
    with translation.override(None):
        return day(value)


def week_of(value: dt.date | dt.datetime | str, *, capital: bool = False) -> str:
    """'week of 28 December 2026': the Monday that starts the week holding ``value``
    (a date, a moment, or an ISO week such as '2026-W53', which nobody reads easily).
    ``capital`` starts it with a capital letter, for a table cell or a heading."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    elif isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    monday = value - dt.timedelta(days=value.weekday())
    if capital:
        return gettext("Week of %(day)s") % {"day": day(monday)}
    return gettext("week of %(day)s") % {"day": day(monday)}


def short_day(value: dt.date | dt.datetime | None) -> str:
    """'3 Mar 2026', for a narrow table column; a moment is first turned into
    the local date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value.day} {_short_month(value)} {value.year}"


def short_day_month(value: dt.date) -> str:
    """'3 Mar', beside a chart where the year is plain and room is short."""
    return f"{value.day} {_short_month(value)}"


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
    name = _weekday_name(local, short=short)
    return f"{name} {day(local)}" if year else f"{name} {day_month(local)}"


def day_month(value: dt.date | dt.datetime | None) -> str:
    """'3 March': a day in the current stretch of dates, where the year is plain."""
    if value is None:
        return ""
    local = _local_date(value)
    return f"{local.day} {_month(local)}"


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
        return gettext("%(start)s to %(end)s") % {
            "start": day_and_clock(starts),
            "end": clock(ends),
        }
    return gettext("%(start)s to %(end)s") % {
        "start": day_and_clock(starts),
        "end": day_and_clock(ends),
    }
