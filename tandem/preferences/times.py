"""When a person has said we may contact them: days to avoid and a window of
hours. Pure (no database), so the outbox, booking pages and tests share one
reading of it.

Times are wall-clock times in the service's time zone ('not before 10:00'
means 10:00 on the person's clock, whatever the clocks did overnight). The
window is inclusive: 'not after 20:00' allows 20:00 itself. A window that ends
before it starts is refused by the form, so a window never spans midnight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# As 'not on Fridays' says them, marked for the person's own page (describe_text).
EVERY_DAY_NAMES = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)
MINUTE = dt.timedelta(minutes=1)
# Clocks move by at most a few hours: this bounds the walk across a gap.
_MAX_STEPS = 180


def service_zone() -> ZoneInfo:
    """The service's time zone: the clock people's times are kept on."""
    from django.conf import settings

    return ZoneInfo(settings.TIME_ZONE)


def clock(value: dt.time) -> str:
    return f"{value:%H:%M}"


@dataclass(frozen=True)
class ContactTimes:
    """Days to avoid (0 is Monday) and the hours contact is welcome."""

    avoid_days: frozenset[int] = field(default_factory=frozenset)
    not_before: dt.time | None = None
    not_after: dt.time | None = None

    @classmethod
    def of(
        cls, avoid_days: Iterable[int], not_before: dt.time | None, not_after: dt.time | None
    ) -> ContactTimes:
        return cls(frozenset(int(d) for d in avoid_days), not_before, not_after)

    @property
    def is_empty(self) -> bool:
        return not self.avoid_days and self.not_before is None and self.not_after is None

    @property
    def never(self) -> bool:
        """Every day avoided (the form refuses this; kept safe if it ever happens)."""
        return len(self.avoid_days & set(range(7))) == 7

    def describe(self) -> str:
        """In words, for people and staff: 'Not before 10:00. Not on Fridays'."""
        parts = []
        if self.not_before and self.not_after:
            parts.append(f"Only between {clock(self.not_before)} and {clock(self.not_after)}")
        elif self.not_before:
            parts.append(f"Not before {clock(self.not_before)}")
        elif self.not_after:
            parts.append(f"Not after {clock(self.not_after)}")
        if self.avoid_days:
            days = [DAY_NAMES[d] + "s" for d in sorted(self.avoid_days)]
            joined = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " or " + days[-1]
            parts.append(f"Not on {joined}")
        return ". ".join(parts)

    def describe_text(self) -> str:
        """``describe`` in the language of the page, for the person's own."""
        parts = []
        if self.not_before and self.not_after:
            parts.append(
                gettext("Only between %(start)s and %(end)s")
                % {"start": clock(self.not_before), "end": clock(self.not_after)}
            )
        elif self.not_before:
            parts.append(gettext("Not before %(time)s") % {"time": clock(self.not_before)})
        elif self.not_after:
            parts.append(gettext("Not after %(time)s") % {"time": clock(self.not_after)})
        if self.avoid_days:
            days = [gettext(EVERY_DAY_NAMES[d]) for d in sorted(self.avoid_days)]
            joined = (
                days[0]
                if len(days) == 1
                else gettext("%(days)s or %(last)s")
                % {"days": ", ".join(days[:-1]), "last": days[-1]}
            )
            parts.append(gettext("Not on %(days)s") % {"days": joined})
        return ". ".join(parts)

    def allows_clock(self, day: dt.date, at: dt.time) -> bool:
        if day.weekday() in self.avoid_days:
            return False
        # To the minute: 'not after 20:00' still allows 20:00:30, so a worker a
        # few seconds late at the end of a window does not miss it.
        wall = at.replace(tzinfo=None, second=0, microsecond=0)
        if self.not_before is not None and wall < self.not_before:
            return False
        return not (self.not_after is not None and wall > self.not_after)

    def allows(self, moment: dt.datetime, tz: ZoneInfo) -> bool:
        local = moment.astimezone(tz)
        return self.allows_clock(local.date(), local.time())

    def clashes(self, starts_at: dt.datetime, ends_at: dt.datetime, tz: ZoneInfo) -> bool:
        """Whether any part of an appointment falls in a time to avoid."""
        return bool(self.clash_reasons(starts_at, ends_at, tz))

    def clash_reasons(
        self, starts_at: dt.datetime, ends_at: dt.datetime, tz: ZoneInfo
    ) -> list[str]:
        """Which of the times to avoid an appointment falls in, in words
        ('Fridays', 'before 10:00'); empty when it falls in none."""
        if self.is_empty:
            return []
        start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
        found = []
        day = start.date()
        while day <= end.date():
            if day.weekday() in self.avoid_days:
                found.append(DAY_NAMES[day.weekday()] + "s")
            day += dt.timedelta(days=1)
        if self.not_before is not None and start.time().replace(tzinfo=None) < self.not_before:
            found.append(f"before {clock(self.not_before)}")
        # An appointment that runs past midnight runs past any 'not after'.
        if self.not_after is not None and (
            end.date() > start.date() or end.time().replace(tzinfo=None) > self.not_after
        ):
            found.append(f"after {clock(self.not_after)}")
        return found

    # --- Finding allowed moments --------------------------------------------------

    def opening(self, day: dt.date, tz: ZoneInfo) -> dt.datetime | None:
        """The first allowed moment of a local day (UTC), or None."""
        if day.weekday() in self.avoid_days:
            return None
        wall = self.not_before or dt.time(0)
        # fold=0 puts a time the clocks skipped after the gap by the gap's
        # length; walking back finds the first real moment on or after ``wall``.
        moment = dt.datetime.combine(day, wall, tzinfo=tz).astimezone(dt.UTC)
        for _ in range(_MAX_STEPS):
            earlier = moment - MINUTE
            if earlier.astimezone(tz).date() != day or not self.allows(earlier, tz):
                break
            moment = earlier
        if moment.astimezone(tz).date() != day or not self.allows(moment, tz):
            return None
        return moment

    def closing(self, day: dt.date, tz: ZoneInfo) -> dt.datetime | None:
        """The last allowed moment of a local day (UTC, to the minute), or None."""
        if day.weekday() in self.avoid_days:
            return None
        wall = self.not_after or dt.time(23, 59)
        # fold=1: the later of a time the clocks passed twice; for a skipped
        # time it lands before the gap, so walk forward to the last real one.
        moment = dt.datetime.combine(day, wall, tzinfo=tz).replace(fold=1).astimezone(dt.UTC)
        for _ in range(_MAX_STEPS):
            later = moment + MINUTE
            if later.astimezone(tz).date() != day or not self.allows(later, tz):
                break
            moment = later
        if moment.astimezone(tz).date() != day or not self.allows(moment, tz):
            return None
        return moment

    def next_allowed(self, moment: dt.datetime, tz: ZoneInfo) -> dt.datetime | None:
        """``moment`` if allowed, else the first allowed moment after it (UTC);
        None only if every day is avoided."""
        if self.allows(moment, tz):
            return moment.astimezone(dt.UTC)
        start = moment.astimezone(dt.UTC)
        day = start.astimezone(tz).date()
        opens, closes = self.opening(day, tz), self.closing(day, tz)
        if opens is not None and closes is not None and opens <= start < closes:
            # Inside today's window yet not allowed: only where the clocks went
            # back within it. The window comes round again within the hour.
            probe = start.replace(second=0, microsecond=0)
            for _ in range(_MAX_STEPS):
                probe += MINUTE
                if self.allows(probe, tz):
                    return probe
        for offset in range(8):
            opens = self.opening(day + dt.timedelta(days=offset), tz)
            if opens is not None and opens > start:
                return opens
        return None

    def last_allowed_before(
        self, limit: dt.datetime, tz: ZoneInfo, *, not_before: dt.datetime
    ) -> dt.datetime | None:
        """The last allowed minute strictly before ``limit`` and not before
        ``not_before`` (UTC), or None."""
        limit, floor = limit.astimezone(dt.UTC), not_before.astimezone(dt.UTC)
        day = limit.astimezone(tz).date()
        while True:
            opens, closes = self.opening(day, tz), self.closing(day, tz)
            if opens is not None and closes is not None and opens < limit:
                found = max(opens, min(closes, limit - MINUTE))
                # Where clocks go back, a window can hold a stretch the
                # person's clock shows as outside it: step back out of it.
                for _ in range(_MAX_STEPS):
                    if self.allows(found, tz) or found <= opens:
                        break
                    found -= MINUTE
                return found if found >= floor else None
            day -= dt.timedelta(days=1)
            if dt.datetime.combine(day, dt.time.max, tzinfo=tz) < floor:
                return None
