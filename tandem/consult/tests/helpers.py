"""A video appointment about to start, for Sam Taylor with Dr Casey Lee (team A)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.appointments.models import Appointment, AppointmentType
from tandem.consult import admitting
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
    in_team_a = person == p.su or person.teams.filter(pk=p.team_a.pk).exists()
    team = p.team_a if in_team_a else p.team_b
    clinician = p.clinician if in_team_a else p.outsider
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
    me = admitting.own_participant(actor=p.service_user, appointment=appointment)
    admitting.device_checked(actor=p.service_user, participant=me)
    return admitting.confirm_fallback(actor=p.service_user, participant=me, phone="0113 496 0999")


def admitted_service_user(
    p: Personas, appointment: Appointment, by: User | None = None
) -> Participant:
    waiting = waiting_service_user(p, appointment)
    return admitting.admit(actor=by or p.clinician, participant=waiting)


def person_without_account(p: Personas) -> ServiceUser:
    """Jo Rivers: open to team A, born 27 March 1985, with no Tandem account."""
    from tandem.people.models import CaseloadEntry
    from tests import factories

    jo = factories.ServiceUserFactory(
        user=None, given_name="Jo", family_name="Rivers", date_of_birth=dt.date(1985, 3, 27)
    )
    CaseloadEntry.objects.create(service_user=jo, team=p.team_a, care_coordinator=p.clinician.staff)
    texts_please(p, jo)
    return jo


def texts_please(p: Personas, person: ServiceUser) -> None:
    """The person has agreed to text messages, so reminders reach them."""
    from tandem.preferences.models import ContactPreferences

    ContactPreferences.objects.create(
        service_user=person, recorded_by=p.clinician, by_sms=True, preferred_channel="sms"
    )
