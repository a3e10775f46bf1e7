"""A video group session about to start, run by Dr Casey Lee (team A), with members."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.groups.models import Enrolment, GroupProgramme, GroupSession
from tandem.people.models import CaseloadEntry, User
from tests import factories
from tests.personas import Personas

FIRST_NAMES = ["Sam", "Ash", "Bea", "Cal", "Dee", "Eli", "Fay"]


def group_session(p: Personas, *, members: int = 1) -> tuple[GroupSession, list[User]]:
    """Sam (the personas' service user) and ``members - 1`` others, all in team A."""
    programme = GroupProgramme.objects.create(
        team=p.team_a,
        name="Managing anxiety",
        purpose="Skills for living with anxiety",
        capacity=8,
        way="video",
        lead=p.clinician.staff,
        created_by=p.manager,
    )
    programme.facilitators.add(p.clinician.staff)
    starts_at = timezone.now() + dt.timedelta(minutes=5)
    session = GroupSession.objects.create(
        programme=programme, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
    )
    users = [p.service_user]
    people = [p.su]
    for n in range(1, members):
        name = FIRST_NAMES[n]
        user = factories.UserFactory(email=f"member{n}@example.org", full_name=f"{name} Member")
        person = factories.ServiceUserFactory(user=user, given_name=name, family_name="Member")
        CaseloadEntry.objects.create(service_user=person, team=p.team_a)
        users.append(user)
        people.append(person)
    for person in people:
        Enrolment.objects.create(
            programme=programme,
            service_user=person,
            state="enrolled",
            joins_by="video",
            enrolled_by=p.clinician,
        )
    return session, users
