"""Reads for staff accounts, for the service administrator (ADR 0005).

Only a service administrator sees staff accounts here; anyone else gets the
same 404 as a missing page. The invitation page is reached by its token alone.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tandem.access.records import NOT_FOUND
from tandem.errors import found_or_404
from tandem.people.models import CareTeam, CaseloadEntry, StaffMember, TeamMembership, User
from tandem.people.roles import Question, Role
from tandem.staffing.models import AuthenticatorReset, Leaving, StaffInvitation
from tandem.web.tokens import digest
from tandem.worklist.models import WorkItem, WorkKind

CONFIGURE = "people.configure_service"


def may_manage_staff(user: User) -> bool:
    return user.is_authenticated and user.has_perm(CONFIGURE)


def staff_for_admin(user: User) -> QuerySet[StaffMember]:
    """Every staff account, with what the list shows, in name order."""
    if not may_manage_staff(user):
        return StaffMember.objects.none()
    return (
        StaffMember.objects.select_related("user", "leaving")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=TeamMembership.objects.select_related("team").order_by("team__name"),
            )
        )
        .order_by("user__full_name", "pk")
    )


def staff_member_for_admin(user: User, *, pk: int) -> StaffMember:
    return found_or_404(staff_for_admin(user).filter(pk=pk).first())


def teams_for_admin(user: User) -> QuerySet[CareTeam]:
    if not may_manage_staff(user):
        return CareTeam.objects.none()
    return CareTeam.objects.order_by("name")


def latest_invitation(staff: StaffMember) -> StaffInvitation | None:
    return StaffInvitation.objects.filter(staff=staff).first()


def resets_of(staff: StaffMember) -> list[AuthenticatorReset]:
    return list(AuthenticatorReset.objects.filter(staff=staff).select_related("reset_by")[:10])


def leaving_of(staff: StaffMember) -> Leaving | None:
    return Leaving.objects.filter(staff=staff).first()


def usable_invitation(token: str, *, for_update: bool = False) -> StaffInvitation | None:
    """The invitation a link stands for, if it can still be used.

    Looked up by the token's SHA-256, so what is compared is a hash the
    visitor cannot choose, and the raw token is never stored. ``for_update``
    locks it, for the service that uses it up.
    """
    found = StaffInvitation.objects.filter(token_hash=digest(token)).select_related("staff__user")
    invitation = (found.select_for_update() if for_update else found).first()
    if invitation is None or not invitation.is_usable():
        return None
    if (
        not invitation.staff.user.is_active
        or Leaving.objects.filter(staff=invitation.staff).exists()
    ):
        return None
    return invitation


def leaving_due(today: dt.date) -> bool:
    """Whether any leaving dated ``today`` or earlier has not yet taken effect."""
    return due_leavings(today).exists()


def leaving_due_asked(today: dt.date, vendor: str) -> Question:
    """The same question as SQL, so a signed-in request asks it in the query that
    reads the account's roles (issue 18: one query fewer a page). Built by the
    ORM from ``due_leavings`` once a day per process and database (ADR 0085):
    the one definition of a due leaving, not a copy of it."""
    return _leaving_due_sql(today, vendor)


@functools.lru_cache(maxsize=4)
def _leaving_due_sql(today: dt.date, vendor: str) -> Question:
    del vendor  # the key only: the SQL is the default database's
    sql, values = due_leavings(today).values("pk").query.sql_with_params()
    return f"EXISTS ({sql})", tuple(values)


def due_leavings(today: dt.date) -> QuerySet[Leaving]:
    return Leaving.objects.filter(applied_at__isnull=True, leaves_on__lte=today)


# --- Handing over a leaver's people (team managers) -------------------------------


def handover_key(service_user_id: int) -> str:
    """The about_key of a person's open 'Hand over' task (one per person and team)."""
    return f"handover:{service_user_id}"


def managed_team_ids(user: User) -> list[int]:
    return list(
        TeamMembership.objects.filter(
            staff__user=user, role=TeamMembership.Role.MANAGER, staff__user__is_active=True
        ).values_list("team_id", flat=True)
    )


def handovers_for(user: User, *, service_user_id: int) -> list[CaseloadEntry]:
    """The person's places on caseloads, in teams ``user`` manages, that wait
    for a new care coordinator (an open 'Hand over' task).

    Only a team manager has any, and the roles are already known for the
    request, so anyone else's person page asks nothing here; a manager's asks
    one query, not three (issue 18)."""
    if Role.MANAGER not in user.roles:
        return []
    managed = TeamMembership.objects.filter(
        staff__user=user, role=TeamMembership.Role.MANAGER, staff__user__is_active=True
    ).values("team_id")
    waiting = WorkItem.objects.filter(
        kind=WorkKind.CASELOAD_WITHOUT_COVER,
        about_key=handover_key(service_user_id),
        done_at__isnull=True,
        team_id__in=managed,
    ).values("team_id")
    return list(
        CaseloadEntry.objects.select_related("team", "service_user")
        .filter(service_user_id=service_user_id, team_id__in=waiting, closed_on__isnull=True)
        .order_by("team__name")
    )


def handover_for(user: User, *, pk: int) -> CaseloadEntry:
    """One such place by its id, or the same 404 as a missing one."""
    entry = CaseloadEntry.objects.filter(pk=pk).values_list("service_user_id", flat=True).first()
    found = [e for e in handovers_for(user, service_user_id=entry) if e.pk == pk] if entry else []
    if not found:
        raise Http404(NOT_FOUND)
    return found[0]


def new_coordinators_for(entry: CaseloadEntry) -> list[StaffMember]:
    """Who may take the person on: active members of the team who are not
    leaving, other than the coordinator being replaced."""
    return list(
        StaffMember.objects.select_related("user")
        .filter(memberships__team=entry.team, user__is_active=True, leaving__isnull=True)
        .exclude(pk=entry.care_coordinator_id or 0)
        .order_by("user__full_name", "pk")
    )
