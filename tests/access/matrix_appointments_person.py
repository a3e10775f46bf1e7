"""Access matrix for the service user's and carer's appointment pages and the
single-use links (tandem/appointments/urls_person.py).

- ``me/...`` pages are for the service user whose appointment it is; anyone
  else, staff included, gets the standard 404.
- ``self-book-slot``, ``self-book-confirm`` and ``ask-face-to-face`` without a
  chosen type send a service user back to the first step (302).
- The link page answers anyone, signed in or not, because the link and the
  person's date of birth are what let them in: a working link gives 200 (the
  date-of-birth question); its move and cancel steps send an unchecked visitor
  back to that question (302); a forged link gives the same 404 page as an
  expired, used or locked one, to everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from tandem.appointments import links
from tandem.appointments.models import Appointment, AppointmentType, BookedVia
from tandem.people.models import CareTeam, ServiceUser, StaffMember
from tests.access.matrix_rules import SERVICE_USERS, SIGNED_IN, Rule, only
from tests.personas import Personas

Kwargs = Callable[[Personas], dict[str, object]]


def appointment_of(person: ServiceUser, team: CareTeam, clinician: StaffMember) -> Appointment:
    kind = AppointmentType.objects.create(
        team=team, name="Check-in", kind="check_in", duration_minutes=30, self_bookable=True
    )
    starts = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=10)
    return Appointment.objects.create(
        service_user=person,
        team=team,
        clinician=clinician,
        appointment_type=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(minutes=30),
        modality="video",
        booked_via=BookedVia.STAFF,
    )


def sams(p: Personas) -> dict[str, object]:
    return {"pk": appointment_of(p.su, p.team_a, p.clinician.staff).pk}


def kits(p: Personas) -> dict[str, object]:
    return {"pk": appointment_of(p.other_su, p.team_b, p.outsider.staff).pk}


def working_link(p: Personas) -> dict[str, object]:
    appointment = appointment_of(p.su, p.team_a, p.clinician.staff)
    path = links.issue_link(appointment=appointment, actor=None)
    return {"token": path.rstrip("/").rsplit("/", 1)[-1]}


def forged_link(p: Personas) -> dict[str, object]:
    return {"token": "forged-" + "x" * 36}


SAM = Rule(allowed=only(("service_user",)), kwargs=sams)  # type: ignore[arg-type]
KIT = Rule(allowed=only(("other_service_user",)), kwargs=kits)  # type: ignore[arg-type]
BACK_TO_FIRST_STEP = Rule(allowed=only(SERVICE_USERS, 302))
LINK_OPEN = Rule(allowed=only(SIGNED_IN), anonymous=200, kwargs=working_link)  # type: ignore[arg-type]
LINK_UNCHECKED = Rule(allowed=only(SIGNED_IN, 302), anonymous=302, kwargs=working_link)  # type: ignore[arg-type]
LINK_FORGED = Rule(allowed={}, anonymous=404, kwargs=forged_link)  # type: ignore[arg-type]

MATRIX: dict[str, Rule] = {
    "appointments:mine": Rule(allowed=only(SERVICE_USERS)),
    "appointments:my-appointment": SAM,
    "appointments:my-confirm": SAM,
    "appointments:my-move": SAM,
    "appointments:my-cancel": SAM,
    "appointments:self-book": Rule(allowed=only(SERVICE_USERS)),
    "appointments:self-book-slot": BACK_TO_FIRST_STEP,
    "appointments:self-book-confirm": BACK_TO_FIRST_STEP,
    "appointments:ask-face-to-face": BACK_TO_FIRST_STEP,
    "appointments:carer": Rule(allowed=only(("carer",))),
    "appointments:link": LINK_OPEN,
    "appointments:link-move": LINK_UNCHECKED,
    "appointments:link-cancel": LINK_UNCHECKED,
}

OTHER_OBJECT: dict[str, Rule] = {
    "appointments:my-appointment": KIT,
    "appointments:my-confirm": KIT,
    "appointments:my-move": KIT,
    "appointments:my-cancel": KIT,
    "appointments:link#forged": LINK_FORGED,
    "appointments:link-move#forged": LINK_FORGED,
    "appointments:link-cancel#forged": LINK_FORGED,
}
