"""Sam's diary, set up the way it is in use: with Dr Lee, through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.diary import entries, services
from tandem.diary.models import CheckInSchedule, DiaryEntry, DiaryPlan, WarningSign
from tandem.people.models import ServiceUser, User

SIGNS = ("Sleeping less than 5 hours", "Feeling people are against me")


def set_up_diary(
    clinician: User,
    person: ServiceUser,
    *,
    signs: tuple[str, ...] = SIGNS,
    remind_at: dt.time | None = dt.time(19, 0),
    medication: bool = False,
) -> DiaryPlan:
    plan = services.set_up_plan(
        actor=clinician,
        person=person,
        track_mood=True,
        track_sleep=True,
        track_anxiety=True,
        track_medication=medication,
        watch_high_mood=False,
    )
    for words in signs:
        services.add_sign(actor=clinician, person=person, words=words)
    services.set_schedule(
        actor=clinician, person=person, frequency="daily", weekdays=(), remind_at=remind_at
    )
    plan.refresh_from_db()
    return plan


def signs_of(plan: DiaryPlan) -> list[WarningSign]:
    return list(plan.signs.filter(retired_at__isnull=True).order_by("position"))


def fill_in(
    user: User,
    person: ServiceUser,
    day: dt.date | None = None,
    **values: object,
) -> entries.Saved:
    """Fill in a day as the person would from a page showing that day's entry."""
    day = day or timezone.localdate()
    shown = DiaryEntry.objects.filter(service_user=person, day=day).first()
    return entries.save_entry(
        actor=user,
        person=person,
        day=day,
        values=entries.EntryValues(**values),  # type: ignore[arg-type]
        replacing=entries.entry_version(shown),
    )


def backdate_schedule(person: ServiceUser, days: int) -> CheckInSchedule:
    """The schedule as if agreed ``days`` ago, so missed days can be counted."""
    schedule = CheckInSchedule.objects.get(service_user=person, ended_at__isnull=True)
    schedule.starts_on = timezone.localdate() - dt.timedelta(days=days)
    schedule.save(update_fields=["starts_on"])
    return schedule


def write_entry(user: User, person: ServiceUser, day: dt.date, **values: object) -> DiaryEntry:
    """An entry written directly, for days older than the form allows (history)."""
    return DiaryEntry.objects.create(service_user=person, day=day, submitted_by=user, **values)
