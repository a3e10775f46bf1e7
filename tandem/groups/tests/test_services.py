"""Group programmes through the services: places, the waiting list, clashes,
cancelling a session and the register."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance, Status
from tandem.appointments.services import Outcome
from tandem.errors import InvalidInput
from tandem.groups import enrolling, leaving, registers, selectors, session_changes, setting_up
from tandem.groups.models import Enrolment, EnrolmentState, GroupSession, JoinsBy, Way
from tandem.groups.tests.helpers import first_session_start, member, programme
from tandem.notify.models import Message
from tandem.preferences.models import ContactPreferences, DigitalAccessCheck
from tandem.worklist.models import WorkItem
from tests.clinic import Clinic, book, build_clinic
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def enrol(p: Personas, group, person, joins_by: str = JoinsBy.ROOM):  # type: ignore[no-untyped-def]
    return enrolling.enrol(
        actor=p.clinician, programme=group, service_user=person, joins_by=joins_by
    )


def takes_letters(p: Personas) -> None:
    p.su.postcode = "LS1 4AP"
    p.su.save()
    ContactPreferences.objects.create(
        service_user=p.su, recorded_by=p.clinician, by_letter=True, preferred_channel="letter"
    )


def test_a_manager_sets_up_weekly_sessions_and_a_clinician_cannot(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic)
    starts = [s.starts_at for s in group.sessions.all()]
    assert len(starts) == 6
    assert all(b - a == dt.timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert group.lead == personas.clinician.staff
    with pytest.raises(PermissionDenied):
        setting_up.create_programme(
            actor=personas.clinician,
            new=setting_up.NewProgramme(
                team=personas.team_a,
                name="Another",
                purpose="Something",
                capacity=4,
                way=Way.VIDEO,
                facilitators=[personas.clinician.staff],
                site=None,
                room=None,
                first_starts_at=first_session_start(),
                minutes=60,
                sessions=2,
            ),
        )


def test_enrolling_books_every_session_with_confirmations(
    personas: Personas, clinic: Clinic
) -> None:
    takes_letters(personas)
    group = programme(personas, clinic)
    result = enrol(personas, group, personas.su)
    assert result.enrolment.state == EnrolmentState.ENROLLED
    places = Appointment.objects.filter(service_user=personas.su, group_session__isnull=False)
    assert places.count() == 6
    assert {a.modality for a in places} == {"face_to_face"}
    assert (
        Message.objects.filter(service_user=personas.su, template="appointment_booked").count() == 6
    )


def test_members_of_one_session_share_the_facilitator_and_room(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    for name in ("Ada", "Bo", "Cy"):
        enrol(personas, group, member(personas, name))
    session = group.sessions.get()
    assert session.appointments.filter(status=Status.BOOKED).count() == 3
    assert [selectors.display_name(enrolment=e) for e in selectors.members_of(session=session)] == [
        "Ada",
        "Bo",
        "Cy",
    ]


def test_the_database_still_refuses_a_one_to_one_over_a_session(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic, sessions=1)
    enrol(personas, group, member(personas, "Ada"))
    session = group.sessions.get()
    place = session.appointments.get()
    other = member(personas, "Bo")
    with pytest.raises(IntegrityError), transaction.atomic():
        # The lead facilitator's one-to-one in the session's time.
        Appointment.objects.create(
            service_user=other,
            team=personas.team_a,
            clinician=personas.clinician.staff,
            appointment_type=clinic.check_in,
            starts_at=session.starts_at,
            ends_at=session.starts_at + dt.timedelta(minutes=30),
            modality="video",
            booked_via="staff",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        # The member elsewhere at the same time, with another clinician.
        Appointment.objects.create(
            service_user=place.service_user,
            team=personas.team_a,
            clinician=personas.colleague.staff,
            appointment_type=clinic.check_in,
            starts_at=session.starts_at,
            ends_at=session.starts_at + dt.timedelta(minutes=30),
            modality="video",
            booked_via="staff",
        )


def test_a_clash_is_refused_naming_the_appointment_and_nothing_is_saved(
    personas: Personas, clinic: Clinic
) -> None:
    group = programme(personas, clinic)
    second = group.sessions.all()[1]
    local = timezone.localtime(second.starts_at)
    book(
        personas,
        clinic,
        day=local.date(),
        hour=local.hour,
        kind=clinic.review,
        # Not a facilitator: the colleague co-facilitates, so their diary is busy.
        clinician=personas.manager,
    )
    with pytest.raises(InvalidInput) as refused:
        enrol(personas, group, personas.su)
    assert "Medication review on" in str(refused.value)
    assert f"{local:%-d %B %Y}" in str(refused.value)
    assert not Enrolment.objects.filter(service_user=personas.su).exists()
    assert not Appointment.objects.filter(group_session__isnull=False).exists()


def test_a_full_group_has_a_waiting_list_that_moves_up(personas: Personas, clinic: Clinic) -> None:
    group = programme(personas, clinic, capacity=2, sessions=2)
    ada = enrol(personas, group, member(personas, "Ada")).enrolment
    enrol(personas, group, member(personas, "Bo"))
    waiting = enrol(personas, group, personas.su)
    assert waiting.enrolment.state == EnrolmentState.WAITING
    assert "waiting list" in waiting.notes[0]
    assert not Appointment.objects.filter(service_user=personas.su).exists()

    leaving.leave(actor=personas.clinician, enrolment=ada, reason="Moved away")

    assert Enrolment.objects.get(pk=waiting.enrolment.pk).state == EnrolmentState.ENROLLED
    assert Appointment.objects.filter(service_user=personas.su, status=Status.BOOKED).count() == 2
    assert not Appointment.objects.filter(
        service_user=ada.service_user, status=Status.BOOKED
    ).exists()
    task = WorkItem.objects.get(service_user=personas.su, title__startswith="Welcome")
    assert "waiting list" in task.reason


def test_no_private_space_in_a_video_only_group_gives_the_facilitator_a_task(
    personas: Personas, clinic: Clinic
) -> None:
    DigitalAccessCheck.objects.create(
        service_user=personas.su,
        recorded_by=personas.clinician,
        devices=["smartphone"],
        connection="reliable",
        data_costs_a_problem="no",
        private_space="no",
        video_confidence="confident",
    )
    assert enrolling.room_reasons_for(personas.su) == ["No private space at home"]
    group = programme(personas, clinic, way=Way.VIDEO)
    result = enrol(personas, group, personas.su, JoinsBy.VIDEO)
    assert "only by video" in result.notes[0]
    assert WorkItem.objects.filter(service_user=personas.su, title__contains="take part").exists()
    # Joining in a room is refused when the group meets only by video (a later
    # group, so its sessions do not clash with the first one's facilitators).
    later = programme(personas, clinic, way=Way.VIDEO, starts_at=first_session_start(60))
    with pytest.raises(InvalidInput, match="only by video"):
        enrol(personas, later, member(personas, "Bo"))


def test_cancelling_a_session_cancels_and_tells_every_member(
    personas: Personas, clinic: Clinic
) -> None:
    takes_letters(personas)
    group = programme(personas, clinic, sessions=2)
    enrol(personas, group, personas.su)
    enrol(personas, group, member(personas, "Ada"))
    session = group.sessions.first()
    assert session is not None
    session_changes.cancel_session(
        actor=personas.clinician, session=session, reason="Facilitator ill"
    )
    places = Appointment.objects.filter(group_session=session)
    assert {(a.status, a.attendance) for a in places} == {
        (Status.CANCELLED, Attendance.CANCELLED_BY_SERVICE)
    }
    # Sam takes letters; Ada has no way to be reached, so her team has a task instead.
    assert Message.objects.filter(
        template="appointment_cancelled", service_user=personas.su
    ).exists()
    # The other session stands.
    assert Appointment.objects.filter(status=Status.BOOKED).count() == 2
    with pytest.raises(PermissionDenied):
        session_changes.cancel_session(
            actor=personas.outsider,
            session=group.sessions.last(),
            reason="No",  # type: ignore[arg-type]
        )


def test_the_register_records_each_members_attendance(personas: Personas, clinic: Clinic) -> None:
    group = programme(personas, clinic, sessions=1, way=Way.BOTH)
    sam = enrol(personas, group, personas.su, JoinsBy.VIDEO).enrolment
    ada = enrol(personas, group, member(personas, "Ada")).enrolment
    session = group.sessions.get()
    # The session has started.
    GroupSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    Appointment.objects.filter(group_session=session).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    session.refresh_from_db()
    registers.take_register(
        actor=personas.colleague,
        session=session,
        marks=[
            registers.Mark(
                enrolment=sam,
                outcome=Outcome(
                    attendance=Attendance.ATTENDED,
                    technical_failure=True,
                    switched_to="phone",
                    switched_by="person",
                ),
            ),
            registers.Mark(enrolment=ada, outcome=Outcome(attendance=Attendance.DID_NOT_ATTEND)),
        ],
    )
    sam_place = Appointment.objects.get(group_session=session, service_user=personas.su)
    assert sam_place.attendance == Attendance.ATTENDED
    assert sam_place.technical_failure
    assert sam_place.switched_to == "phone"
    assert (
        Appointment.objects.get(group_session=session, service_user=ada.service_user).attendance
        == Attendance.DID_NOT_ATTEND
    )
    with pytest.raises(PermissionDenied):
        registers.take_register(actor=personas.outsider, session=session, marks=[])
