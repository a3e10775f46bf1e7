"""Booking, moving, cancelling and recording outcomes through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.appointments import services
from tandem.appointments.models import Appointment, Attendance, Referral, Status
from tandem.appointments.slots import at
from tandem.audit.models import AuditEvent
from tandem.people.models import CaseloadEntry
from tests import factories
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def booking(p: Personas, c: Clinic, **changes: object) -> services.Booking:
    values: dict[str, object] = {
        "service_user": p.su,
        "team": p.team_a,
        "clinician": p.clinician.staff,
        "appointment_type": c.check_in,
        "starts_at": at(next_weekday(), dt.time(10)),
        "modality": "video",
    }
    values.update(changes)
    return services.Booking(**values)  # type: ignore[arg-type]


def second_person(p: Personas) -> object:
    """Another person open to team A, for room and clinician clashes."""
    other = factories.ServiceUserFactory(given_name="Ari", family_name="Quinn")
    CaseloadEntry.objects.create(service_user=other, team=p.team_a)
    return other


def test_booking_records_who_booked_and_audits(personas: Personas, clinic: Clinic) -> None:
    appointment = book(personas, clinic)
    assert appointment.status == Status.BOOKED
    assert appointment.booked_by == personas.clinician
    assert appointment.ends_at - appointment.starts_at == dt.timedelta(minutes=30)
    assert appointment.confirmed_at is None  # staff bookings await the person's confirmation
    event = AuditEvent.objects.filter(
        object_type="appointments.Appointment", object_id=str(appointment.pk)
    ).get()
    assert event.subject_id == personas.su.pk
    assert "Booked check-in (video call)" in event.what


def test_staff_outside_the_team_cannot_book(personas: Personas, clinic: Clinic) -> None:
    with pytest.raises(PermissionDenied):
        services.book(actor=personas.outsider, booking=booking(personas, clinic))
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"starts_at": timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=1)},
            "future",
        ),
        ({"modality": "messaging"}, "face to face, video or phone"),
        ({"modality": "face_to_face"}, "where the face-to-face"),
        ({"starts_at": at(next_weekday(), dt.time(10, 0, 30))}, "on the minute"),
    ],
)
def test_bad_bookings_are_refused_with_a_reason(
    personas: Personas, clinic: Clinic, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(services.InvalidInput, match=message):
        services.book(actor=personas.clinician, booking=booking(personas, clinic, **changes))
    assert not Appointment.objects.exists()


def test_an_outsiders_clinician_cannot_be_booked_in_team_a(
    personas: Personas, clinic: Clinic
) -> None:
    with pytest.raises(services.InvalidInput, match="member of the team"):
        services.book(
            actor=personas.clinician,
            booking=booking(personas, clinic, clinician=personas.outsider.staff),
        )


def test_clinician_cannot_be_double_booked(personas: Personas, clinic: Clinic) -> None:
    book(personas, clinic, hour=10)
    other = second_person(personas)
    with pytest.raises(services.SlotTaken, match="no longer free"):
        services.book(
            actor=personas.clinician,
            booking=booking(
                personas, clinic, service_user=other, starts_at=at(next_weekday(), dt.time(10, 15))
            ),
        )
    assert Appointment.objects.count() == 1


def test_person_cannot_be_double_booked_with_two_clinicians(
    personas: Personas, clinic: Clinic
) -> None:
    book(personas, clinic, hour=10)
    with pytest.raises(services.SlotTaken):
        services.book(
            actor=personas.clinician,
            booking=booking(personas, clinic, clinician=personas.colleague.staff),
        )


def test_room_cannot_be_double_booked(personas: Personas, clinic: Clinic) -> None:
    book(personas, clinic, hour=10, modality="face_to_face")  # Room 1
    other = second_person(personas)
    with pytest.raises(services.SlotTaken):
        services.book(
            actor=personas.clinician,
            booking=booking(
                personas,
                clinic,
                service_user=other,
                clinician=personas.colleague.staff,
                modality="face_to_face",
                site=clinic.site,
                room=clinic.room_1,
            ),
        )
    # The other room is free.
    services.book(
        actor=personas.clinician,
        booking=booking(
            personas,
            clinic,
            service_user=other,
            clinician=personas.colleague.staff,
            modality="face_to_face",
            site=clinic.site,
            room=clinic.room_2,
        ),
    )


def test_back_to_back_is_not_an_overlap(personas: Personas, clinic: Clinic) -> None:
    book(personas, clinic, hour=10)
    book(personas, clinic, hour=10, minute=30)
    assert Appointment.objects.count() == 2


@pytest.mark.parametrize("column", ["clinician", "service_user", "room"])
def test_the_database_itself_refuses_overlaps(
    personas: Personas, clinic: Clinic, column: str
) -> None:
    """Even a caller that skips the services cannot double book: the database refuses."""
    first = book(personas, clinic, hour=10, modality="face_to_face")
    clash = Appointment(
        service_user=first.service_user if column == "service_user" else second_person(personas),
        team=first.team,
        clinician=first.clinician if column == "clinician" else personas.colleague.staff,
        appointment_type=first.appointment_type,
        starts_at=first.starts_at + dt.timedelta(minutes=20),
        ends_at=first.ends_at + dt.timedelta(minutes=20),
        modality="face_to_face",
        site=clinic.site,
        room=clinic.room_1 if column == "room" else clinic.room_2,
        booked_via="staff",
    )
    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        clash.save()


def test_cancelled_time_can_be_booked_again(personas: Personas, clinic: Clinic) -> None:
    first = book(personas, clinic)
    services.cancel(actor=personas.clinician, appointment=first, by_person=True, reason="Unwell")
    again = book(personas, clinic)
    assert again.pk != first.pk


def test_cancelling_records_the_nhs_code_and_cannot_happen_twice(
    personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    services.cancel(
        actor=personas.clinician, appointment=appointment, by_person=False, reason="Clinician ill"
    )
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.attendance == Attendance.CANCELLED_BY_SERVICE
    cancelled_at = appointment.cancelled_at
    with pytest.raises(services.InvalidInput, match="already been cancelled"):
        services.cancel(
            actor=personas.clinician, appointment=appointment, by_person=True, reason="Again"
        )
    appointment.refresh_from_db()
    assert appointment.cancelled_at == cancelled_at
    assert appointment.attendance == Attendance.CANCELLED_BY_SERVICE


def test_moving_keeps_the_history_of_what_was_promised(personas: Personas, clinic: Clinic) -> None:
    first = book(personas, clinic, hour=10)
    moved = services.move(
        actor=personas.clinician,
        appointment=first,
        starts_at=at(next_weekday(), dt.time(11)),
    )
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert moved.moved_from == first
    assert moved.starts_at.hour == 11
    # A move within the same half hour does not clash with itself.
    again = services.move(
        actor=personas.clinician,
        appointment=moved,
        starts_at=moved.starts_at + dt.timedelta(minutes=15),
    )
    assert again.moved_from == moved


def test_a_service_user_cannot_move_someone_elses_appointment(
    personas: Personas, clinic: Clinic
) -> None:
    appointment = book(personas, clinic)
    with pytest.raises(PermissionDenied):
        services.cancel(
            actor=personas.other_service_user,
            appointment=appointment,
            by_person=True,
            reason="",
            via="self",
        )


def past_appointment(p: Personas, c: Clinic, *, modality: str = "video") -> Appointment:
    """Appointments cannot be booked in the past, so history is made directly."""
    starts = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    return Appointment.objects.create(
        service_user=p.su,
        team=p.team_a,
        clinician=p.clinician.staff,
        appointment_type=c.check_in,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality=modality,
        booked_via="staff",
    )


def test_outcome_with_technical_failure_and_switch(personas: Personas, clinic: Clinic) -> None:
    Referral.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        received_on=timezone.localdate() - dt.timedelta(days=40),
        recorded_by=personas.clinician,
    )
    appointment = past_appointment(personas, clinic)
    services.record_outcome(
        actor=personas.clinician,
        appointment=appointment,
        outcome=services.Outcome(
            attendance=Attendance.ATTENDED,
            technical_failure=True,
            switched_to="phone",
            switched_by="clinician",
        ),
    )
    appointment.refresh_from_db()
    assert appointment.was_held and appointment.technical_failure
    assert appointment.switched_to == "phone"
    referral = Referral.objects.get()
    # The wait ends with the contact actually held, in the way it was held.
    assert referral.first_held_on == timezone.localdate(appointment.starts_at)
    assert referral.first_held_modality == "phone"


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (services.Outcome(attendance=Attendance.CANCELLED_BY_PERSON), "Choose what happened"),
        (
            services.Outcome(attendance="5", switched_to="video", switched_by="person"),
            "different way",
        ),
        (services.Outcome(attendance="5", switched_to="phone"), "who switched"),
    ],
)
def test_bad_outcomes_are_refused(
    personas: Personas, clinic: Clinic, outcome: services.Outcome, message: str
) -> None:
    appointment = past_appointment(personas, clinic)
    with pytest.raises(services.InvalidInput, match=message):
        services.record_outcome(actor=personas.clinician, appointment=appointment, outcome=outcome)
    appointment.refresh_from_db()
    assert not appointment.has_outcome


def test_no_outcome_before_the_appointment_starts(personas: Personas, clinic: Clinic) -> None:
    appointment = book(personas, clinic)
    with pytest.raises(services.InvalidInput, match="once the appointment has started"):
        services.record_outcome(
            actor=personas.clinician,
            appointment=appointment,
            outcome=services.Outcome(attendance=Attendance.DID_NOT_ATTEND),
        )


def test_first_booking_after_referral_starts_the_wait_clock(
    personas: Personas, clinic: Clinic
) -> None:
    referral = services.record_referral(
        actor=personas.clinician,
        service_user=personas.su,
        team=personas.team_a,
        received_on=timezone.localdate() - dt.timedelta(days=10),
        source="GP",
    )
    book(personas, clinic, modality="face_to_face")
    book(personas, clinic, hour=14, modality="video")
    referral.refresh_from_db()
    assert referral.first_offered_on == timezone.localdate()
    assert referral.first_offered_modality == "face_to_face"


def test_guardrail_breach_needs_a_reason_and_is_kept(personas: Personas, clinic: Clinic) -> None:
    clinic.rules.max_consecutive_remote = 2
    clinic.rules.save()
    book(personas, clinic, hour=9)
    other = second_person(personas)
    services.book(
        actor=personas.clinician,
        booking=booking(
            personas,
            clinic,
            service_user=other,
            starts_at=at(next_weekday(), dt.time(9, 30)),
            guardrail_reason="No break, but agreed",
        ),
    )
    third = factories.ServiceUserFactory(given_name="Lou", family_name="Reyes")
    CaseloadEntry.objects.create(service_user=third, team=personas.team_a)
    proposed = booking(
        personas, clinic, service_user=third, starts_at=at(next_weekday(), dt.time(10))
    )
    with pytest.raises(services.NeedsReason) as refused:
        services.book(actor=personas.clinician, booking=proposed)
    assert any("3 remote sessions in a row" in b for b in refused.value.breaches)
    made = services.book(
        actor=personas.clinician,
        booking=services.Booking(**{**proposed.__dict__, "guardrail_reason": "Urgent review"}),
    )
    assert made.guardrail_reason == "Urgent review"
    assert made.guardrail_breaches


def test_a_moved_appointment_updates_the_same_calendar_event(
    personas: Personas, clinic: Clinic
) -> None:
    from icalendar import Calendar

    from tandem.appointments.calendar import ics_for

    first = book(personas, clinic, hour=10)
    moved = services.move(
        actor=personas.clinician, appointment=first, starts_at=at(next_weekday(), dt.time(14))
    )
    before, after = (
        next(iter(Calendar.from_ical(ics_for(a)).walk("VEVENT"))) for a in (first, moved)
    )
    assert str(before["UID"]) == str(after["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert str(after["SUMMARY"]) == "Appointment"
