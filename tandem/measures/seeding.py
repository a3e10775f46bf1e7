"""Synthetic questionnaire history for the demo: Sam answers a weekly PHQ-9
from home, and goes through a GAD-7 with Dr Lee every fortnight, over ten
weeks in which things get better (from moderately severe to mild). His PHQ-9
is due today. Question 9 is always 'Not at all', so seeding raises no alerts.

Written directly, bypassing the services, so seeding raises no alerts or
audit rows; every total still comes from ``tandem.measures.scoring``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from tandem.diary.models import CheckInSchedule, Frequency, ScheduleKind
from tandem.measures import instruments, scoring
from tandem.measures.models import Instrument, Response
from tandem.people.models import CareTeam, ServiceUser, User

# Weeks before today, and Sam's totals then (PHQ-9 weekly; GAD-7 fortnightly).
PHQ9_TOTALS = {10: 17, 9: 16, 8: 16, 7: 14, 6: 13, 5: 12, 4: 10, 3: 9, 2: 8, 1: 7}
GAD7_TOTALS = {10: 14, 8: 12, 6: 10, 4: 8, 2: 6, 1: 5}


def spread(total: int, keys: list[str]) -> dict[str, int]:
    """Answers adding up to ``total``, as evenly as the options allow."""
    answers = dict.fromkeys(keys, 0)
    for n in range(total):
        key = keys[n % len(keys)]
        answers[key] += 1
    assert max(answers.values()) <= 3
    return answers


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _response(
    *,
    instrument: Instrument,
    answers: dict[str, int],
    person: ServiceUser,
    team: CareTeam,
    by: User,
    when: dt.datetime,
    schedule: CheckInSchedule | None,
) -> Response:
    result = scoring.score(instruments.parse(instrument.definition), answers)
    assert result.accepted and result.complete and not result.review_items
    return Response.objects.create(
        service_user=person,
        team=team,
        instrument=instrument,
        schedule=schedule,
        answers=result.answers,
        complete=True,
        total=result.total,
        band=result.band,
        review_items=[],
        submitted_by=by,
        submitted_at=when,
        submission_key=uuid.uuid4(),
    )


def seed_measures(*, sam_pk: int, team: CareTeam, clinician_user: User, today: dt.date) -> int:
    """Give Sam ten weeks of PHQ-9 and GAD-7 answers and a weekly PHQ-9; returns
    how many responses were written."""
    instruments.install_builtins(Instrument)
    sam = ServiceUser.objects.select_related("user").get(pk=sam_pk)
    assert sam.user is not None
    phq9 = Instrument.objects.get(code="phq9", version=1)
    gad7 = Instrument.objects.get(code="gad7", version=1)
    first = today - dt.timedelta(weeks=10)
    schedule = CheckInSchedule.objects.create(
        service_user=sam,
        team=team,
        kind=ScheduleKind.QUESTIONNAIRE,
        instrument=phq9,
        frequency=Frequency.WEEKLY,
        weekdays=str(today.weekday()),
        remind_at=dt.time(18, 0),
        starts_on=first,
        agreed_by=clinician_user,
        agreed_at=at(first, 10, 0),
    )
    phq_keys = [f"q{n}" for n in range(1, 9)]  # question 9 stays 'Not at all'
    gad_keys = [f"q{n}" for n in range(1, 8)]
    written = 0
    for weeks, total in PHQ9_TOTALS.items():
        answers = spread(total, phq_keys) | {"q9": 0, "q10": 1 if total >= 10 else 0}
        day = today - dt.timedelta(weeks=weeks)
        _response(
            instrument=phq9,
            answers=answers,
            person=sam,
            team=team,
            by=sam.user,
            when=at(day, 19, 10),
            schedule=schedule,
        )
        written += 1
    for weeks, total in GAD7_TOTALS.items():
        day = today - dt.timedelta(weeks=weeks)
        _response(
            instrument=gad7,
            answers=spread(total, gad_keys),
            person=sam,
            team=team,
            by=clinician_user,
            when=at(day, 10, 30),
            schedule=None,
        )
        written += 1
    return written
