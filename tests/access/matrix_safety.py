"""Access matrix for safety plans (tandem/safety/urls.py).

- 'Your safety plan' pages are the signed-in service user's own, plan or no plan.
- Staff pages answer staff in a team the person is open to (clinicians and the
  manager), and nobody else: the outsider gets 404 for Sam, and only the
  outsider reaches Kit's.
- A carer reads the plan only while their link stands with 'see the safety
  plan': Alex was not given it, so 404, until Sam allows it; withdrawn, 404
  again.
- Team crisis contacts answer the team's managers only.
"""

from __future__ import annotations

from django.utils import timezone

from tandem.safety.tests.helpers import write_plan
from tests.access.matrix_rules import (
    SERVICE_USERS,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas


def sams_plan(p: Personas) -> dict[str, int]:
    write_plan(p.service_user, p.su)
    return {"pk": p.su.pk}


def shared_with_alex(p: Personas) -> dict[str, int]:
    p.carer_link.can_see_safety_plan = True
    p.carer_link.save()
    return sams_plan(p)


def shared_then_withdrawn(p: Personas) -> dict[str, int]:
    kwargs = shared_with_alex(p)
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return kwargs


def team_a(p: Personas) -> dict[str, int]:
    return {"pk": p.team_a.pk}


def team_b(p: Personas) -> dict[str, int]:
    return {"pk": p.team_b.pk}


OWN = Rule(allowed=only(SERVICE_USERS))
NOBODY: dict[str, int] = {}
TEAM_A = Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_plan)

MATRIX: dict[str, Rule] = {
    "safety:mine": OWN,
    "safety:change": OWN,
    "safety:history": OWN,
    "safety:pdf": OWN,
    # Alex was not given 'see the safety plan'.
    "safety:carer-plan": Rule(allowed=NOBODY, kwargs=sams_plan),
    "safety:carer-pdf": Rule(allowed=NOBODY, kwargs=sams_plan),
    "safety:staff-plan": TEAM_A,
    "safety:staff-change": TEAM_A,
    "safety:staff-history": TEAM_A,
    "safety:staff-pdf": TEAM_A,
    "safety:staff-review": TEAM_A,
    "safety:crisis-teams": Rule(allowed=only(("manager",))),
    "safety:team-crisis-contacts": Rule(allowed=only(("manager",)), kwargs=team_a),
}

OTHER_OBJECT: dict[str, Rule] = {
    "safety:carer-plan#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "safety:carer-pdf#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "safety:carer-plan#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "safety:carer-pdf#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "safety:carer-plan": Rule(allowed=NOBODY, kwargs=other_su_pk),
    "safety:staff-plan": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "safety:staff-change": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "safety:staff-history": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "safety:staff-pdf": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    # With no plan written yet there is nothing to review: back to the plan.
    "safety:staff-review": Rule(allowed=only(("outsider",), 302), kwargs=other_su_pk),
    "safety:staff-plan#no-plan": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "safety:team-crisis-contacts": Rule(allowed=NOBODY, kwargs=team_b),
}
