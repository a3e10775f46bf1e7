"""The worklist's reads, built on the access module's scopes (issue 23)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tandem.access import scopes
from tandem.people.models import User
from tandem.worklist.models import WorkItem


def work_items_visible_to(user: User) -> QuerySet[WorkItem]:
    """Tasks for the user's teams; those raised for managers only to the team's managers."""
    if not user.is_authenticated or not user.is_staff_member:
        return WorkItem.objects.none()
    return WorkItem.objects.filter(
        Q(team__in=scopes.teams_of(user), for_managers=False)
        | Q(team__in=scopes.managed_teams(user))
    ).select_related("team", "service_user")
