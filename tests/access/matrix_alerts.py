"""Access matrix for alerts (tandem/alerts/urls.py).

- The queue answers staff (clinicians and managers) in any team; each sees
  only their teams' alerts (tandem/alerts/tests/test_queue.py).
- An alert answers the staff of the team it was raised for: team A's for
  Sam's, only the outsider (team B) for Kit's. Service users, carers and the
  service admin never reach one.
- A team's alert settings answer that team's managers only.

Alerts are made the way they are in use, with ``raise_alert``.
"""

from __future__ import annotations

from tandem.alerts.models import AlertKind
from tandem.alerts.raising import raise_alert
from tandem.people.models import CareTeam, ServiceUser
from tests.access.matrix_rules import CLINICAL_STAFF, TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def _alert(team: CareTeam, person: ServiceUser) -> dict[str, int]:
    alert = raise_alert(
        team=team,
        service_user=person,
        kind=AlertKind.MISSED_CHECK_INS,
        summary="5 check-ins missed in a row",
        reasons=["No diary entry for the last 5 agreed days"],
        about_key=f"missed:{person.pk}",
    )
    return {"pk": alert.pk}


def sams_alert(p: Personas) -> dict[str, int]:
    return _alert(p.team_a, p.su)


def kits_alert(p: Personas) -> dict[str, int]:
    return _alert(p.team_b, p.other_su)


def team_a(p: Personas) -> dict[str, int]:
    return {"pk": p.team_a.pk}


def team_b(p: Personas) -> dict[str, int]:
    return {"pk": p.team_b.pk}


MATRIX: dict[str, Rule] = {
    "alerts:queue": Rule(allowed=only(CLINICAL_STAFF)),
    "alerts:alert": Rule(allowed=only(TEAM_A_STAFF), kwargs=sams_alert),
    "alerts:settings": Rule(allowed=only(("manager",)), kwargs=team_a),
}

OTHER_OBJECT: dict[str, Rule] = {
    "alerts:alert": Rule(allowed=only(("outsider",)), kwargs=kits_alert),
    # Team B has no manager among the personas; the outsider is a clinician there.
    "alerts:settings": Rule(allowed={}, kwargs=team_b),
}
