"""Who may see the equity and service insights: team managers, for the teams
they manage, and no one else.

The report holds no names, but it is built from clinical records (attendance,
questionnaire scores, demographics), so it follows the records' own rule:
only a person who manages a team sees figures about that team's people. The
service admin configures the service and sees no clinical records by that
role, so they do not see these figures either (ADR 0019). Clinicians, service
users and carers get the same 404 as a page that does not exist.
"""

from __future__ import annotations

from django.http import Http404

from tandem.access import records, scopes
from tandem.people.models import CareTeam, User
from tandem.people.roles import Role


def may_see_insights(user: User) -> bool:
    return user.is_authenticated and user.is_active and Role.MANAGER in user.roles


def teams_for(user: User) -> list[CareTeam]:
    """The teams whose figures ``user`` may see, by name."""
    if not may_see_insights(user):
        return []
    return list(scopes.managed_teams(user).order_by("name"))


def report_teams(user: User, *, team_pk: int | None) -> list[CareTeam]:
    """The teams a report covers: one the user manages, or all of them.

    404 when the user manages none, or asks for a team they do not manage.
    """
    teams = teams_for(user)
    if team_pk is not None:
        teams = [t for t in teams if t.pk == team_pk]
    if not teams:
        raise Http404(records.NOT_FOUND)
    return teams
