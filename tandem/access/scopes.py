"""Scoped querysets: the only way personal data is read.

Each function returns what ``user`` may see and nothing else. Views, tasks and
APIs call these (or the getters in ``records``); a test fails the build if a
view module touches a model manager directly.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tandem.people.models import (
    Carer,
    CarerLink,
    CareTeam,
    CaseloadEntry,
    ServiceUser,
    StaffMember,
    TeamMembership,
    User,
)
from tandem.people.roles import Role


def teams_of(user: User, *, role: str | None = None) -> QuerySet[CareTeam]:
    """Teams the user belongs to as staff (optionally only where they hold ``role``)."""
    if not user.is_authenticated or not hasattr(user, "staff"):
        return CareTeam.objects.none()
    memberships = TeamMembership.objects.filter(staff=user.staff)
    if role is not None:
        memberships = memberships.filter(role=role)
    return CareTeam.objects.filter(pk__in=memberships.values("team_id"))


def open_entries_in_teams(teams: QuerySet[CareTeam]) -> QuerySet[CaseloadEntry]:
    return CaseloadEntry.objects.filter(team__in=teams, closed_on__isnull=True)


def sees_own_record(user: User) -> bool:
    """Whether ``user`` sees their own service-user record: signed in, active and
    holding the service user role. The one rule for it, used by the scope below
    and by ``records.own_service_user``, which takes the row read with the roles."""
    return user.is_authenticated and user.is_active and Role.SERVICE_USER in user.roles


def service_users_visible_to(user: User) -> QuerySet[ServiceUser]:
    """Service users this person may see: themselves, those who linked them as a
    carer, or those open to a team they work in."""
    if not user.is_authenticated or not user.is_active:
        return ServiceUser.objects.none()
    roles = user.roles
    condition: Any = Q(pk__in=[])  # Q and Exists combine with |
    if sees_own_record(user):
        condition |= Q(user=user)
    if Role.CARER in roles:
        condition |= Exists(
            CarerLink.objects.filter(
                service_user=OuterRef("pk"), carer__user=user, withdrawn_at__isnull=True
            )
        )
    if roles & {Role.CLINICIAN, Role.MANAGER}:
        condition |= Exists(
            open_entries_in_teams(teams_of(user)).filter(service_user=OuterRef("pk"))
        )
    return ServiceUser.objects.filter(condition)


def service_users_open_to(teams: QuerySet[CareTeam]) -> QuerySet[ServiceUser]:
    """People open to any of ``teams``: what an API client registered for those
    teams may see (issue 21, ADR 0037); the same rule as a clinician's caseload."""
    return ServiceUser.objects.filter(
        Exists(open_entries_in_teams(teams).filter(service_user=OuterRef("pk")))
    )


def caseload_entries_of(user: User, *, coordinated_only: bool = False) -> QuerySet[CaseloadEntry]:
    """Open caseload entries in the user's teams (or only those they coordinate)."""
    entries = open_entries_in_teams(teams_of(user))
    if coordinated_only:
        # By the staff member's id, not through a join on their user: PostgreSQL
        # then plans from the coordinator's own entries (its statistics know how
        # many) instead of reading every open entry of the team (issue 18).
        staff = getattr(user, "staff", None)
        entries = entries.filter(care_coordinator=staff) if staff is not None else entries.none()
    return entries


def caseload_of(user: User, *, coordinated_only: bool = False) -> QuerySet[ServiceUser]:
    """People open to the user's teams (or only those they coordinate), in name order.

    Built on ServiceUser rather than on caseload entries so the database can
    walk the name index and stop after one page, however large the team.
    """
    entries = caseload_entries_of(user, coordinated_only=coordinated_only)
    return ServiceUser.objects.filter(Exists(entries.filter(service_user=OuterRef("pk")))).order_by(
        "family_name", "given_name", "pk"
    )


def carer_links_visible_to(user: User) -> QuerySet[CarerLink]:
    """Active carer links the user is party to, or that staff see for their teams' people."""
    if not user.is_authenticated:
        return CarerLink.objects.none()
    active = CarerLink.objects.filter(withdrawn_at__isnull=True).select_related(
        "carer", "service_user"
    )
    roles = user.roles
    condition = Q(pk__in=[])
    if Role.CARER in roles:
        condition |= Q(carer__user=user)
    if roles & ({Role.SERVICE_USER, Role.CLINICIAN, Role.MANAGER}):
        condition |= Q(service_user__in=service_users_visible_to(user).values("pk"))
    return active.filter(condition)


def carers_visible_to(user: User) -> QuerySet[Carer]:
    return Carer.objects.filter(pk__in=carer_links_visible_to(user).values("carer_id"))


def staff_visible_to(user: User) -> QuerySet[StaffMember]:
    """Staff directory: any member of staff sees colleagues in their organisation."""
    if not user.is_authenticated or not user.is_staff_member:
        return StaffMember.objects.none()
    organisations = CareTeam.objects.filter(staff=user.staff).values("organisation_id")
    return (
        StaffMember.objects.filter(
            Q(teams__organisation__in=organisations) | Q(is_service_admin=True)
        )
        .distinct()
        .select_related("user")
    )


def managed_teams(user: User) -> QuerySet[CareTeam]:
    return teams_of(user, role=TeamMembership.Role.MANAGER)


def staff_manageable_by(user: User) -> QuerySet[StaffMember]:
    """Staff whose availability ``user`` may manage: themselves, and anyone in a
    team they manage."""
    if not user.is_authenticated or not user.is_staff_member:
        return StaffMember.objects.none()
    return (
        StaffMember.objects.filter(
            Q(pk=user.staff.pk) | Q(memberships__team__in=managed_teams(user))
        )
        .distinct()
        .select_related("user")
    )
