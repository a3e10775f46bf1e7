"""Reading a diary, for a person the caller has already been allowed to see.

Views get the person from ``tandem.diary.selectors`` (which checks and audits the
read, and says whether staff may see the diary at all) and only then call
these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markupsafe import Markup

from tandem.diary import schedules
from tandem.diary.models import (
    SIGN_RATING_LABELS,
    SIGN_RATING_MAX,
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    Frequency,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.notify import recipients
from tandem.people.models import ServiceUser
from tandem.web import charts
from tandem.web.dates import time_of_day

# Periods the trends page offers, in days.
PERIODS = (28, 90)
# How far back the diary home counts missed check-ins.
MISSED_LOOK_BACK = 14
# Django's own names, so they read in the page's language.
WEEKDAY_NAMES = tuple(WEEKDAYS[d] for d in range(7))
NOT_FILLED_IN = gettext_lazy("Not filled in")


def plan_of(person: ServiceUser) -> DiaryPlan | None:
    return DiaryPlan.objects.filter(service_user=person).select_related("team").first()


def active_signs(plan: DiaryPlan | None) -> list[WarningSign]:
    if plan is None:
        return []
    return list(plan.signs.filter(retired_at__isnull=True).order_by("position", "pk"))


def sign_of(plan: DiaryPlan | None, *, pk: int) -> WarningSign | None:
    """One of the plan's signs still in use, or None (the views turn it into 404)."""
    if plan is None:
        return None
    return plan.signs.filter(pk=pk, retired_at__isnull=True).first()


def open_diary_schedule(person: ServiceUser) -> CheckInSchedule | None:
    return (
        CheckInSchedule.objects.filter(
            service_user=person, kind=ScheduleKind.DIARY, ended_at__isnull=True
        )
        .order_by("-starts_on", "-pk")
        .first()
    )


def say_time(value: dt.time) -> str:
    """'7pm', '7:30pm'."""
    return time_of_day(value)


def say_days(numbers: frozenset[int]) -> str:
    names = [str(WEEKDAY_NAMES[d]) for d in sorted(numbers)]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(days)s and %(last)s") % {"days": ", ".join(names[:-1]), "last": names[-1]}


def describe_schedule(schedule: CheckInSchedule) -> str:
    """'every day, with a reminder at 7pm'."""
    if schedule.frequency == Frequency.DAILY:
        if schedule.remind_at is None:
            return _("every day, no reminder")
        return _("every day, with a reminder at %(time)s") % {"time": say_time(schedule.remind_at)}
    days = say_days(schedule.weekday_numbers)
    if schedule.remind_at is None:
        return _("on %(days)s, no reminder") % {"days": days}
    return _("on %(days)s, with a reminder at %(time)s") % {
        "days": days,
        "time": say_time(schedule.remind_at),
    }


def reminder_problem(person: ServiceUser) -> str:
    """Why a reminder cannot reach the person ('' when it can), in plain words."""
    found, why = recipients.routes(person)
    return "" if found else why


def entry_on(person: ServiceUser, day: dt.date) -> DiaryEntry | None:
    return (
        DiaryEntry.objects.filter(service_user=person, day=day)
        .prefetch_related("sign_ratings")
        .first()
    )


def answered_days(person: ServiceUser, *, start: dt.date, end: dt.date) -> set[dt.date]:
    return set(
        DiaryEntry.objects.filter(service_user=person, day__gte=start, day__lte=end).values_list(
            "day", flat=True
        )
    )


@dataclass(frozen=True)
class CheckIns:
    """Today's check-in and the ones missed lately, counted the same way the
    reminder job and the nightly sweep count them (``tandem.diary.schedules``)."""

    schedule: CheckInSchedule | None
    today: dt.date
    due_today: bool
    done_today: bool
    # Due days in the last MISSED_LOOK_BACK days with nothing filled in.
    missed: list[dt.date]
    missed_in_a_row: int
    look_back: int = MISSED_LOOK_BACK


def check_ins(person: ServiceUser, *, today: dt.date | None = None) -> CheckIns:
    today = today or timezone.localdate()
    schedule = open_diary_schedule(person)
    start = today - dt.timedelta(days=60)
    answered = answered_days(person, start=start, end=today)
    if schedule is None:
        return CheckIns(None, today, False, today in answered, [], 0)
    since = today - dt.timedelta(days=MISSED_LOOK_BACK)
    return CheckIns(
        schedule=schedule,
        today=today,
        due_today=bool(schedules.due_days(schedule, start=today, end=today)),
        done_today=today in answered,
        missed=schedules.missed_days(schedule, answered=answered, start=since, today=today),
        missed_in_a_row=schedules.missed_in_a_row(schedule, answered=answered, today=today),
    )


# --- Trends --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Trend:
    """One chart and the table of the same figures."""

    key: str
    title: str
    scale: str
    chart: Markup
    rows: list[tuple[dt.date, str]]
    retired: bool = False


@dataclass
class Trends:
    period: int
    start: dt.date
    end: dt.date
    days: list[dt.date]
    trends: list[Trend]
    # Newest first, with their ratings.
    entries: list[DiaryEntry]
    highlight: tuple[dt.date, dt.date] | None = None
    filled_in: int = 0
    sign_words: dict[int, str] = field(default_factory=dict)

    def in_highlight(self, day: dt.date) -> bool:
        return self.highlight is not None and self.highlight[0] <= day <= self.highlight[1]


def hours(value: float) -> str:
    text = charts.plain_number(value)
    if text == "1":
        return _("%(hours)s hour") % {"hours": text}
    return _("%(hours)s hours") % {"hours": text}


def taken(value: float) -> str:
    return _("Taken") if value >= 1 else _("Not taken")


def rated(value: float) -> str:
    return f"{int(value)} ({SIGN_RATING_LABELS[int(value)]})"


def _trend(
    *,
    key: str,
    title: str,
    scale: str,
    days: list[dt.date],
    by_day: dict[dt.date, float],
    y_max: float,
    ticks: list[charts.Tick],
    fmt: Callable[[float], str],
    highlight: tuple[dt.date, dt.date] | None,
    retired: bool = False,
) -> Trend:
    values = [by_day.get(d) for d in days]
    chart = charts.line_chart(
        chart_id=f"chart-{key}",
        title=title,
        days=days,
        values=values,
        y_min=0,
        y_max=y_max,
        ticks=ticks,
        fmt=fmt,
        highlight=highlight,
    )
    rows = [
        (d, str(NOT_FILLED_IN) if v is None else fmt(v)) for d, v in zip(days, values, strict=True)
    ]
    return Trend(key, title, scale, chart, list(reversed(rows)), retired)


def choose_period(value: str | None, *, highlight: tuple[dt.date, dt.date] | None = None) -> int:
    """28 or 90 days from the query string; long enough to show an alert's days."""
    period = int(value) if value in {str(p) for p in PERIODS} else PERIODS[0]
    if highlight is not None and (timezone.localdate() - highlight[0]).days >= period:
        period = PERIODS[-1]
    return period


def trends(
    person: ServiceUser,
    *,
    plan: DiaryPlan,
    period: int = PERIODS[0],
    today: dt.date | None = None,
    highlight: tuple[dt.date, dt.date] | None = None,
) -> Trends:
    """Charts and tables for each thing tracked and each sign, over ``period`` days
    ending today. Signs taken off the diary are shown while they have ratings
    in the period, with their words."""
    end = today or timezone.localdate()
    start = end - dt.timedelta(days=period - 1)
    days = [start + dt.timedelta(days=i) for i in range(period)]
    ratings = SignRating.objects.select_related("sign").order_by("sign__position", "sign_id")
    entries = list(
        DiaryEntry.objects.filter(service_user=person, day__gte=start, day__lte=end)
        .prefetch_related(Prefetch("sign_ratings", queryset=ratings))
        .order_by("-day")
    )
    found: list[Trend] = []

    def series(pick: Callable[[DiaryEntry], object]) -> dict[dt.date, float]:
        out = {}
        for entry in entries:
            value = pick(entry)
            if value is not None:
                out[entry.day] = float(value)  # type: ignore[arg-type]
        return out

    if plan.track_mood:
        found.append(
            _trend(
                key="mood",
                title=_("Mood"),
                scale=_("%(low)s is the lowest your mood can be, %(high)s the best")
                % {"low": 0, "high": 10},
                days=days,
                by_day=series(lambda e: e.mood),
                y_max=10,
                ticks=[charts.Tick(v, str(v)) for v in range(0, 11, 2)],
                fmt=charts.plain_number,
                highlight=highlight,
            )
        )
    if plan.track_sleep:
        sleep = series(lambda e: e.sleep_hours)
        top = max([12.0, *sleep.values()])
        top = float(min(24, -(-top // 4) * 4))
        found.append(
            _trend(
                key="sleep",
                title=_("Sleep"),
                scale=_("Hours slept"),
                days=days,
                by_day=sleep,
                y_max=top,
                ticks=[charts.Tick(v, hours(v)) for v in range(0, int(top) + 1, 4)],
                fmt=hours,
                highlight=highlight,
            )
        )
    if plan.track_anxiety:
        found.append(
            _trend(
                key="anxiety",
                title=_("Anxiety"),
                scale=_("%(low)s is not anxious at all, %(high)s the most anxious")
                % {"low": 0, "high": 10},
                days=days,
                by_day=series(lambda e: e.anxiety),
                y_max=10,
                ticks=[charts.Tick(v, str(v)) for v in range(0, 11, 2)],
                fmt=charts.plain_number,
                highlight=highlight,
            )
        )
    if plan.track_medication:
        found.append(
            _trend(
                key="medication",
                title=_("Medication"),
                scale=_("Whether medication was taken"),
                days=days,
                by_day=series(
                    lambda e: None if e.medication_taken is None else int(e.medication_taken)
                ),
                y_max=1,
                ticks=[charts.Tick(0, _("Not taken")), charts.Tick(1, _("Taken"))],
                fmt=taken,
                highlight=highlight,
            )
        )
    signs: dict[int, WarningSign] = {s.pk: s for s in active_signs(plan)}
    by_sign: dict[int, dict[dt.date, float]] = {pk: {} for pk in signs}
    for entry in entries:
        for rating in entry.sign_ratings.all():
            signs.setdefault(rating.sign_id, rating.sign)
            by_sign.setdefault(rating.sign_id, {})[entry.day] = float(rating.rating)
    ordered = sorted(signs.values(), key=lambda s: (s.retired_at is not None, s.position, s.pk))
    for sign in ordered:
        found.append(
            _trend(
                key=f"sign-{sign.pk}",
                title=f"\u2018{sign.words}\u2019",
                scale=_("How much, from %(low)s (not at all) to %(high)s (very much)")
                % {"low": 0, "high": 4},
                days=days,
                by_day=by_sign.get(sign.pk, {}),
                y_max=SIGN_RATING_MAX,
                ticks=[charts.Tick(v, str(label)) for v, label in SIGN_RATING_LABELS.items()],
                fmt=rated,
                highlight=highlight,
                retired=sign.retired_at is not None,
            )
        )
    return Trends(
        period=period,
        start=start,
        end=end,
        days=days,
        trends=found,
        entries=entries,
        highlight=highlight,
        filled_in=len(entries),
        sign_words={pk: s.words for pk, s in signs.items()},
    )


def sleep_text(value: Decimal | None) -> str:
    return "" if value is None else hours(float(value))
