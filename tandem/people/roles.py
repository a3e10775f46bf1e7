"""The roles a signed-in person can hold, derived from their profiles.

Roles are derived rather than stored so they cannot drift from the data that
grants them (a carer link, a team membership).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tandem.people.models import User


class Role(enum.StrEnum):
    SERVICE_USER = "service_user"
    CARER = "carer"
    CLINICIAN = "clinician"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


# The two a service user or carer reads are marked for translation (ADR 0061).
ROLE_LABELS: dict[Role, str | Promise] = {
    Role.SERVICE_USER: _("Service user"),
    Role.CARER: _("Carer"),
    Role.CLINICIAN: "Clinician",
    Role.MANAGER: "Team manager",
    Role.ADMIN: "Service administrator",
}
STAFF_ROLES = frozenset({Role.CLINICIAN, Role.MANAGER, Role.ADMIN})
# When someone holds several roles, the home page of the first one here is theirs.
HOME_ORDER = (Role.MANAGER, Role.CLINICIAN, Role.ADMIN, Role.CARER, Role.SERVICE_USER)


def roles_of(user: User) -> frozenset[Role]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_tandem_roles", None)
    if cached is not None:
        return cached
    roles: set[Role] = set()
    if hasattr(user, "service_user"):
        roles.add(Role.SERVICE_USER)
    if hasattr(user, "carer"):
        roles.add(Role.CARER)
    staff = getattr(user, "staff", None)
    if staff is not None:
        if staff.is_service_admin:
            roles.add(Role.ADMIN)
        kinds = set(staff.memberships.values_list("role", flat=True))
        if "clinician" in kinds:
            roles.add(Role.CLINICIAN)
        if "manager" in kinds:
            roles.add(Role.MANAGER)
    result = frozenset(roles)
    user._tandem_roles = result  # type: ignore[attr-defined]
    return result


def primary_role(user: User) -> Role | None:
    held = roles_of(user)
    return next((role for role in HOME_ORDER if role in held), None)


def role_and_team(user: User) -> tuple[str, str]:
    """The role and teams an audit row records for its actor (handed to
    tandem.audit in PeopleConfig.ready)."""
    role = primary_role(user)
    team = ""
    staff = getattr(user, "staff", None)
    if staff is not None:
        team = ", ".join(sorted(staff.teams.values_list("name", flat=True)))
    return role.label if role else "", team
