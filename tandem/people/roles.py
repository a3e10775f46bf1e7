"""The roles a signed-in person can hold, derived from their profiles.

Roles are derived rather than stored so they cannot drift from the data that
grants them (a carer link, a team membership).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.db.models import ForeignKey, ManyToOneRel, Model, OneToOneRel
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


# A question asked in the account's query (``read_account``): SQL and its values.
Question = tuple[str, Sequence[Any]]


def read_account(user: User, **also: Question) -> dict[str, Any]:
    """Read what every signed-in page needs of the account in one query: its
    service-user, carer and staff rows, its team memberships' kinds and teams'
    names, and so its roles (three queries on every staff page before: issue 18).
    ``also`` are questions a caller asks in the same query (the leaver check,
    ``tandem.staffing.middleware``), each an SQL expression and its values;
    their answers are returned.

    The SQL is built once per process (``fixed_reads``, ADR 0085): the ORM took
    longer to build this query on every request than the database took to answer.

    The profiles are then ``user.service_user`` and so on, as if read one by one;
    the roles and the teams' names are kept on ``user`` for this request only."""
    from tandem.people import fixed_reads

    # The account's own class, not an import of people.models, which imports this
    # module (issue 23: no cycle between files); ``__class__``, not ``type()``, so
    # that ``request.user`` (a lazy stand-in) names it too.
    model = user.__class__
    relations = _profile_relations(model)
    profiles = [cast(type[Model], relation.related_model) for relation in relations]
    questions = list(also.items())
    asked = "".join(f", ({sql})" for _, (sql, _values) in questions)
    values = [value for _, (_sql, given) in questions for value in given]
    # One row per team membership (or one with none): a left join through the staff row.
    found = fixed_reads.rows(_account_sql(model) % {"asked": asked}, [*values, user.pk])
    widths = [fixed_reads.width(profile) for profile in profiles]
    for n, relation in enumerate(relations):
        if relation.is_cached(user):
            continue
        start = sum(widths[:n])
        # An account removed meanwhile has no profiles, as reading them one by one found.
        profile = (
            fixed_reads.instance(profiles[n], found[0][start : start + widths[n]])
            if found
            else None
        )
        if profile is not None:
            # So ``user.staff.user`` is this same user, as a lazy read would make it.
            relation.remote_field.set_cached_value(profile, user)
        relation.set_cached_value(user, profile)
    after = sum(widths)
    memberships = [(row[after], row[after + 1]) for row in found if row[after]]
    # The teams' names come with the kinds of membership: the audit row of any
    # write this person makes names them (role_and_team).
    team_names = sorted(name for _, name in memberships) if getattr(user, "staff", None) else []
    user._tandem_roles = roles_from(user, kinds={kind for kind, _ in memberships})  # type: ignore[attr-defined]
    user._tandem_team_names = team_names  # type: ignore[attr-defined]
    return {
        name: found[0][after + 2 + n] if found else None for n, (name, _) in enumerate(questions)
    }


def _account_sql(model: type[Model]) -> str:
    """The account's query, ``%(asked)s`` standing for the callers' questions."""
    from tandem.people import fixed_reads

    return _built_account_sql(model, fixed_reads.vendor())


def _profile_relations(model: type[Model]) -> list[OneToOneRel]:
    return [cast(OneToOneRel, model._meta.get_field(name)) for name in PROFILES]


@functools.cache
def _built_account_sql(model: type[Model], vendor: str) -> str:
    from tandem.people import fixed_reads

    del vendor  # the key only
    q = fixed_reads.quoted
    relations = _profile_relations(model)
    profiles = [cast(type[Model], relation.related_model) for relation in relations]
    staff = profiles[PROFILES.index("staff")]
    memberships = cast(ManyToOneRel, staff._meta.get_field("memberships"))
    membership = cast(type[Model], memberships.related_model)
    team_field = cast(ForeignKey[Any, Any], membership._meta.get_field("team"))
    team = cast(type[Model], team_field.related_model)
    columns = ", ".join(
        fixed_reads.select_list(profile, name)
        for name, profile in zip(PROFILES, profiles, strict=True)
    )
    joins = " ".join(
        f"LEFT OUTER JOIN {q(profile._meta.db_table)} {name}"
        f" ON {name}.{q(relation.field.column)} = account.{q(model._meta.pk.column)}"
        for name, profile, relation in zip(PROFILES, profiles, relations, strict=True)
    )
    # Percent signs are doubled where the questions are put in with %(asked)s.
    # Every name in it is the models' own, quoted: nothing a person typed.
    return (
        f"SELECT {columns}, membership.{q('role')}, team.{q('name')}%(asked)s"  # noqa: S608
        f" FROM {q(model._meta.db_table)} account {joins}"
        f" LEFT OUTER JOIN {q(membership._meta.db_table)} membership"
        f" ON membership.{q(memberships.field.column)} = staff.{q(staff._meta.pk.column)}"
        f" LEFT OUTER JOIN {q(team._meta.db_table)} team"
        f" ON team.{q(team._meta.pk.column)} = membership.{q(team_field.column)}"
        f" WHERE account.{q(model._meta.pk.column)} = %%s"
    )


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
