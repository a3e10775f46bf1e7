"""Availability services: sessions that never overlap, leave that removes slots,
and who may change whose availability; booking with a shared decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tandem.appointments import availability, services
from tandem.appointments.availability import InvalidAvailability, SessionDetails
from tandem.appointments.models import Appointment, AvailabilitySession, Leave, LeaveKind
from tandem.appointments.slots import at, open_slots
from tandem.audit.models import AuditEvent
from tandem.errors import InvalidInput
from tandem.preferences.models import ModalityPreference, SharedDecision
from tandem.preferences.services import Decision
from tests.clinic import Clinic, book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(personas: Personas) -> Clinic:
    return build_clinic(personas)


def saturday_session(p: Personas, **changes: object) -> SessionDetails:
    values: dict[str, object] = {
        "team": p.team_a,
        "weekday": 5,
        "starts": dt.time(9),
        "ends": dt.time(12),
        "modalities": ("video", "phone"),
        "valid_from": timezone.localdate(),
    }
    values.update(changes)
    return SessionDetails(**values)  # type: ignore[arg-type]


# --- Sessions -----


def test_a_clinician_adds_a_session_and_it_is_audited(personas: Personas) -> None:
    session = availability.add_session(
        actor=personas.clinician, staff=personas.clinician.staff, details=saturday_session(personas)
    )
    assert session.weekday == 5 and session.site is None
    assert AuditEvent.objects.filter(
        object_type="appointments.AvailabilitySession", object_id=str(session.pk)
    ).exists()


def test_an_overlapping_session_on_the_same_weekday_is_refused(
    personas: Personas, clinic: Clinic
) -> None:
    before = AvailabilitySession.objects.count()
    with pytest.raises(InvalidAvailability, match="overlaps the Monday session from 09:00"):
        availability.add_session(
            actor=personas.clinician,
            staff=personas.clinician.staff,
            details=saturday_session(personas, weekday=0, starts=dt.time(16), ends=dt.time(18)),
        )
    assert AvailabilitySession.objects.count() == before


def test_sessions_that_do_not_overlap_in_time_or_dates_are_allowed(
    personas: Personas, clinic: Clinic
) -> None:
    staff = personas.clinician.staff
    # Monday evening, after the clinic's 09:00 to 17:00 session.
    availability.add_session(
        actor=personas.clinician,
        staff=staff,
        details=saturday_session(personas, weekday=0, starts=dt.time(17), ends=dt.time(19)),
    )
    # The same hours, but only once the existing session has ended.
    existing = AvailabilitySession.objects.get(staff=staff, weekday=1)
    existing.valid_until = timezone.localdate() + dt.timedelta(days=30)
    existing.save()
    availability.add_session(
        actor=personas.clinician,
        staff=staff,
        details=saturday_session(
            personas, weekday=1, valid_from=timezone.localdate() + dt.timedelta(days=31)
        ),
    )
    # Another clinician's sessions do not count.
    availability.add_session(
        actor=personas.colleague,
        staff=personas.colleague.staff,
        details=saturday_session(personas),
    )
    availability.add_session(
        actor=personas.clinician, staff=staff, details=saturday_session(personas)
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts": dt.time(12), "ends": dt.time(9)}, "end time must be after the start"),
        ({"modalities": ("face_to_face",)}, "Choose the site"),
        ({"modalities": ()}, "at least one way"),
    ],
)
def test_a_session_must_make_sense(personas: Personas, changes: dict, message: str) -> None:
    with pytest.raises(InvalidAvailability, match=message):
        availability.add_session(
            actor=personas.clinician,
            staff=personas.clinician.staff,
            details=saturday_session(personas, **changes),
        )
    assert not AvailabilitySession.objects.exists()


def test_a_clinician_cannot_change_a_colleagues_sessions(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        availability.add_session(
            actor=personas.clinician,
            staff=personas.colleague.staff,
            details=saturday_session(personas),
        )
    session = availability.add_session(
        actor=personas.colleague, staff=personas.colleague.staff, details=saturday_session(personas)
    )
    with pytest.raises(PermissionDenied):
        availability.end_session(
            actor=personas.clinician, session=session, last_day=timezone.localdate()
        )
    with pytest.raises(PermissionDenied):
        availability.add_leave(
            actor=personas.outsider,
            staff=personas.colleague.staff,
            kind=LeaveKind.ANNUAL,
            first_day=timezone.localdate(),
            last_day=timezone.localdate(),
            cover=None,
        )


def test_a_manager_manages_their_teams_availability_but_not_another_teams(
    personas: Personas,
) -> None:
    session = availability.add_session(
        actor=personas.manager, staff=personas.colleague.staff, details=saturday_session(personas)
    )
    assert session.staff == personas.colleague.staff
    with pytest.raises(PermissionDenied):
        availability.add_session(
            actor=personas.manager,
            staff=personas.outsider.staff,
            details=saturday_session(personas, team=personas.team_b),
        )


def test_ending_a_session_says_how_many_booked_appointments_need_moving(
    personas: Personas, clinic: Clinic
) -> None:
    day = next_weekday(days_ahead=14)
    book(personas, clinic, day=day)
    session = AvailabilitySession.objects.get(staff=personas.clinician.staff, weekday=day.weekday())
    to_move = availability.end_session(
        actor=personas.clinician, session=session, last_day=day - dt.timedelta(days=1)
    )
    assert to_move == 1
    session.refresh_from_db()
    assert session.valid_until == day - dt.timedelta(days=1)
    with pytest.raises(InvalidAvailability, match="today or in the future"):
        availability.end_session(
            actor=personas.clinician,
            session=session,
            last_day=timezone.localdate() - dt.timedelta(days=1),
        )


def test_a_one_off_session_may_not_overlap_a_weekly_one(personas: Personas, clinic: Clinic) -> None:
    day = next_weekday()
    details = availability.OneOffDetails(
        team=personas.team_a,
        day=day,
        starts=dt.time(16),
        ends=dt.time(18),
        modalities=("phone",),
    )
    with pytest.raises(InvalidAvailability, match="overlaps another session"):
        availability.add_one_off(
            actor=personas.clinician, staff=personas.clinician.staff, details=details
        )
    saturday = day + dt.timedelta(days=5 - day.weekday())
    extra = availability.add_one_off(
        actor=personas.clinician,
        staff=personas.clinician.staff,
        details=availability.OneOffDetails(
            team=personas.team_a,
            day=saturday,
            starts=dt.time(10),
            ends=dt.time(11),
            modalities=("phone",),
        ),
    )
    slots = open_slots(
        team=personas.team_a,
        appointment_type=clinic.check_in,
        first_day=saturday,
        days=1,
        clinician=personas.clinician.staff,
    )
    assert [s.starts_at for s in slots] == [
        at(saturday, dt.time(10)),
        at(saturday, dt.time(10, 30)),
    ]
    assert extra.pk


# --- Leave -----


def test_leave_removes_slots_and_reports_appointments_already_booked(
    personas: Personas, clinic: Clinic
) -> None:
    day = next_weekday()
    book(personas, clinic, day=day)

    def slots_that_day() -> int:
        return len(
            open_slots(
                team=personas.team_a,
                appointment_type=clinic.check_in,
                first_day=day,
                days=1,
                clinician=personas.clinician.staff,
            )
        )

    assert slots_that_day() > 0
    leave, booked = availability.add_leave(
        actor=personas.clinician,
        staff=personas.clinician.staff,
        kind=LeaveKind.ANNUAL,
        first_day=day,
        last_day=day,
        cover=personas.colleague.staff,
    )
    assert slots_that_day() == 0
    assert booked == 1
    assert leave.cover == personas.colleague.staff


@pytest.mark.parametrize(
    ("kind", "last_day", "cover", "message"),
    [
        (LeaveKind.ANNUAL, None, None, "Enter the last day"),
        (LeaveKind.LEFT, 3, None, "blank when they have left"),
        (LeaveKind.ANNUAL, -1, None, "on or after the first day"),
        (LeaveKind.ANNUAL, 1, "outsider", "colleague in the same team"),
    ],
)
def test_leave_must_make_sense(
    personas: Personas, kind: str, last_day: int | None, cover: str | None, message: str
) -> None:
    first = timezone.localdate()
    with pytest.raises(InvalidAvailability, match=message):
        availability.add_leave(
            actor=personas.clinician,
            staff=personas.clinician.staff,
            kind=kind,
            first_day=first,
            last_day=None if last_day is None else first + dt.timedelta(days=last_day),
            cover=getattr(personas, cover).staff if cover else None,
        )
    assert not Leave.objects.exists()


def test_leaving_the_team_has_no_last_day(personas: Personas) -> None:
    leave, _ = availability.add_leave(
        actor=personas.manager,
        staff=personas.clinician.staff,
        kind=LeaveKind.LEFT,
        first_day=timezone.localdate(),
        last_day=None,
        cover=personas.colleague.staff,
    )
    assert leave.last_day is None and leave.recorded_by == personas.manager


# --- Booking with a shared decision -----


def decision(**changes: object) -> Decision:
    values: dict[str, object] = {
        "kind": "check_in",
        "options_discussed": ("face_to_face", "video"),
        "person_preference": "video",
        "took_part": "Sam and Dr Lee",
        "carer_took_part": False,
        "decision": "video",
        "reasons": "Sam works days and prefers video",
        "against_preference_reason": "",
    }
    values.update(changes)
    return Decision(**values)  # type: ignore[arg-type]


def staff_booking(p: Personas, c: Clinic, **changes: object) -> services.Booking:
    values: dict[str, object] = {
        "service_user": p.su,
        "team": p.team_a,
        "clinician": p.clinician.staff,
        "appointment_type": c.check_in,
        "starts_at": at(next_weekday(), dt.time(11)),
        "modality": "video",
    }
    values.update(changes)
    return services.Booking(**values)  # type: ignore[arg-type]


def test_booking_with_a_decision_records_both_together(personas: Personas, clinic: Clinic) -> None:
    made = availability.book_with_decision(
        actor=personas.clinician,
        person=personas.su,
        booking=staff_booking(personas, clinic),
        decision=decision(),
        guidance_shown={"video": "suitable"},
    )
    agreed = SharedDecision.objects.get()
    assert made.shared_decision == agreed
    assert agreed.face_to_face_offered and agreed.decision == "video"


def test_a_booking_that_fails_leaves_no_decision_behind(personas: Personas, clinic: Clinic) -> None:
    taken = book(personas, clinic, hour=11)
    with pytest.raises(services.SlotTaken):
        availability.book_with_decision(
            actor=personas.clinician,
            person=personas.su,
            booking=staff_booking(personas, clinic, starts_at=taken.starts_at),
            decision=decision(),
            guidance_shown={},
        )
    assert not SharedDecision.objects.exists()
    assert Appointment.objects.count() == 1


def test_a_decision_against_what_the_person_does_not_want_needs_a_reason(
    personas: Personas, clinic: Clinic
) -> None:
    ModalityPreference.objects.create(
        service_user=personas.su,
        kind="check_in",
        preferred="face_to_face",
        not_wanted=["video"],
        recorded_by=personas.service_user,
    )
    with pytest.raises(InvalidInput):
        availability.book_with_decision(
            actor=personas.clinician,
            person=personas.su,
            booking=staff_booking(personas, clinic),
            decision=decision(),
            guidance_shown={},
        )
    assert not Appointment.objects.exists()


def test_an_outsider_cannot_book_for_sam(personas: Personas, clinic: Clinic) -> None:
    with pytest.raises(PermissionDenied):
        availability.book_with_decision(
            actor=personas.outsider,
            person=personas.su,
            booking=staff_booking(personas, clinic),
            decision=decision(),
            guidance_shown={},
        )
    assert not Appointment.objects.exists()
    assert not SharedDecision.objects.exists()
