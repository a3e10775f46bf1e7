"""Open slots from sessions, leave and bookings."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.appointments.models import AvailabilitySession, Leave, OneOffSession
from tandem.appointments.slots import at, open_slots
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def slots_on(p: Personas, c: Clinic, day: dt.date, **kwargs: object) -> list:
    return open_slots(team=p.team_a, appointment_type=c.check_in, first_day=day, days=1, **kwargs)  # type: ignore[arg-type]


def test_a_free_day_has_every_half_hour_for_both_clinicians(
    personas: Personas, clinic: Clinic
) -> None:
    found = slots_on(personas, clinic, next_weekday())
    assert len(found) == 2 * 16  # 09:00 to 17:00 in 30-minute slots, two clinicians
    assert found[0].starts_at == at(next_weekday(), dt.time(9))
    assert found[-1].ends_at == at(next_weekday(), dt.time(17))


def test_booked_time_is_not_offered(personas: Personas, clinic: Clinic) -> None:
    book(personas, clinic, hour=10, minute=15)
    lee = slots_on(personas, clinic, next_weekday(), clinician=personas.clinician.staff)
    starts = {s.starts_at.time() for s in lee}
    assert dt.time(10) not in starts and dt.time(10, 15) not in starts
    # The next slot starts where the booking ends, not on the old half-hour grid.
    assert dt.time(10, 45) in starts


def test_weekends_and_leave_have_no_slots(personas: Personas, clinic: Clinic) -> None:
    day = next_weekday()
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    assert slots_on(personas, clinic, saturday) == []
    Leave.objects.create(
        staff=personas.clinician.staff,
        kind="annual",
        first_day=day,
        last_day=day,
        recorded_by=personas.manager,
    )
    found = slots_on(personas, clinic, day)
    assert {s.clinician_id for s in found} == {personas.colleague.staff.pk}


def test_way_of_meeting_and_self_booking_filter(personas: Personas, clinic: Clinic) -> None:
    day = next_weekday()
    AvailabilitySession.objects.filter(staff=personas.colleague.staff).update(
        modalities=["face_to_face"], self_bookable=False
    )
    video = slots_on(personas, clinic, day, modality="video")
    assert {s.clinician_id for s in video} == {personas.clinician.staff.pk}
    mine = slots_on(personas, clinic, day, self_bookable_only=True)
    assert {s.clinician_id for s in mine} == {personas.clinician.staff.pk}


def test_one_off_sessions_add_time(personas: Personas, clinic: Clinic) -> None:
    day = next_weekday()
    saturday = day + dt.timedelta(days=(5 - day.weekday()) % 7)
    OneOffSession.objects.create(
        staff=personas.clinician.staff,
        team=personas.team_a,
        day=saturday,
        starts=dt.time(10),
        ends=dt.time(11),
        modalities=["phone"],
    )
    assert [s.starts_at.time() for s in slots_on(personas, clinic, saturday)] == [
        dt.time(10),
        dt.time(10, 30),
    ]


def test_slot_search_takes_a_fixed_number_of_queries(
    personas: Personas, clinic: Clinic, django_assert_max_num_queries
) -> None:
    for hour in (9, 11, 13):
        book(personas, clinic, hour=hour)
    # Seven since issue 26: one for the group sessions the clinicians facilitate (ADR 0060).
    with django_assert_max_num_queries(7):
        open_slots(
            team=personas.team_a,
            appointment_type=clinic.check_in,
            first_day=next_weekday(),
            days=84,
        )


def test_a_shared_room_is_not_offered_when_a_colleague_has_it(
    personas: Personas, clinic: Clinic
) -> None:
    AvailabilitySession.objects.filter(staff=personas.colleague.staff).update(room=clinic.room_1)
    book(personas, clinic, hour=10, modality="face_to_face")  # Dr Lee in Room 1
    jordan = slots_on(
        personas,
        clinic,
        next_weekday(),
        clinician=personas.colleague.staff,
        modality="face_to_face",
    )
    assert dt.time(10) not in {s.starts_at.time() for s in jordan}
    # By phone the room does not matter.
    by_phone = slots_on(
        personas, clinic, next_weekday(), clinician=personas.colleague.staff, modality="phone"
    )
    assert dt.time(10) in {s.starts_at.time() for s in by_phone}
