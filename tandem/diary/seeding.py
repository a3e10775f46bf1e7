"""Synthetic diary for the demo: Sam's diary, set up with Dr Lee about eight
weeks ago, filled in most evenings, with a few days missed, and a recent
change the nightly sweep should notice: for the last six days his sleep is
about two hours below his usual and 'Feeling people are against me' is rated
high on four of them.

Written directly, bypassing the services, so seeding raises no alerts or
messages: the demo's alerts come from running the sweep over it.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from tandem.diary.models import CheckInSchedule, DiaryEntry, DiaryPlan, SignRating, WarningSign
from tandem.people.models import CareTeam, ServiceUser, User

WEEKS = 8
RECENT = 6
SIGNS = ("Sleeping less than 5 hours", "Feeling people are against me")
NOTES = (
    "Walked the dog round the park",
    "Saw Jo for a coffee",
    "Long day at work, tired",
    "Cooked a proper meal",
    "Quiet evening in",
)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def half_hours(value: float) -> Decimal:
    return Decimal(round(min(max(value, 0), 24) * 2) / 2).quantize(Decimal("0.1"))


def clamp(value: float, top: int) -> int:
    return int(min(max(round(value), 0), top))


def seed_diary(
    *, sam_pk: int, team: CareTeam, clinician_user: User, today: dt.date, rng: random.Random
) -> int:
    """Write Sam's plan, signs, schedule and entries; returns how many entries."""
    sam = ServiceUser.objects.select_related("user").get(pk=sam_pk)
    started = today - dt.timedelta(weeks=WEEKS)
    plan = DiaryPlan.objects.create(
        service_user=sam,
        team=team,
        track_mood=True,
        track_sleep=True,
        track_anxiety=True,
        track_medication=False,
        set_up_by=clinician_user,
        set_up_at=at(started, 11),
        updated_at=at(started, 11),
    )
    signs = [
        WarningSign.objects.create(
            plan=plan,
            words=words,
            position=i + 1,
            added_by=clinician_user,
            added_at=at(started, 11),
        )
        for i, words in enumerate(SIGNS)
    ]
    CheckInSchedule.objects.create(
        service_user=sam,
        team=team,
        kind="diary",
        frequency="daily",
        remind_at=dt.time(19, 0),
        starts_on=started,
        agreed_by=clinician_user,
        agreed_at=at(started, 11),
    )
    recent_start = today - dt.timedelta(days=RECENT)
    # A few evenings missed, none in the recent change (so it reads clearly).
    earlier = [started + dt.timedelta(days=i) for i in range((recent_start - started).days)]
    missed = set(rng.sample(earlier[1:], 4))
    # 'Feeling people are against me' high on four of the last six days.
    high_days = set(rng.sample(range(RECENT), 4))
    entries = 0
    author = sam.user or clinician_user
    for day in earlier + [recent_start + dt.timedelta(days=i) for i in range(RECENT)]:
        if day in missed:
            continue
        recent = day >= recent_start
        index = (day - recent_start).days
        sleep = half_hours(rng.gauss(5.5 if recent else 7.5, 0.4))
        entry = DiaryEntry.objects.create(
            service_user=sam,
            day=day,
            mood=clamp(rng.gauss(5 if recent else 6, 0.8), 10),
            sleep_hours=sleep,
            anxiety=clamp(rng.gauss(4.5 if recent else 3, 0.8), 10),
            note=rng.choice(NOTES) if rng.random() < 0.3 else "",
            submitted_by=author,
            submitted_at=at(day, 20, rng.randint(0, 59)),
            updated_at=at(day, 20, 59),
        )
        sleeping_rating = (2 if sleep < 5 else 1) if recent else rng.choice((0, 0, 0, 1))
        against_rating = (
            rng.choice((3, 4)) if recent and index in high_days else rng.choice((0, 0, 1))
        )
        SignRating.objects.bulk_create(
            [
                SignRating(entry=entry, sign=signs[0], rating=sleeping_rating),
                SignRating(entry=entry, sign=signs[1], rating=against_rating),
            ]
        )
        entries += 1
    return entries
