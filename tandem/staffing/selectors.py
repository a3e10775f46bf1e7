"""Reads for staff accounts, for the service administrator (ADR 0005).

Only a service administrator sees staff accounts here; anyone else gets the
same 404 as a missing page. The invitation page is reached by its token alone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tandem.access.records import NOT_FOUND
from tandem.people.models import CareTeam, StaffMember, TeamMembership, User
from tandem.staffing.models import AuthenticatorReset, Leaving, StaffInvitation
from tandem.web.tokens import digest

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
    found = staff_for_admin(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


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
    return Leaving.objects.filter(applied_at__isnull=True, leaves_on__lte=today).exists()
