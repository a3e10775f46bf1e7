"""Group sessions count in the continuity checks as one-to-ones do: a session
attended is contact held, one missed is contact not held (issue 26, ADR 0060)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.appointments import continuity
from tandem.appointments.models import Appointment, Attendance, ContactPlan
from tandem.appointments.services import Outcome
from tandem.groups import enrolling, registers
from tandem.groups.models import Enrolment, GroupProgramme, JoinsBy
from tandem.groups.tests.helpers import member, programme
from tandem.people.models import CaseloadEntry, ServiceUser
from tandem.worklist.models import WorkItem, WorkKind
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def _held_days_ago(
    p: Personas, group: GroupProgramme, outcomes: dict[ServiceUser, str], *, days: int
) -> None:
    """Enrol each person by video, move the session into the past and take the register."""
    for person in outcomes:
        enrolling.enrol(
            actor=p.clinician, programme=group, service_user=person, joins_by=JoinsBy.VIDEO
        )
    session = group.sessions.get()
    starts = timezone.now() - dt.timedelta(days=days)
    ends = starts + dt.timedelta(minutes=90)
    group.sessions.update(starts_at=starts, ends_at=ends)
    Appointment.objects.filter(group_session=session).update(starts_at=starts, ends_at=ends)
    session.refresh_from_db()
    registers.take_register(
        actor=p.clinician,
        session=session,
        marks=[
            registers.Mark(
                enrolment=Enrolment.objects.get(programme=group, service_user=person),
                outcome=Outcome(attendance=attendance),
            )
            for person, attendance in outcomes.items()
        ],
    )


def _long_on_the_caseload(*people: ServiceUser) -> None:
    CaseloadEntry.objects.filter(service_user__in=people).update(
        opened_on=timezone.localdate() - dt.timedelta(days=200)
    )


def test_a_group_session_attended_is_recent_contact_and_one_missed_is_not(
    personas: Personas, clinic: Clinic
) -> None:
    ada = member(personas, "Ada")
    _long_on_the_caseload(personas.su, ada)
    group = programme(personas, clinic, sessions=1)
    _held_days_ago(
        personas,
        group,
        {personas.su: Attendance.ATTENDED, ada: Attendance.DID_NOT_ATTEND},
        days=3,
    )
    continuity.check_team(personas.team_a)
    (item,) = WorkItem.objects.filter(kind=WorkKind.NO_RECENT_CONTACT)
    # Sam was in the group three days ago; Ada missed it and was never seen.
    assert item.service_user == ada
    assert "Not seen since joining the caseload" in item.reason


def test_a_group_session_missed_under_a_contact_plan_is_raised_as_not_held(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    ContactPlan.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        clinician=personas.clinician.staff,
        modality="video",
        every_days=7,
        weekday=1,
        description="Weekly skills group",
        started_on=timezone.localdate() - dt.timedelta(days=20),
        agreed_by=personas.clinician,
    )
    _held_days_ago(personas, group, {personas.su: Attendance.DID_NOT_ATTEND}, days=3)
    continuity.check_team(personas.team_a)
    (item,) = WorkItem.objects.filter(kind=WorkKind.PLANNED_CONTACT_NOT_HELD)
    assert "Weekly skills group: the group session by video call on" in item.reason
    assert "was not held (did not attend" in item.reason
    assert item.for_managers
