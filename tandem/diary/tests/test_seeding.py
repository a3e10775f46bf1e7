"""The demo diary reads the way the demo needs it to: eight weeks filled in
with a few misses, and a recent change in sleep and one sign."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.diary import queries
from tandem.diary.models import DiaryEntry, SignRating
from tandem.diary.seeding import RECENT, seed_diary
from tandem.notify.models import Message
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_sams_demo_diary(personas: Personas) -> None:
    today = timezone.localdate()
    count = seed_diary(
        sam_pk=personas.su.pk,
        team=personas.team_a,
        clinician_user=personas.clinician,
        today=today,
        rng=random.Random(7),
    )
    assert 45 <= count <= 56
    plan = queries.plan_of(personas.su)
    assert plan is not None and plan.share_with_team
    assert [s.words for s in queries.active_signs(plan)] == [
        "Sleeping less than 5 hours",
        "Feeling people are against me",
    ]
    schedule = queries.open_diary_schedule(personas.su)
    assert schedule is not None and schedule.remind_at == dt.time(19, 0)
    recent_start = today - dt.timedelta(days=RECENT)
    recent = DiaryEntry.objects.filter(day__gte=recent_start)
    earlier = DiaryEntry.objects.filter(day__lt=recent_start)
    assert recent.count() == RECENT
    assert not DiaryEntry.objects.filter(day=today).exists()

    def mean_sleep(entries) -> Decimal:  # type: ignore[no-untyped-def]
        values = [e.sleep_hours for e in entries]
        return sum(values, Decimal(0)) / len(values)

    assert mean_sleep(earlier) - mean_sleep(recent) >= Decimal("1.5")
    high = SignRating.objects.filter(
        entry__day__gte=recent_start, sign__words="Feeling people are against me", rating__gte=3
    )
    assert high.count() == 4
    assert len(queries.check_ins(personas.su).missed) <= 4
    # Seeding raises nothing by itself.
    assert not Alert.objects.exists() and not Message.objects.exists()
