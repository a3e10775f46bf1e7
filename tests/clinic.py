"""A small clinic for appointment tests, built on the personas.

Team A (Northgate) has one site with two rooms, three appointment types (one
self-bookable), and weekly sessions for the clinician (Dr Casey Lee) and the
colleague (Jordan Patel) on every weekday, 09:00 to 17:00, face to face,
video and phone, open to self-booking. Times are UK local.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tandem.appointments import services
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    AvailabilitySession,
    Room,
    Site,
    TeamRules,
)
from tandem.appointments.slots import at
from tests.personas import Personas


@dataclass
class Clinic:
    site: Site
    room_1: Room
    room_2: Room
    check_in: AppointmentType  # 30 minutes, self-bookable
    review: AppointmentType  # 60 minutes, staff only
    assessment: AppointmentType  # 90 minutes, staff only
    rules: TeamRules


def build_clinic(p: Personas) -> Clinic:
    site = Site.objects.create(
        organisation=p.organisation,
        name="Northgate Resource Centre",
        address="1 Synthetic Street, Leeds",
        postcode="LS1 4AP",
    )
    room_1 = Room.objects.create(site=site, name="Room 1")
    room_2 = Room.objects.create(site=site, name="Room 2")
    check_in = AppointmentType.objects.create(
        team=p.team_a, name="Check-in", kind="check_in", duration_minutes=30, self_bookable=True
    )
    review = AppointmentType.objects.create(
        team=p.team_a, name="Medication review", kind="medication_review", duration_minutes=60
    )
    assessment = AppointmentType.objects.create(
        team=p.team_a, name="Assessment", kind="initial_assessment", duration_minutes=90
    )
    rules = TeamRules.objects.create(team=p.team_a)
    start = timezone.localdate() - dt.timedelta(days=7)
    for user, room in ((p.clinician, room_1), (p.colleague, room_2)):
        for weekday in range(5):
            AvailabilitySession.objects.create(
                staff=user.staff,
                team=p.team_a,
                weekday=weekday,
                starts=dt.time(9),
                ends=dt.time(17),
                site=site,
                room=room,
                modalities=["face_to_face", "video", "phone"],
                self_bookable=True,
                valid_from=start,
            )
    return Clinic(site, room_1, room_2, check_in, review, assessment, rules)


def next_weekday(days_ahead: int = 7) -> dt.date:
    """A Monday-to-Friday date at least ``days_ahead`` days from today."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def book(
    p: Personas,
    c: Clinic,
    *,
    hour: int = 10,
    minute: int = 0,
    day: dt.date | None = None,
    modality: str = "video",
    kind: AppointmentType | None = None,
    clinician: object = None,
) -> Appointment:
    """Book Sam Taylor with Dr Lee through the real service, as Dr Lee."""
    staff = (clinician or p.clinician).staff  # type: ignore[attr-defined]
    return services.book(
        actor=p.clinician,
        booking=services.Booking(
            service_user=p.su,
            team=p.team_a,
            clinician=staff,
            appointment_type=kind or c.check_in,
            starts_at=at(day or next_weekday(), dt.time(hour, minute)),
            modality=modality,
            site=c.site if modality == "face_to_face" else None,
            room=c.room_1 if modality == "face_to_face" else None,
            guardrail_reason="Test booking",
        ),
    )
