"""A group programme in team A, for the groups tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.groups import setting_up
from tandem.groups.models import GroupProgramme, Way
from tandem.people.models import CaseloadEntry, ServiceUser
from tests import factories
from tests.clinic import Clinic, next_weekday
from tests.personas import Personas


def first_session_start(days_ahead: int = 7) -> dt.datetime:
    day = next_weekday(days_ahead)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14)))


def programme(
    p: Personas,
    c: Clinic,
    *,
    capacity: int = 6,
    way: str = Way.BOTH,
    sessions: int = 6,
    starts_at: dt.datetime | None = None,
) -> GroupProgramme:
    return setting_up.create_programme(
        actor=p.manager,
        new=setting_up.NewProgramme(
            team=p.team_a,
            name="Managing anxiety skills group",
            purpose="Learn and practise skills for managing anxiety, together.",
            capacity=capacity,
            way=way,
            facilitators=[p.clinician.staff, p.colleague.staff],
            site=None if way == Way.VIDEO else c.site,
            room=None if way == Way.VIDEO else c.room_1,
            first_starts_at=starts_at or first_session_start(),
            minutes=90,
            sessions=sessions,
        ),
    )


def member(p: Personas, given: str, family: str = "Example") -> ServiceUser:
    """Another person open to team A."""
    person = factories.ServiceUserFactory(given_name=given, family_name=family)
    CaseloadEntry.objects.create(service_user=person, team=p.team_a)
    return person
