"""Booking, moving, confirming and cancelling one's own appointments: every team
rule is checked again at the moment of writing, and a refused request saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.appointments import self_service
from tandem.appointments.models import (
    Appointment,
    Attendance,
    AvailabilitySession,
    BookedVia,
    Status,
)
from tandem.appointments.services import InvalidInput
from tandem.appointments.slots import at
from tandem.people.models import CaseloadEntry
from tandem.preferences.models import ModalityPreference
from tests import factories
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def sam_books(p: Personas, c: Clinic, *, hour: int = 10, day: dt.date | None = None, **kw):  # type: ignore[no-untyped-def]
    values = {
        "actor": p.service_user,
        "team": p.team_a,
        "appointment_type": c.check_in,
        "clinician": p.clinician.staff,
        "starts_at": at(day or next_weekday(), dt.time(hour)),
        "modality": "video",
    }
    values.update(kw)
    return self_service.self_book(**values)


def refused(p: Personas, c: Clinic, message: str, **kw: object) -> None:
    before = Appointment.objects.count()
    with pytest.raises(InvalidInput) as caught:
        sam_books(p, c, **kw)
    assert str(caught.value) == message
    assert Appointment.objects.count() == before


def test_sam_books_a_check_in_by_video(personas: Personas, clinic: Clinic) -> None:
    booked = sam_books(personas, clinic)
    assert booked.service_user == personas.su
    assert booked.booked_via == BookedVia.SELF
    assert booked.booked_by == personas.service_user
    assert booked.confirmed_at is not None  # booking it yourself confirms it
    assert booked.site is None


def test_face_to_face_is_held_where_the_session_is(personas: Personas, clinic: Clinic) -> None:
    booked = sam_books(personas, clinic, modality="face_to_face")
    assert booked.site == clinic.site
    assert booked.room == clinic.room_1


def test_too_soon_is_refused(personas: Personas, clinic: Clinic) -> None:
    clinic.rules.self_book_notice_hours = 24 * 30
    clinic.rules.save()
    refused(personas, clinic, self_service.too_soon(720))


def test_too_far_ahead_is_refused(personas: Personas, clinic: Clinic) -> None:
    clinic.rules.self_book_days_ahead = 3
    clinic.rules.save()
    refused(personas, clinic, self_service.too_far(3))


def test_a_type_staff_must_book_is_refused(personas: Personas, clinic: Clinic) -> None:
    refused(personas, clinic, self_service.NOT_SELF_BOOKABLE, appointment_type=clinic.review)


def test_an_inactive_type_is_refused(personas: Personas, clinic: Clinic) -> None:
    clinic.check_in.is_active = False
    clinic.check_in.save()
    refused(personas, clinic, self_service.NOT_SELF_BOOKABLE)


def test_someone_elses_team_is_refused(personas: Personas, clinic: Clinic) -> None:
    before = Appointment.objects.count()
    with pytest.raises(InvalidInput, match="a team that is caring for you"):
        sam_books(personas, clinic, actor=personas.other_service_user)
    assert Appointment.objects.count() == before


def test_a_closed_caseload_entry_stops_self_booking(personas: Personas, clinic: Clinic) -> None:
    CaseloadEntry.objects.filter(service_user=personas.su).update(closed_on=timezone.localdate())
    refused(personas, clinic, self_service.NOT_YOUR_TEAM)


def test_a_slot_taken_in_between_gives_a_clear_message(personas: Personas, clinic: Clinic) -> None:
    # Another person in team A is booked into the time while Sam was choosing.
    rowan = factories.ServiceUserFactory(given_name="Rowan", family_name="Synthetic")
    CaseloadEntry.objects.create(service_user=rowan, team=personas.team_a)
    from tandem.appointments import services

    services.book(
        actor=personas.clinician,
        booking=services.Booking(
            service_user=rowan,
            team=personas.team_a,
            clinician=personas.clinician.staff,
            appointment_type=clinic.check_in,
            starts_at=at(next_weekday(), dt.time(10)),
            modality="phone",
        ),
    )
    refused(personas, clinic, self_service.TAKEN)


def test_a_session_not_open_to_self_booking_is_refused(personas: Personas, clinic: Clinic) -> None:
    AvailabilitySession.objects.update(self_bookable=False)
    refused(personas, clinic, self_service.TAKEN)


def test_a_time_outside_sessions_is_refused(personas: Personas, clinic: Clinic) -> None:
    refused(personas, clinic, self_service.TAKEN, hour=20)


def test_sam_cannot_double_book_himself(personas: Personas, clinic: Clinic) -> None:
    sam_books(personas, clinic)
    refused(personas, clinic, self_service.YOU_ARE_BUSY, clinician=personas.colleague.staff)


def test_slots_offered_keep_to_the_window(personas: Personas, clinic: Clinic) -> None:
    slots = self_service.choosable_slots(
        person=personas.su, team=personas.team_a, appointment_type=clinic.check_in, modality="video"
    )
    window = self_service.window_for(personas.team_a)
    assert slots
    assert all(s.starts_at >= window.not_before for s in slots)
    assert all(timezone.localdate(s.starts_at) <= window.last_day for s in slots)
    assert all(s.self_bookable for s in slots)


def test_slots_leave_out_times_sam_is_already_booked(personas: Personas, clinic: Clinic) -> None:
    sam_books(personas, clinic)
    day = next_weekday()
    slots = self_service.choosable_slots(
        person=personas.su,
        team=personas.team_a,
        appointment_type=clinic.check_in,
        modality="video",
        day=day,
    )
    assert at(day, dt.time(10)) not in {s.starts_at for s in slots}


def test_preferred_way_comes_first(personas: Personas, clinic: Clinic) -> None:
    ModalityPreference.objects.create(
        service_user=personas.su,
        kind="check_in",
        preferred="phone",
        recorded_by=personas.service_user,
    )
    ways = self_service.ways_for(personas.su, "check_in")
    assert ways[0][0] == "phone"
    assert "prefer" in ways[0][1]
    assert {w for w, _ in ways} == {"face_to_face", "video", "phone"}


def test_sam_moves_his_own_check_in(personas: Personas, clinic: Clinic) -> None:
    first = sam_books(personas, clinic)
    moved = self_service.self_move(
        actor=personas.service_user,
        appointment=first,
        clinician=personas.colleague.staff,
        starts_at=at(next_weekday(), dt.time(14)),
        modality="face_to_face",
    )
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert moved.moved_from == first
    assert moved.booked_via == BookedVia.SELF
    assert moved.site == clinic.site


def test_moving_a_type_staff_book_is_refused(personas: Personas, clinic: Clinic) -> None:
    review = book(personas, clinic, kind=clinic.review)
    with pytest.raises(InvalidInput, match="cannot book this kind"):
        self_service.self_move(
            actor=personas.service_user,
            appointment=review,
            clinician=personas.clinician.staff,
            starts_at=at(next_weekday(), dt.time(14)),
            modality="video",
        )
    review.refresh_from_db()
    assert review.is_booked


def test_cancelling_twice_says_so_and_changes_nothing(personas: Personas, clinic: Clinic) -> None:
    booked = sam_books(personas, clinic)
    self_service.self_cancel(actor=personas.service_user, appointment=booked, reason="Away")
    booked.refresh_from_db()
    assert booked.attendance == Attendance.CANCELLED_BY_PERSON
    cancelled_at = booked.cancelled_at
    with pytest.raises(InvalidInput, match="already been cancelled"):
        self_service.self_cancel(actor=personas.service_user, appointment=booked, reason="Again")
    booked.refresh_from_db()
    assert booked.cancelled_at == cancelled_at
    assert booked.cancellation_reason == "Away"


def test_no_one_acts_on_another_persons_appointment(personas: Personas, clinic: Clinic) -> None:
    sams = sam_books(personas, clinic)
    for act in (
        lambda: self_service.self_cancel(
            actor=personas.other_service_user, appointment=sams, reason=""
        ),
        lambda: self_service.self_confirm(actor=personas.other_service_user, appointment=sams),
        lambda: self_service.self_cancel(actor=personas.clinician, appointment=sams, reason=""),
    ):
        with pytest.raises(PermissionDenied):
            act()
    sams.refresh_from_db()
    assert sams.is_booked
