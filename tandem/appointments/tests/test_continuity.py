"""Continuity checks: each rule fires when contact is quietly stopping, stays
quiet when it is not, raises one task per cause for managers only, and reads
the team as a set (a bounded number of queries however many people)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.appointments import continuity
from tandem.appointments.models import (
    Appointment,
    Attendance,
    ContactPlan,
    Leave,
    Status,
)
from tandem.appointments.slots import at
from tandem.people.models import CaseloadEntry, ServiceUser
from tandem.worklist import selectors as worklist_selectors
from tandem.worklist.models import WorkItem, WorkKind
from tandem.worklist.services import close_work_item
from tests import factories
from tests.clinic import Clinic, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)  # a Saturday


@pytest.fixture
def now() -> dt.datetime:
    return at(TODAY, dt.time(6))


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def appointment(
    p: Personas,
    c: Clinic,
    *,
    on: dt.date,
    hour: int = 10,
    person: ServiceUser | None = None,
    modality: str = "phone",
    attendance: str = "",
    cancelled: bool = False,
    clinician: object = None,
) -> Appointment:
    """An appointment written straight to the database, so past ones can be made."""
    starts = at(on, dt.time(hour))
    return Appointment.objects.create(
        service_user=person or p.su,
        team=p.team_a,
        clinician=(clinician or p.clinician).staff,  # type: ignore[attr-defined]
        appointment_type=c.check_in,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality=modality,
        booked_via="staff",
        booked_by=p.clinician,
        status=Status.CANCELLED if cancelled else Status.BOOKED,
        cancelled_at=starts - dt.timedelta(days=1) if cancelled else None,
        attendance=attendance,
    )


def plan(p: Personas, *, started: dt.date, person: ServiceUser | None = None) -> ContactPlan:
    return ContactPlan.objects.create(
        service_user=person or p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        modality="phone",
        every_days=7,
        weekday=1,
        description="Weekly phone call on Tuesdays with Dr Lee",
        started_on=started,
        agreed_by=p.clinician,
    )


def items(kind: str) -> list[WorkItem]:
    return list(WorkItem.objects.filter(kind=kind))


def opened_on(p: Personas, day: dt.date) -> None:
    CaseloadEntry.objects.filter(service_user=p.su).update(opened_on=day)


# --- (a) planned contact not booked ---------------------------------------------------


def test_plan_with_nothing_booked_tells_managers_in_plain_words(personas, clinic, now):
    plan(personas, started=dt.date(2026, 11, 3))
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.PLANNED_CONTACT_NOT_BOOKED)
    assert item.for_managers
    assert item.service_user == personas.su
    assert item.reason.startswith(
        "Weekly phone call on Tuesdays with Dr Lee: nothing booked since 3 November 2026"
    )


def test_plan_with_an_appointment_booked_in_time_raises_nothing(personas, clinic, now):
    plan(personas, started=dt.date(2026, 11, 18))
    appointment(personas, clinic, on=dt.date(2026, 11, 24))
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.PLANNED_CONTACT_NOT_BOOKED) == []


def test_booking_with_a_colleague_in_the_team_counts(personas, clinic, now):
    plan(personas, started=dt.date(2026, 11, 18))
    appointment(personas, clinic, on=dt.date(2026, 11, 24), clinician=personas.colleague)
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.PLANNED_CONTACT_NOT_BOOKED) == []


def test_interval_counts_from_the_last_held_appointment(personas, clinic, now):
    plan(personas, started=dt.date(2026, 10, 1))
    appointment(personas, clinic, on=dt.date(2026, 11, 17), attendance=Attendance.ATTENDED)
    appointment(personas, clinic, on=dt.date(2026, 11, 24))
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.PLANNED_CONTACT_NOT_BOOKED) == []
    # Booked, but later than a week after the last contact: raised.
    Appointment.objects.filter(starts_at__date=dt.date(2026, 11, 24)).update(
        starts_at=at(dt.date(2026, 11, 30), dt.time(10)),
        ends_at=at(dt.date(2026, 11, 30), dt.time(10, 30)),
    )
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.PLANNED_CONTACT_NOT_BOOKED)
    assert "nothing booked since 17 November 2026" in item.reason


def test_ended_plan_raises_nothing(personas, clinic, now):
    made = plan(personas, started=dt.date(2026, 10, 1))
    made.ended_on = dt.date(2026, 11, 1)
    made.save()
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.PLANNED_CONTACT_NOT_BOOKED) == []


# --- (b) planned contact not held ------------------------------------------------------


@pytest.mark.parametrize(
    ("attendance", "cancelled", "days_before", "words"),
    [
        (Attendance.DID_NOT_ATTEND, False, 1, "was not held (did not attend"),
        (Attendance.CANCELLED_BY_PERSON, True, 1, "was cancelled by the person"),
        (Attendance.CANCELLED_BY_SERVICE, True, 1, "was cancelled by the service"),
        ("", False, 3, "has no outcome recorded two days later"),
    ],
)
def test_planned_appointment_not_held_is_raised(
    personas, clinic, now, attendance, cancelled, days_before, words
):
    plan(personas, started=dt.date(2026, 11, 10))
    missed = appointment(
        personas,
        clinic,
        on=TODAY - dt.timedelta(days=days_before),
        attendance=attendance,
        cancelled=cancelled,
    )
    appointment(personas, clinic, on=dt.date(2026, 11, 24))
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.PLANNED_CONTACT_NOT_HELD)
    assert item.about_key == missed.about_key
    assert words in item.reason
    assert item.for_managers


def test_outcome_not_yet_due_held_or_moved_raises_nothing(personas, clinic, now):
    plan(personas, started=dt.date(2026, 11, 10))
    # Yesterday, no outcome yet: still within the two days.
    appointment(personas, clinic, on=TODAY - dt.timedelta(days=1))
    appointment(personas, clinic, on=dt.date(2026, 11, 17), attendance=Attendance.ATTENDED)
    moved = appointment(personas, clinic, on=dt.date(2026, 11, 19), cancelled=True)
    new = appointment(personas, clinic, on=dt.date(2026, 11, 24))
    new.moved_from = moved
    new.save()
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.PLANNED_CONTACT_NOT_HELD) == []


# --- (c) no recent contact ---------------------------------------------------------------


def test_no_contact_for_longer_than_the_limit_gives_last_contact_and_way(personas, clinic, now):
    opened_on(personas, dt.date(2026, 6, 1))
    appointment(
        personas, clinic, on=dt.date(2026, 10, 1), modality="video", attendance=Attendance.ATTENDED
    )
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.NO_RECENT_CONTACT)
    assert "Last contact held was on 1 October 2026 by video call" in item.reason
    assert "limit is 28 days" in item.reason


def test_never_seen_counts_from_joining_the_caseload(personas, clinic, now):
    opened_on(personas, dt.date(2026, 10, 1))
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.NO_RECENT_CONTACT)
    assert "Not seen since joining the caseload on 1 October 2026" in item.reason


def test_recent_contact_or_a_missed_one_decides_correctly(personas, clinic, now):
    opened_on(personas, dt.date(2026, 6, 1))
    appointment(personas, clinic, on=dt.date(2026, 11, 10), attendance=Attendance.ATTENDED)
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.NO_RECENT_CONTACT) == []
    # A did-not-attend is not contact.
    Appointment.objects.update(attendance=Attendance.DID_NOT_ATTEND)
    continuity.check_team(personas.team_a, now=now)
    assert len(items(WorkKind.NO_RECENT_CONTACT)) == 1


def test_limit_is_the_teams_own(personas, clinic, now):
    opened_on(personas, dt.date(2026, 10, 1))
    clinic.rules.no_contact_days = 60
    clinic.rules.save()
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.NO_RECENT_CONTACT) == []


# --- (d) caseload without cover ------------------------------------------------------------


def leave(p: Personas, **kwargs: object) -> Leave:
    values: dict[str, object] = {
        "staff": p.clinician.staff,
        "kind": "annual",
        "first_day": dt.date(2026, 11, 16),
        "last_day": dt.date(2026, 11, 27),
        "recorded_by": p.manager,
    }
    values.update(kwargs)
    return Leave.objects.create(**values)


def test_leave_without_cover_raises_one_item_saying_how_many_people(personas, clinic, now):
    leave(personas)
    continuity.check_team(personas.team_a, now=now)
    (item,) = items(WorkKind.CASELOAD_WITHOUT_COVER)
    assert item.title == "Caseload without cover: Dr Casey Lee (1 person)"
    assert "16 November 2026 to 27 November 2026" in item.reason
    assert item.service_user is None


def test_leave_with_cover_or_not_today_raises_nothing(personas, clinic, now):
    leave(personas, cover=personas.colleague.staff)
    leave(personas, first_day=dt.date(2026, 12, 1), last_day=dt.date(2026, 12, 5))
    continuity.check_team(personas.team_a, now=now)
    assert items(WorkKind.CASELOAD_WITHOUT_COVER) == []


def test_left_the_team_or_switched_off_without_cover_is_raised(personas, clinic, now):
    leave(personas, kind="left", first_day=dt.date(2026, 11, 1), last_day=None)
    second = factories.ServiceUserFactory()
    CaseloadEntry.objects.create(
        service_user=second, team=personas.team_a, care_coordinator=personas.colleague.staff
    )
    personas.colleague.is_active = False
    personas.colleague.save()
    continuity.check_team(personas.team_a, now=now)
    found = {i.about_key: i for i in items(WorkKind.CASELOAD_WITHOUT_COVER)}
    assert len(found) == 2
    assert any("left the team on 1 November 2026" in i.reason for i in found.values())
    assert any("switched off" in i.reason for i in found.values())


# --- One task per cause, for managers only ---------------------------------------------------


def test_rerunning_raises_nothing_new_even_after_the_task_is_closed(personas, clinic, now):
    plan(personas, started=dt.date(2026, 11, 16))
    leave(personas)
    first = continuity.check_team(personas.team_a, now=now)
    assert first == 2
    assert continuity.check_team(personas.team_a, now=now) == 0
    for item in WorkItem.objects.all():
        close_work_item(actor=personas.manager, item=item, outcome="Phoned and rebooked")
    assert continuity.check_team(personas.team_a, now=now) == 0
    assert WorkItem.objects.count() == 2
    # Another week with nothing booked is a new cause.
    later = now + dt.timedelta(days=7)
    Leave.objects.update(cover=personas.colleague.staff)
    assert continuity.check_team(personas.team_a, now=later) == 1


def test_continuity_items_reach_managers_not_clinicians(personas, clinic, now):
    leave(personas)
    continuity.check_team(personas.team_a, now=now)
    assert worklist_selectors.work_items_visible_to(personas.manager).count() == 1
    assert worklist_selectors.work_items_visible_to(personas.clinician).count() == 0
    assert worklist_selectors.work_items_visible_to(personas.outsider).count() == 0


# --- Set-based: a bounded number of queries ---------------------------------------------------


def team_of_thirty(p: Personas, c: Clinic) -> None:
    """30 people with a weekly plan, seen last week and booked again next week."""
    people = factories.ServiceUserFactory.create_batch(30)
    for n, person in enumerate(people):
        clinician = p.clinician if n % 2 else p.colleague
        CaseloadEntry.objects.create(
            service_user=person,
            team=p.team_a,
            care_coordinator=clinician.staff,
            opened_on=dt.date(2026, 6, 1),
        )
        plan(p, started=dt.date(2026, 11, 2), person=person)
        seen = dt.date(2026, 11, 16) + dt.timedelta(days=n // 8)
        hour = 9 + n % 8
        appointment(
            p,
            c,
            on=seen,
            hour=hour,
            person=person,
            attendance=Attendance.ATTENDED,
            clinician=clinician,
        )
        appointment(
            p, c, on=seen + dt.timedelta(days=7), hour=hour, person=person, clinician=clinician
        )


CHECK_QUERIES = 8


def test_checks_read_the_team_as_a_set(personas, clinic, now, django_assert_max_num_queries):
    team_of_thirty(personas, clinic)
    # Everyone has contact booked in time.
    with django_assert_max_num_queries(CHECK_QUERIES):
        assert continuity.check_team(personas.team_a, now=now) == 0
    # Six weeks on, with nothing more booked, everyone is raised once...
    later = now + dt.timedelta(weeks=6)
    assert continuity.check_team(personas.team_a, now=later) >= 60
    # ...and checking again still reads the team in the same few queries.
    with django_assert_max_num_queries(CHECK_QUERIES):
        assert continuity.check_team(personas.team_a, now=later) == 0


def test_command_runs_every_team_and_says_what_it_raised(personas, clinic, now):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    leave(personas, first_day=yesterday, last_day=None, kind="sickness")
    out = StringIO()
    call_command("check_continuity", stdout=out)
    assert "Continuity checks done: 1 new tasks in 2 teams." in out.getvalue()
    call_command("check_continuity", stdout=out)
    assert WorkItem.objects.filter(kind=WorkKind.CASELOAD_WITHOUT_COVER).count() == 1
