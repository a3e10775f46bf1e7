"""The roles a signed-in person can hold, derived from their profiles.

Roles are derived rather than stored so they cannot drift from the data that
grants them (a carer link, a team membership).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, cast

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


# The profiles a role comes from, each at most one row per account.
PROFILES = ("service_user", "carer", "staff")


def roles_of(user: User) -> frozenset[Role]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_tandem_roles", None)
    if cached is not None:
        return cached
    load_profiles(user)
    roles: set[Role] = set()
    if hasattr(user, "service_user"):
        roles.add(Role.SERVICE_USER)
    if hasattr(user, "carer"):
        roles.add(Role.CARER)
    staff = getattr(user, "staff", None)
    team_names: list[str] = []
    if staff is not None:
        if staff.is_service_admin:
            roles.add(Role.ADMIN)
        # The teams' names come with the kinds of membership: the audit row of
        # any write this person makes names them (role_and_team).
        memberships = list(staff.memberships.values_list("role", "team__name"))
        kinds = {kind for kind, _ in memberships}
        team_names = sorted(name for _, name in memberships)
        if "clinician" in kinds:
            roles.add(Role.CLINICIAN)
        if "manager" in kinds:
            roles.add(Role.MANAGER)
    result = frozenset(roles)
    user._tandem_roles = result  # type: ignore[attr-defined]
    user._tandem_team_names = team_names  # type: ignore[attr-defined]
    return result


def load_profiles(user: User) -> None:
    """Read the account's service-user, carer and staff rows in one query (not one
    each, on every signed-in page: issue 18), unless they have been read already.
    Each is then ``user.service_user`` and so on, as if read one by one."""
    from django.db.models import OneToOneRel

    # The account's own class, not an import of people.models, which imports this
    # module (issue 23: no cycle between files).
    model = type(user)
    relations = [cast(OneToOneRel, model._meta.get_field(name)) for name in PROFILES]
    if all(relation.is_cached(user) for relation in relations):
        return
    found = model.objects.select_related(*PROFILES).only("pk", *PROFILES).filter(pk=user.pk).first()
    for relation in relations:
        if relation.is_cached(user):
            continue
        # An account removed meanwhile has no profiles, as reading them one by one found.
        profile = relation.get_cached_value(found) if found is not None else None
        if profile is not None:
            # So ``user.staff.user`` is this same user, as a lazy read would make it.
            relation.remote_field.set_cached_value(profile, user)
        relation.set_cached_value(user, profile)


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
        # Read with the roles, once for the request, when they were read.
        names = getattr(user, "_tandem_team_names", None)
        if names is None or getattr(user, "_tandem_roles", None) is None:
            names = sorted(staff.teams.values_list("name", flat=True))
        team = ", ".join(names)
    return role.label if role else "", team
