"""Access matrix for the staff appointment pages (appointments: diary, booking,
one appointment, availability).

Object URLs point at objects of the service user in team A (MATRIX) and at the
other team's service user or clinician (OTHER_OBJECT): only their own team's
staff reach them; service users, carers and the admin get the same 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    AvailabilitySession,
)
from tandem.appointments.slots import at
from tandem.people.models import CareTeam, ServiceUser, StaffMember
from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas

TEAM_A = only(TEAM_A_STAFF)
TEAM_B = only(("outsider",))


def appointment_of(person: ServiceUser, team: CareTeam, clinician: StaffMember) -> Appointment:
    """A booked appointment a week ago (made directly: the matrix tests reading, not booking)."""
    kind = AppointmentType.objects.create(
        team=team, name="Check-in", kind="check_in", duration_minutes=30
    )
    starts = at(timezone.localdate() - dt.timedelta(days=7), dt.time(10))
    return Appointment.objects.create(
        service_user=person,
        team=team,
        clinician=clinician,
        appointment_type=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality="video",
        booked_via="staff",
    )


def session_of(staff: StaffMember, team: CareTeam) -> AvailabilitySession:
    return AvailabilitySession.objects.create(
        staff=staff,
        team=team,
        weekday=0,
        starts=dt.time(9),
        ends=dt.time(12),
        modalities=["video", "phone"],
        valid_from=timezone.localdate(),
    )


def appointment_pk(*, other: bool = False) -> Callable[[Personas], dict[str, int]]:
    def kwargs(p: Personas) -> dict[str, int]:
        if other:
            made = appointment_of(p.other_su, p.team_b, p.outsider.staff)
        else:
            made = appointment_of(p.su, p.team_a, p.clinician.staff)
        return {"pk": made.pk}

    return kwargs


def session_pk(*, other: bool = False) -> Callable[[Personas], dict[str, int]]:
    def kwargs(p: Personas) -> dict[str, int]:
        made = (
            session_of(p.outsider.staff, p.team_b)
            if other
            else session_of(p.clinician.staff, p.team_a)
        )
        return {"pk": made.pk}

    return kwargs


# Every member of clinical staff has a diary and availability of their own.
OWN = Rule(allowed=only(CLINICAL_STAFF))
# Ending the clinician's session: the clinician and the manager of their team only.
CLINICIAN_AND_MANAGER = only(("clinician", "manager"))

MATRIX: dict[str, Rule] = {
    "appointments:diary": OWN,
    "appointments:availability": OWN,
    "appointments:session-add": OWN,
    "appointments:one-off-add": OWN,
    "appointments:leave-add": OWN,
    "appointments:session-end": Rule(allowed=CLINICIAN_AND_MANAGER, kwargs=session_pk()),
    "appointments:person": Rule(allowed=TEAM_A, kwargs=su_pk),
    "appointments:book": Rule(allowed=TEAM_A, kwargs=su_pk),
    # Without choices made, the later steps send staff back to the first step.
    "appointments:book-slot": Rule(allowed=only(TEAM_A_STAFF, 302), kwargs=su_pk),
    "appointments:book-confirm": Rule(allowed=only(TEAM_A_STAFF, 302), kwargs=su_pk),
    "appointments:appointment": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
    "appointments:move": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
    "appointments:cancel": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
    "appointments:outcome": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
    "appointments:send-link": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
    "appointments:arranged": Rule(allowed=TEAM_A, kwargs=appointment_pk()),
}

OTHER_OBJECT: dict[str, Rule] = {
    "appointments:person": Rule(allowed=TEAM_B, kwargs=other_su_pk),
    "appointments:book": Rule(allowed=TEAM_B, kwargs=other_su_pk),
    "appointments:book-slot": Rule(allowed=only(("outsider",), 302), kwargs=other_su_pk),
    "appointments:book-confirm": Rule(allowed=only(("outsider",), 302), kwargs=other_su_pk),
    "appointments:appointment": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:move": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:cancel": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:outcome": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:send-link": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:arranged": Rule(allowed=TEAM_B, kwargs=appointment_pk(other=True)),
    "appointments:session-end": Rule(allowed=TEAM_B, kwargs=session_pk(other=True)),
}
