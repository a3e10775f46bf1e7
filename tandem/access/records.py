"""Getting one record: scoped, audited, and the same 404 whether it is missing
or simply not the asker's to see."""

from __future__ import annotations

from django.http import Http404

from tandem.access import scopes
from tandem.audit.models import Action, AuditEvent
from tandem.audit.services import record
from tandem.people.models import Carer, CarerLink, ServiceUser, User
from tandem.people.roles import Role

NOT_FOUND = "Page not found"


def service_user_for(user: User, *, pk: int, what: str) -> ServiceUser:
    """Open a service user's record for ``user``, recording the read as ``what``."""
    found = scopes.service_users_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    record(
        actor=user,
        action=Action.VIEW,
        obj=found,
        subject_id=found.pk,
        what=what,
    )
    return found


def own_service_user(user: User) -> ServiceUser:
    """The service user record of the person signed in, or 404 if they have none."""
    found = scopes.service_users_visible_to(user).filter(user=user).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def own_person(user: User) -> ServiceUser:
    """The signed-in service user, in their role as one (their own reads are not
    audited); 404 for anyone else, including staff who are also patients elsewhere
    but are not signed in as a service user here."""
    if Role.SERVICE_USER not in user.roles:
        raise Http404(NOT_FOUND)
    return own_service_user(user)


def is_service_admin(user: User) -> bool:
    return user.is_authenticated and Role.ADMIN in user.roles


def own_carer(user: User) -> Carer:
    found = Carer.objects.filter(user=user).first() if user.is_authenticated else None
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def carer_link_for(user: User, *, pk: int) -> CarerLink:
    found = scopes.carer_links_visible_to(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def accesses_to_own_record(user: User) -> list[AuditEvent]:
    """Everyone else's reads and changes of the signed-in service user's record."""
    own = own_service_user(user)
    return list(
        AuditEvent.objects.filter(subject_id=own.pk)
        .exclude(actor=user)
        .exclude(actor__isnull=True)
        .order_by("-seq")[:500]
    )
