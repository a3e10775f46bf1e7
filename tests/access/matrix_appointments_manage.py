"""Access matrix for managing appointments: referrals, contact plans, discharge,
the waiting list, continuity, workload and team settings.

Person pages are for staff of a team the person is open to; manager pages for
managers of the team (the manager persona manages team A only); the waiting
list for any clinical staff, showing their own teams. Service users and the
carer get 404 everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from tandem.appointments.models import AppointmentType, Site
from tandem.people.models import Organisation
from tests.access.matrix_rules import (
    CLINICAL_STAFF,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas

Kwargs = Callable[[Personas], dict[str, int]]
MANAGER = only(("manager",))
NOBODY: dict[str, int] = {}


def team_a(p: Personas) -> dict[str, int]:
    return {"pk": p.team_a.pk}


def team_b(p: Personas) -> dict[str, int]:
    return {"pk": p.team_b.pk}


def type_in(*, other: bool) -> Kwargs:
    def kwargs(p: Personas) -> dict[str, int]:
        made = AppointmentType.objects.create(
            team=p.team_b if other else p.team_a,
            name="Synthetic check-in",
            kind="check_in",
            duration_minutes=30,
        )
        return {"pk": made.pk}

    return kwargs


def site_in(*, other: bool) -> Kwargs:
    def kwargs(p: Personas) -> dict[str, int]:
        organisation = (
            Organisation.objects.create(name="Another synthetic trust") if other else p.organisation
        )
        made = Site.objects.create(
            organisation=organisation,
            name="Synthetic Centre",
            address="2 Example Road, Leeds",
            postcode="LS2 9ZZ",
        )
        return {"pk": made.pk}

    return kwargs


MATRIX: dict[str, Rule] = {
    "appointments:referral-add": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "appointments:contact-plan": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "appointments:discharge": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "appointments:waiting-list": Rule(allowed=only(CLINICAL_STAFF)),
    "appointments:continuity": Rule(allowed=MANAGER),
    "appointments:workload": Rule(allowed=MANAGER),
    "appointments:team-rules": Rule(allowed=MANAGER, kwargs=team_a),
    "appointments:types": Rule(allowed=MANAGER, kwargs=team_a),
    "appointments:type-add": Rule(allowed=MANAGER, kwargs=team_a),
    "appointments:type-change": Rule(allowed=MANAGER, kwargs=type_in(other=False)),
    "appointments:sites": Rule(allowed=MANAGER),
    "appointments:site-add": Rule(allowed=MANAGER),
    "appointments:room-add": Rule(allowed=MANAGER, kwargs=site_in(other=False)),
}

# The other team's person and settings, and a site in another organisation:
# the outsider is staff of team B but manages nothing, so only person pages open.
OTHER_OBJECT: dict[str, Rule] = {
    "appointments:referral-add": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "appointments:contact-plan": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "appointments:discharge": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "appointments:team-rules": Rule(allowed=NOBODY, kwargs=team_b),
    "appointments:types": Rule(allowed=NOBODY, kwargs=team_b),
    "appointments:type-add": Rule(allowed=NOBODY, kwargs=team_b),
    "appointments:type-change": Rule(allowed=NOBODY, kwargs=type_in(other=True)),
    "appointments:room-add": Rule(allowed=NOBODY, kwargs=site_in(other=True)),
}
