"""Access matrix for questionnaires (tandem/measures/urls.py).

- 'Your questionnaires' pages are the signed-in service user's own: Sam's
  schedule and result answer Sam only (Kit gets 404).
- Staff pages answer staff in a team the person is open to (clinicians and
  the manager), and nobody else: the outsider gets 404 for Sam, and only the
  outsider reaches Kit's. Carers see nothing here.
- The questionnaires themselves (definitions) are the service admin's.
"""

from __future__ import annotations

from tandem.measures.tests.helpers import answer, builtin, phq9_answers, schedule_for
from tests.access.matrix_rules import (
    SERVICE_USERS,
    TEAM_A_STAFF,
    Rule,
    only,
    other_su_pk,
    su_pk,
)
from tests.personas import Personas


def sams_schedule(p: Personas) -> dict[str, int]:
    schedule = schedule_for(p.su, p.team_a, builtin("phq9"), p.clinician)
    return {"pk": schedule.pk}


def kits_schedule(p: Personas) -> dict[str, int]:
    schedule = schedule_for(p.other_su, p.team_b, builtin("phq9"), p.outsider)
    return {"pk": schedule.pk}


def sams_response(p: Personas) -> dict[str, int]:
    phq9 = builtin("phq9")
    schedule = schedule_for(p.su, p.team_a, phq9, p.clinician)
    return {"pk": answer(p.service_user, p.su, phq9, phq9_answers(), schedule=schedule).pk}


def kits_response(p: Personas) -> dict[str, int]:
    phq9 = builtin("phq9")
    return {"pk": answer(p.outsider, p.other_su, phq9, phq9_answers(), team=p.team_b).pk}


def fill_for_sam(p: Personas) -> dict[str, int]:
    return {"pk": p.su.pk, "instrument_pk": builtin("phq9").pk}


def fill_for_kit(p: Personas) -> dict[str, int]:
    return {"pk": p.other_su.pk, "instrument_pk": builtin("phq9").pk}


def phq9_pk(p: Personas) -> dict[str, int]:
    return {"pk": builtin("phq9").pk}


TEAM_A = only(TEAM_A_STAFF)
ADMIN = Rule(allowed=only(("admin",)))

MATRIX: dict[str, Rule] = {
    "measures:mine": Rule(allowed=only(SERVICE_USERS)),
    "measures:fill": Rule(allowed=only(("service_user",)), kwargs=sams_schedule),
    "measures:result": Rule(allowed=only(("service_user",)), kwargs=sams_response),
    "measures:staff-person": Rule(allowed=TEAM_A, kwargs=su_pk),
    "measures:staff-ask": Rule(allowed=TEAM_A, kwargs=su_pk),
    "measures:staff-fill": Rule(allowed=TEAM_A, kwargs=fill_for_sam),
    "measures:staff-end-schedule": Rule(allowed=TEAM_A, kwargs=sams_schedule),
    "measures:staff-response": Rule(allowed=TEAM_A, kwargs=sams_response),
    "measures:instruments": ADMIN,
    "measures:add-instrument": ADMIN,
    "measures:instrument": Rule(allowed=only(("admin",)), kwargs=phq9_pk),
}

OTHER_OBJECT: dict[str, Rule] = {
    "measures:fill": Rule(allowed=only(("other_service_user",)), kwargs=kits_schedule),
    "measures:result": Rule(allowed=only(("other_service_user",)), kwargs=kits_response),
    "measures:staff-person": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "measures:staff-ask": Rule(allowed=only(("outsider",)), kwargs=other_su_pk),
    "measures:staff-fill": Rule(allowed=only(("outsider",)), kwargs=fill_for_kit),
    "measures:staff-end-schedule": Rule(allowed=only(("outsider",)), kwargs=kits_schedule),
    "measures:staff-response": Rule(allowed=only(("outsider",)), kwargs=kits_response),
}
