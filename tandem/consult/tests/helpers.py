"""A video appointment about to start, for Sam Taylor with Dr Casey Lee (team A)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.appointments.models import Appointment, AppointmentType
from tandem.consult import services
from tandem.consult.models import Participant
from tandem.people.models import ServiceUser, User
from tests.personas import Personas


def video_appointment(
    p: Personas,
    *,
    starts_in: dt.timedelta = dt.timedelta(minutes=5),
    person: ServiceUser | None = None,
    modality: str = "video",
) -> Appointment:
    person = person or p.su
    team = p.team_a if person == p.su else p.team_b
    clinician = p.clinician if person == p.su else p.outsider
    kind, _ = AppointmentType.objects.get_or_create(
        team=team, name="Check-in", defaults={"kind": "check_in", "duration_minutes": 30}
    )
    starts_at = timezone.now() + starts_in
    return Appointment.objects.create(
        service_user=person,
        team=team,
        clinician=clinician.staff,
        appointment_type=kind,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
        modality=modality,
        booked_via="staff",
        booked_by=clinician,
    )


def waiting_service_user(p: Personas, appointment: Appointment) -> Participant:
    """Sam, past the device check and the fallback number, in the waiting room."""
    me = services.own_participant(actor=p.service_user, appointment=appointment)
    services.device_checked(actor=p.service_user, participant=me)
    return services.confirm_fallback(actor=p.service_user, participant=me, phone="0113 496 0999")


def admitted_service_user(
    p: Personas, appointment: Appointment, by: User | None = None
) -> Participant:
    waiting = waiting_service_user(p, appointment)
    return services.admit(actor=by or p.clinician, participant=waiting)
