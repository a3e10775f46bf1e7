"""Access matrix for group programmes (tandem/groups/urls.py, ADR 0053).

- The list answers clinicians and managers (each sees their own teams' groups).
- Setting up a group answers managers only.
- A programme's page, enrolling and taking someone out answer the staff of the
  programme's team; another team's programme is the same 404 as a missing one.
- Adding a session, a session's register and cancelling it answer the programme's facilitators
  (Dr Lee and Jordan Patel here) and the team's managers.
- Service users and carers see group sessions among their appointments, never
  these pages.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.groups import enrolling, setting_up
from tandem.groups.models import GroupProgramme, JoinsBy, Way
from tandem.people.models import CareTeam, TeamMembership
from tests.access.matrix_rules import CLINICAL_STAFF, TEAM_A_STAFF, Rule, only
from tests.personas import Personas


def _programme(p: Personas, team: CareTeam) -> GroupProgramme:
    manager = p.manager
    if team != p.team_a:
        TeamMembership.objects.create(staff=p.manager.staff, team=team, role="manager")
    facilitators = (
        [p.clinician.staff, p.colleague.staff] if team == p.team_a else [p.outsider.staff]
    )
    programme = setting_up.create_programme(
        actor=manager,
        new=setting_up.NewProgramme(
            team=team,
            name="Managing anxiety skills group",
            purpose="Skills for managing anxiety",
            capacity=6,
            way=Way.VIDEO,
            facilitators=facilitators,
            site=None,
            room=None,
            first_starts_at=(timezone.now() + dt.timedelta(days=7)).replace(
                second=0, microsecond=0
            ),
            minutes=90,
            sessions=2,
        ),
    )
    if team != p.team_a:
        TeamMembership.objects.filter(staff=p.manager.staff, team=team).delete()
    return programme


def programme_pk(p: Personas, team: CareTeam | None = None) -> dict[str, int]:
    return {"pk": _programme(p, team or p.team_a).pk}


def session_pk(p: Personas, team: CareTeam | None = None) -> dict[str, int]:
    programme = _programme(p, team or p.team_a)
    first = programme.sessions.first()
    assert first is not None
    return {"pk": first.pk}


def place_pk(p: Personas) -> dict[str, int]:
    programme = _programme(p, p.team_a)
    result = enrolling.enrol(
        actor=p.clinician, programme=programme, service_user=p.su, joins_by=JoinsBy.VIDEO
    )
    return {"pk": result.enrolment.pk}


def other_place_pk(p: Personas) -> dict[str, int]:
    """Kit Moreno's place in a team B group."""
    programme = _programme(p, p.team_b)
    result = enrolling.enrol(
        actor=p.outsider, programme=programme, service_user=p.other_su, joins_by=JoinsBy.VIDEO
    )
    return {"pk": result.enrolment.pk}


FACILITATORS = only(("clinician", "colleague", "manager"))

MATRIX: dict[str, Rule] = {
    "groups:programmes": Rule(allowed=only(CLINICAL_STAFF)),
    "groups:create": Rule(allowed=only(("manager",))),
    "groups:programme": Rule(allowed=only(TEAM_A_STAFF), kwargs=programme_pk),
    "groups:enrol": Rule(allowed=only(TEAM_A_STAFF), kwargs=programme_pk),
    "groups:add-session": Rule(allowed=FACILITATORS, kwargs=programme_pk),
    "groups:leave": Rule(allowed=only(TEAM_A_STAFF), kwargs=place_pk),
    "groups:register": Rule(allowed=FACILITATORS, kwargs=session_pk),
    "groups:cancel-session": Rule(allowed=FACILITATORS, kwargs=session_pk),
}

OTHER_OBJECT: dict[str, Rule] = {
    "groups:programme": Rule(
        allowed=only(("outsider",)), kwargs=lambda p: programme_pk(p, p.team_b)
    ),
    "groups:leave": Rule(allowed=only(("outsider",)), kwargs=other_place_pk),
    "groups:add-session": Rule(
        allowed=only(("outsider",)), kwargs=lambda p: programme_pk(p, p.team_b)
    ),
    "groups:register": Rule(allowed=only(("outsider",)), kwargs=lambda p: session_pk(p, p.team_b)),
}
