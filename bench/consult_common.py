"""What the video call benchmarks share: synthetic calls ready to join, signed-in
session cookies for both people in each, and the app under uvicorn.

``make_calls`` runs in the benchmark's own process after Django is set up
against the throwaway database (``in_process.setup_django``): for each call, a
clinician (with two-step verification done) and a service user, a video
appointment starting in five minutes, both already admitted, and a session
cookie for each, built as a completed sign-in leaves it (see bench/sessions.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Call:
    appointment: int
    clinician_cookie: str
    person_cookie: str
    clinician_participant: int
    person_participant: int


def _cookie(user: object) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tandem.web.middleware import LAST_SEEN_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    store[LAST_SEEN_KEY] = int(time.time())
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def make_calls(count: int, *, prefix: str = "bench") -> list[Call]:
    """``count`` calls, each with its own clinician and service user, both admitted."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tandem.appointments.models import Appointment, AppointmentType
    from tandem.consult import admitting
    from tandem.people.codes import ProfessionalRole
    from tandem.people.models import (
        CareTeam,
        CaseloadEntry,
        Organisation,
        ServiceUser,
        StaffMember,
        TeamMembership,
        User,
    )

    tag = secrets.token_hex(3)
    organisation = Organisation.objects.create(name=f"Synthetic Trust {tag}", ods_code=tag[:5])
    team = CareTeam.objects.create(
        organisation=organisation, name=f"Synthetic CMHT {tag}", slug=f"cmht-{tag}"
    )
    kind = AppointmentType.objects.create(
        team=team, name="Check-in", kind="check_in", duration_minutes=30
    )
    starts_at = timezone.now() + dt.timedelta(minutes=5)
    calls = []
    for n in range(count):
        staff_user = User.objects.create_user(
            email=f"{prefix}.clinician.{tag}.{n}@example.org", full_name=f"Clinician {n}"
        )
        staff = StaffMember.objects.create(
            user=staff_user, professional_role=ProfessionalRole.values[0]
        )
        TeamMembership.objects.create(staff=staff, team=team, role="clinician")
        TOTPDevice.objects.create(user=staff_user, name="bench", confirmed=True)
        person_user = User.objects.create_user(
            email=f"{prefix}.person.{tag}.{n}@example.org", full_name=f"Person {n}"
        )
        person = ServiceUser.objects.create(
            user=person_user,
            given_name="Person",
            family_name=f"{n}",
            date_of_birth=dt.date(1980, 1, 1),
        )
        CaseloadEntry.objects.create(service_user=person, team=team, care_coordinator=staff)
        appointment = Appointment.objects.create(
            service_user=person,
            team=team,
            clinician=staff,
            appointment_type=kind,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=30),
            modality="video",
            booked_via="staff",
            booked_by=staff_user,
        )
        clinician = admitting.staff_participant(actor=staff_user, appointment=appointment)
        mine = admitting.own_participant(actor=person_user, appointment=appointment)
        admitting.device_checked(actor=person_user, participant=mine)
        admitting.confirm_fallback(actor=person_user, participant=mine, phone="0113 496 0999")
        admitting.admit(actor=staff_user, participant=mine)
        calls.append(
            Call(
                appointment=appointment.pk,
                clinician_cookie=_cookie(staff_user),
                person_cookie=_cookie(person_user),
                clinician_participant=clinician.pk,
                person_participant=mine.pk,
            )
        )
    return calls
