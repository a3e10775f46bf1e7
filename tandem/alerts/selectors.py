"""Who may see a team's alerts and change its alert settings (moved here from
tandem.access.alerts, issue 23).

- Alerts: staff (clinicians and managers) of the team the alert was raised
  for, and nobody else. Service users, carers, the service admin and other
  teams get the same 404 as an alert that does not exist. Opening an alert
  is an audited read, so the person sees it in 'who has looked at my record'.
- Settings (response window, duty clinician, detector thresholds): the
  team's managers.
"""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.access import records, scopes
from tandem.alerts.models import Alert
from tandem.errors import found_or_404
from tandem.people.models import CareTeam, User
from tandem.people.roles import Role

STAFF_ROLES = frozenset({Role.CLINICIAN, Role.MANAGER})


def is_team_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.roles & STAFF_ROLES)


def alert_teams(user: User) -> QuerySet[CareTeam]:
    """Teams whose alerts ``user`` sees: the ones they work in."""
    if not is_team_staff(user):
        return CareTeam.objects.none()
    return scopes.teams_of(user)


def alerts_visible_to(user: User) -> QuerySet[Alert]:
    if not is_team_staff(user):
        return Alert.objects.none()
    return Alert.objects.filter(team__in=scopes.teams_of(user))


def alert_for(user: User, *, pk: int, what: str) -> Alert:
    """One alert for ``user``, the read audited; 404 if missing or not theirs."""
    return records.fetch_one(
        alerts_visible_to(user).select_related(
            "team", "service_user", "acknowledged_by", "closed_by", "response"
        ),
        actor=user,
        what=what,
        pk=pk,
    )


def settings_teams(user: User) -> QuerySet[CareTeam]:
    """Teams whose alert settings ``user`` may change: the ones they manage."""
    if not is_team_staff(user):
        return CareTeam.objects.none()
    return scopes.managed_teams(user)


def settings_team_for(user: User, *, pk: int) -> CareTeam:
    return found_or_404(settings_teams(user).filter(pk=pk).first())
