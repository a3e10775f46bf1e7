"""Access matrix for care plans (tandem/careplans/urls.py).

- 'Your care plan' pages are the signed-in service user's own, plan or no plan.
  Answering whether they agree is a form post only (405 to a GET, for anyone).
  Commenting on a version answers Sam for his own versions; a version number
  he does not have is 404.
- Staff pages (including recording the person's answer on their behalf)
  answer staff in a team the person is open to (clinicians and the manager),
  and nobody else: the outsider gets 404 for Sam, and only the
  outsider reaches Kit's.
- A carer reads the plan only while their link stands with 'see the care
  plan': Alex was not given it, so 404, until Sam allows it; withdrawn, 404
  again. 'See the safety plan' alone does not open it.
"""

from __future__ import annotations

from django.utils import timezone

from tandem.careplans.tests.helpers import write_plan
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
    write_plan(p.clinician, p.su)
    return {"pk": p.su.pk}


def sams_version(p: Personas) -> dict[str, int]:
    write_plan(p.clinician, p.su)
    return {"number": 1}


def shared_with_alex(p: Personas) -> dict[str, int]:
    p.carer_link.can_see_care_plan = True
    p.carer_link.save()
    return sams_plan(p)


def only_the_safety_plan_shared(p: Personas) -> dict[str, int]:
    p.carer_link.can_see_safety_plan = True
    p.carer_link.save()
    return sams_plan(p)


def shared_then_withdrawn(p: Personas) -> dict[str, int]:
    kwargs = shared_with_alex(p)
    p.carer_link.withdrawn_at = timezone.now()
    p.carer_link.save()
    return kwargs


OWN = Rule(allowed=only(SERVICE_USERS))
NOBODY: dict[str, int] = {}
TEAM_A = Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_plan)

MATRIX: dict[str, Rule] = {
    "careplans:mine": OWN,
    "careplans:agree": Rule(allowed={}, default=405, anonymous=405),
    "careplans:change": OWN,
    "careplans:history": OWN,
    "careplans:pdf": OWN,
    # Sam has version 1; Kit has none, so hers is 404.
    "careplans:comment": Rule(allowed=only(("service_user",)), kwargs=sams_version),
    # Alex was not given 'see the care plan'.
    "careplans:carer-plan": Rule(allowed=NOBODY, kwargs=sams_plan),
    "careplans:carer-pdf": Rule(allowed=NOBODY, kwargs=sams_plan),
    "careplans:staff-plan": TEAM_A,
    "careplans:staff-change": TEAM_A,
    "careplans:staff-history": TEAM_A,
    "careplans:staff-pdf": TEAM_A,
    # Recording Sam's answer on his behalf: his care team only.
    "careplans:staff-answer": TEAM_A,
}

OTHER_OBJECT: dict[str, Rule] = {
    "careplans:carer-plan#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "careplans:carer-pdf#shared": Rule(allowed=only(("carer",)), kwargs=shared_with_alex),
    "careplans:carer-plan#safety-plan-only": Rule(
        allowed=NOBODY, kwargs=only_the_safety_plan_shared
    ),
    "careplans:carer-plan#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "careplans:carer-pdf#withdrawn": Rule(allowed=NOBODY, kwargs=shared_then_withdrawn),
    "careplans:carer-plan": Rule(allowed=NOBODY, kwargs=other_su_pk),
    "careplans:staff-plan": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "careplans:staff-change": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "careplans:staff-history": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "careplans:staff-pdf": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "careplans:staff-plan#no-plan": Rule(allowed=only(TEAM_A_STAFF), kwargs=su_pk),
    "careplans:comment#no-such-version": Rule(allowed=NOBODY, kwargs=lambda p: {"number": 9}),
}
