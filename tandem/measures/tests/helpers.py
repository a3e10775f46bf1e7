"""Shared set-up for questionnaire tests: the built-in instruments (a
transactional test elsewhere may have emptied the table the migration
filled), and answering in one call."""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from tandem.diary.models import CheckInSchedule, Frequency, ScheduleKind
from tandem.measures import services
from tandem.measures.instruments import install_builtins
from tandem.measures.models import Instrument, Response
from tandem.people.models import CareTeam, ServiceUser, User


def builtin(code: str) -> Instrument:
    install_builtins(Instrument)
    return Instrument.objects.get(code=code, version=1)


def phq9_answers(item9: int = 0, each: int = 1, **overrides: int) -> dict[str, int]:
    answers = {f"q{n}": each for n in range(1, 9)}
    answers["q9"] = item9
    answers["q10"] = 1
    answers.update(overrides)
    return answers


def schedule_for(
    person: ServiceUser,
    team: CareTeam,
    instrument: Instrument,
    agreed_by: User,
    *,
    frequency: str = Frequency.DAILY,
    weekdays: str = "",
    starts_on: dt.date | None = None,
) -> CheckInSchedule:
    return CheckInSchedule.objects.create(
        service_user=person,
        team=team,
        kind=ScheduleKind.QUESTIONNAIRE,
        instrument=instrument,
        frequency=frequency,
        weekdays=weekdays,
        starts_on=starts_on or timezone.localdate(),
        agreed_by=agreed_by,
    )


def answer(
    actor: User,
    person: ServiceUser,
    instrument: Instrument,
    answers: dict[str, object],
    *,
    schedule: CheckInSchedule | None = None,
    team: CareTeam | None = None,
    key: uuid.UUID | None = None,
) -> Response:
    return services.submit_response(
        actor=actor,
        service_user=person,
        instrument=instrument,
        answers=answers,
        submission_key=key or uuid.uuid4(),
        schedule=schedule,
        team=team,
    )
