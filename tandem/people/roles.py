"""The roles a signed-in person can hold, derived from their profiles.

Roles are derived rather than stored so they cannot drift from the data that
grants them (a carer link, a team membership).
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, cast

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
    read_account(user)
    return cast(frozenset[Role], user._tandem_roles)  # type: ignore[attr-defined]


def read_account(user: User, **also: Any) -> dict[str, Any]:
    """Read what every signed-in page needs of the account in one query: its
    service-user, carer and staff rows, its team memberships' kinds and teams'
    names, and so its roles (three queries on every staff page before: issue 18).
    ``also`` are annotations a caller asks in the same query (the leaver check,
    ``tandem.staffing.middleware``); their answers are returned.

    The profiles are then ``user.service_user`` and so on, as if read one by one;
    the roles and the teams' names are kept on ``user`` for this request only."""
    from django.db.models import F, OneToOneRel

    # The account's own class, not an import of people.models, which imports this
    # module (issue 23: no cycle between files); ``__class__``, not ``type()``, so
    # that ``request.user`` (a lazy stand-in) names it too.
    model = user.__class__
    relations = [cast(OneToOneRel, model._meta.get_field(name)) for name in PROFILES]
    # One row per team membership (or one with none): a left join through the staff row.
    rows = list(
        model.objects.select_related(*PROFILES)
        .only("pk", *PROFILES)
        .filter(pk=user.pk)
        .annotate(
            membership_kind=F("staff__memberships__role"),
            membership_team=F("staff__memberships__team__name"),
            **also,
        )
    )
    found = rows[0] if rows else None
    for relation in relations:
        if relation.is_cached(user):
            continue
        # An account removed meanwhile has no profiles, as reading them one by one found.
        profile = relation.get_cached_value(found) if found is not None else None
        if profile is not None:
            # So ``user.staff.user`` is this same user, as a lazy read would make it.
            relation.remote_field.set_cached_value(profile, user)
        relation.set_cached_value(user, profile)
    # The annotations, named above; the ORM sets them on each row.
    memberships = [
        (kind, getattr(row, "membership_team", ""))
        for row in rows
        if (kind := getattr(row, "membership_kind", None))
    ]
    # The teams' names come with the kinds of membership: the audit row of any
    # write this person makes names them (role_and_team).
    team_names = sorted(name for _, name in memberships) if getattr(user, "staff", None) else []
    user._tandem_roles = roles_from(user, kinds={kind for kind, _ in memberships})  # type: ignore[attr-defined]
    user._tandem_team_names = team_names  # type: ignore[attr-defined]
    return {name: getattr(found, name, None) for name in also}


def roles_from(user: User, *, kinds: Collection[str]) -> frozenset[Role]:
    """The roles of an account whose profiles are already read, given the kinds
    of its team memberships: the one derivation, for ``read_account`` and for
    anything that reads several accounts at once (``notify.recipients``)."""
    roles: set[Role] = set()
    if getattr(user, "service_user", None) is not None:
        roles.add(Role.SERVICE_USER)
    if getattr(user, "carer", None) is not None:
        roles.add(Role.CARER)
    staff = getattr(user, "staff", None)
    if staff is not None:
        if staff.is_service_admin:
            roles.add(Role.ADMIN)
        if "clinician" in kinds:
            roles.add(Role.CLINICIAN)
        if "manager" in kinds:
            roles.add(Role.MANAGER)
    return frozenset(roles)


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
