"""Getting one record: scoped, audited, and the same 404 whether it is missing
or simply not the asker's to see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from tandem.access import scopes
from tandem.audit.models import Action, AuditEvent
from tandem.audit.services import record
from tandem.errors import NOT_FOUND as NOT_FOUND
from tandem.errors import found_or_404
from tandem.people.models import Carer, CarerLink, ServiceUser, User
from tandem.people.roles import Role

M = TypeVar("M", bound=Model)


def fetch_one(
    scope: QuerySet[M],
    *,
    actor: User,
    what: str = "",
    subject_of: Callable[[M], int | None] | None = None,
    **lookup: Any,
) -> M:
    """The one row of ``scope`` (what ``actor`` may see) matching ``lookup``, or
    the single 404: missing and not yours look the same. With ``what`` the read
    is audited as a view, under the person the row belongs to, so they see it
    under "Who has looked at my record": the audit log reads that person from
    the row itself when it is a person or names one (ADR 0078), and
    ``subject_of`` names them for a row that reaches them through another path
    (a reply through its message's thread). Every app's selectors fetch one
    record through this (ADR 0025)."""
    found = found_or_404(scope.filter(**lookup).first())
    if what:
        record(
            actor=actor,
            action=Action.VIEW,
            obj=found,
            subject_id=subject_of(found) if subject_of is not None else None,
            what=what,
        )
    return found


def service_user_for(user: User, *, pk: int, what: str) -> ServiceUser:
    """Open a service user's record for ``user``, recording the read as ``what``."""
    return fetch_one(
        scopes.service_users_visible_to(user),
        actor=user,
        what=what,
        pk=pk,
    )


def own_service_user(user: User) -> ServiceUser:
    """The service user record of the person signed in, or 404 if they have none.

    The same row ``service_users_visible_to(user).filter(user=user)`` finds (a
    person sees themselves exactly when they are a service user): it was read
    with the account's roles at the start of this request
    (``tandem.people.roles.read_account``), so it is not read again (issue 18).
    Who gets it is decided by the scope's own rule, ``scopes.sees_own_record``."""
    if not scopes.sees_own_record(user):
        raise Http404(NOT_FOUND)
    return user.service_user


def own_person(user: User) -> ServiceUser:
    """The signed-in service user, in their role as one (their own reads are not
    audited); 404 for anyone else, including staff who are also patients elsewhere
    but are not signed in as a service user here."""
    return own_service_user(user)


STAFF_WITH_A_CASELOAD = frozenset({Role.CLINICIAN, Role.MANAGER})


def person_on_caseload(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person open to one of the user's teams, for a clinician or manager there
    (never someone they only care for, nor themselves), the read recorded as
    ``what``; else the single 404."""
    staff = user.is_authenticated and bool(user.roles & STAFF_WITH_A_CASELOAD)
    scope = scopes.caseload_of(user) if staff else ServiceUser.objects.none()
    return fetch_one(scope, actor=user, what=what, pk=pk)


def is_service_admin(user: User) -> bool:
    return user.is_authenticated and Role.ADMIN in user.roles


def own_carer(user: User) -> Carer:
    return found_or_404(Carer.objects.filter(user=user).first() if user.is_authenticated else None)


def carer_link_for(user: User, *, pk: int) -> CarerLink:
    return fetch_one(scopes.carer_links_visible_to(user), actor=user, pk=pk)


def own_carer_link(user: User, *, service_user_id: int) -> CarerLink:
    """The signed-in carer's standing link to this person, or 404: withdrawn
    means 404 at once."""
    if Role.CARER not in user.roles:
        raise Http404(NOT_FOUND)
    return fetch_one(
        scopes.carer_links_visible_to(user),
        actor=user,
        carer__user=user,
        service_user_id=service_user_id,
    )


def accesses_to_own_record(user: User) -> list[AuditEvent]:
    """Everyone else's reads and changes of the signed-in service user's record."""
    own = own_service_user(user)
    return list(
        AuditEvent.objects.filter(subject_id=own.pk)
        .exclude(actor=user)
        .exclude(actor__isnull=True)
        .order_by("-at", "-id")[:500]
    )
