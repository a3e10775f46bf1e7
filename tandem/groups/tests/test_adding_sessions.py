"""A session added to a running programme is booked for every member (issue 26):
the same clash check as enrolling, each member left out named, one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance, Status
from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.groups import enrolling, session_changes
from tandem.groups.models import GroupSession, JoinsBy
from tandem.groups.tests.helpers import member, programme
from tandem.notify.models import Message
from tandem.preferences.models import ContactPreferences
from tandem.worklist.models import WorkItem
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def _a_week_after_the_last(group) -> dt.datetime:  # type: ignore[no-untyped-def]
    last = group.sessions.order_by("starts_at").last()
    return last.starts_at + dt.timedelta(days=7)


def test_a_new_session_books_every_member_and_not_the_waiting_list(
    personas: Personas, clinic: Clinic
) -> None:
    personas.su.postcode = "LS1 4AP"
    personas.su.save()
    ContactPreferences.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        by_letter=True,
        preferred_channel="letter",
    )
    group = programme(personas, clinic, capacity=2, sessions=2)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    ada = member(personas, "Ada")
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=ada, joins_by=JoinsBy.VIDEO
    )
    waiting = member(personas, "Bo")
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=waiting, joins_by=JoinsBy.ROOM
    )

    added = session_changes.add_session(
        actor=personas.manager, programme=group, starts_at=_a_week_after_the_last(group), minutes=90
    )

    assert added.booked == 2
    assert added.clashes == ()
    places = {a.service_user_id: a for a in added.session.appointments.all()}
    assert set(places) == {personas.su.pk, ada.pk}
    assert places[personas.su.pk].modality == "face_to_face"
    assert places[personas.su.pk].room == clinic.room_1
    assert places[ada.pk].modality == "video"
    assert not Appointment.objects.filter(service_user=waiting).exists()
    # The confirmation goes as enrolling sends it.
    assert (
        Message.objects.filter(service_user=personas.su, template="appointment_booked").count() == 3
    )
    assert AuditEvent.objects.filter(what__startswith="Added a session").exists()


def test_a_member_with_a_clash_is_named_not_booked_and_the_facilitators_get_a_task(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    ada = member(personas, "Ada")
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=ada, joins_by=JoinsBy.ROOM
    )
    when = timezone.localtime(_a_week_after_the_last(group))
    # Sam sees someone who does not facilitate the group at that time.
    book(
        personas,
        clinic,
        day=when.date(),
        hour=when.hour,
        kind=clinic.review,
        clinician=personas.manager,
    )

    added = session_changes.add_session(
        actor=personas.manager, programme=group, starts_at=when, minutes=90
    )

    assert added.booked == 1
    assert len(added.clashes) == 1
    assert personas.su.display_name in added.clashes[0]
    assert "Medication review on" in added.clashes[0]
    assert list(added.session.appointments.values_list("service_user_id", flat=True)) == [ada.pk]
    task = WorkItem.objects.get(service_user=personas.su, title__contains="no place")
    assert "Medication review" in task.reason


def test_a_refused_session_saves_nothing(personas: Personas, clinic: Clinic) -> None:
    group = programme(personas, clinic, sessions=1)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    first = group.sessions.get()
    with pytest.raises(InvalidInput, match="already has a session then"):
        session_changes.add_session(
            actor=personas.manager,
            programme=group,
            starts_at=first.starts_at + dt.timedelta(minutes=30),
            minutes=60,
        )
    with pytest.raises(InvalidInput, match="in the future"):
        session_changes.add_session(
            actor=personas.manager,
            programme=group,
            starts_at=timezone.now() - dt.timedelta(hours=1),
            minutes=60,
        )
    with pytest.raises(PermissionDenied):
        session_changes.add_session(
            actor=personas.outsider,
            programme=group,
            starts_at=_a_week_after_the_last(group),
            minutes=60,
        )
    assert GroupSession.objects.count() == 1
    assert Appointment.objects.count() == 1


def test_cancelling_an_added_session_cancels_the_members_places(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    added = session_changes.add_session(
        actor=personas.manager, programme=group, starts_at=_a_week_after_the_last(group), minutes=90
    )
    session_changes.cancel_session(
        actor=personas.clinician, session=added.session, reason="Room closed"
    )
    place = added.session.appointments.get()
    assert (place.status, place.attendance) == (Status.CANCELLED, Attendance.CANCELLED_BY_SERVICE)


def test_the_page_adds_a_session_and_names_a_member_left_out(
    client_for, personas: Personas, clinic: Clinic
):  # type: ignore[no-untyped-def]
    group = programme(personas, clinic, sessions=1)
    enrolling.enrol(
        actor=personas.clinician, programme=group, service_user=personas.su, joins_by=JoinsBy.ROOM
    )
    when = timezone.localtime(_a_week_after_the_last(group))
    book(personas, clinic, day=when.date(), hour=when.hour, clinician=personas.manager)
    client = client_for("manager")
    response = client.post(
        reverse("groups:add-session", args=[group.pk]),
        {
            "day_day": str(when.day),
            "day_month": str(when.month),
            "day_year": str(when.year),
            "starts": when.strftime("%H:%M"),
            "minutes": "90",
        },
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert group.sessions.count() == 2
    assert f"{personas.su.display_name} already has an appointment then: Check-in on" in text
    assert "0 members booked" in text

    empty = client.post(reverse("groups:add-session", args=[group.pk]), {"minutes": ""})
    assert "Enter the date of the session" in empty.content.decode()
    assert group.sessions.count() == 2
