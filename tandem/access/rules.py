"""Rules predicates: yes/no questions about one person and one object.

Use these where a template or service needs a decision about an object already
in hand; use ``scopes`` to fetch. Both rest on the same definitions.
"""

from __future__ import annotations

import rules

from tandem.access import scopes
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role


@rules.predicate
def is_staff_member(user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff_member)


@rules.predicate
def is_manager(user: User) -> bool:
    return Role.MANAGER in user.roles


@rules.predicate
def is_service_admin(user: User) -> bool:
    return Role.ADMIN in user.roles


@rules.predicate
def has_clinical_role(user: User) -> bool:
    return bool(user.roles & {Role.CLINICIAN, Role.MANAGER})


@rules.predicate
def can_see_service_user(user: User, service_user: ServiceUser | None) -> bool:
    if service_user is None:
        return False
    return scopes.service_users_visible_to(user).filter(pk=service_user.pk).exists()


@rules.predicate
def is_treating_staff(user: User, service_user: ServiceUser | None) -> bool:
    if service_user is None or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return False
    return (
        scopes.open_entries_in_teams(scopes.teams_of(user))
        .filter(service_user=service_user)
        .exists()
    )


@rules.predicate
def is_self(user: User, service_user: ServiceUser | None) -> bool:
    return service_user is not None and service_user.user_id == user.pk


rules.add_perm("people.view_serviceuser", can_see_service_user)
rules.add_perm("people.change_serviceuser", is_treating_staff)
rules.add_perm("people.change_own_contact_details", is_self)
rules.add_perm("people.register_serviceuser", has_clinical_role)
rules.add_perm("people.configure_service", is_service_admin)
