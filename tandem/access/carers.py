"""Who may see which carer links, invitations and carers' views.

Every function starts from what the asker may see (``scopes``) and narrows it;
a withdrawn link is never returned, so a carer loses everything on their next
request. Getters raise the same 404 for missing and not-yours.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from tandem.access import scopes
from tandem.access.records import NOT_FOUND
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.models import CarerInvite, CarerView, ConsentChange
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.people.roles import Role

# --- The service user's own carers -------------------------------------------------


def own_links(user: User) -> QuerySet[CarerLink]:
    """Active links on the signed-in service user's own record (never those they are
    a carer on)."""
    if Role.SERVICE_USER not in user.roles:
        return CarerLink.objects.none()
    return (
        scopes.carer_links_visible_to(user)
        .filter(service_user__user=user)
        .order_by("carer__family_name", "carer__given_name", "pk")
    )


def own_link(user: User, *, pk: int) -> CarerLink:
    found = own_links(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def own_invites(user: User) -> QuerySet[CarerInvite]:
    """Invitations the signed-in service user sent, still open or not."""
    if Role.SERVICE_USER not in user.roles:
        return CarerInvite.objects.none()
    return CarerInvite.objects.filter(service_user__user=user, link__isnull=True).select_related(
        "carer"
    )


def own_pending_invite(user: User, *, pk: int) -> CarerInvite:
    found = own_invites(user).filter(pk=pk).first()
    if found is None or not found.is_pending:
        raise Http404(NOT_FOUND)
    return found


# --- Staff -------------------------------------------------------------------------


def links_for_staff(user: User) -> QuerySet[CarerLink]:
    """Active links of people open to the user's teams."""
    if not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return CarerLink.objects.none()
    return CarerLink.objects.filter(
        withdrawn_at__isnull=True,
        service_user__in=scopes.caseload_of(user).values("pk"),
    ).select_related("carer", "service_user", "consent_recorded_by")


def person_for_staff(user: User, *, pk: int, what: str) -> ServiceUser:
    """A person open to one of the user's teams (never one they only care for), audited."""
    found = scopes.caseload_of(user).filter(pk=pk).first()
    if found is None or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        raise Http404(NOT_FOUND)
    record(actor=user, action=Action.VIEW, obj=found, subject_id=found.pk, what=what)
    return found


def link_for_staff(user: User, *, pk: int) -> CarerLink:
    found = links_for_staff(user).filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def consent_history(user: User, *, link_id: int) -> list[ConsentChange]:
    """Changes to one link, for the service user whose link it is or staff in
    their team; a carer sees what is shared now, not the history of choices."""
    if not (
        own_links(user).filter(pk=link_id).exists()
        or links_for_staff(user).filter(pk=link_id).exists()
    ):
        return []
    return list(ConsentChange.objects.filter(link_id=link_id).select_related("by")[:50])


def pending_staff_invites(user: User, *, service_user_id: int) -> QuerySet[CarerInvite]:
    """Invitations sent to carers staff added, not yet accepted."""
    return CarerInvite.objects.filter(
        link__in=links_for_staff(user).filter(service_user_id=service_user_id).values("pk"),
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
    )


def carer_views_for_staff(user: User, *, service_user_id: int) -> list[CarerView]:
    """Carers' views about a person open to the user's teams; the read is audited."""
    if not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return []
    found = list(
        CarerView.objects.filter(
            service_user_id=service_user_id,
            service_user__in=scopes.caseload_of(user).values("pk"),
        ).select_related("carer", "link")[:20]
    )
    if found:
        record(
            actor=user,
            action=Action.VIEW,
            object_type="carers.CarerView",
            subject_id=service_user_id,
            what=f"Read {len(found)} carer's view(s) shown with the record",
        )
    return found


# --- Carers ------------------------------------------------------------------------


def link_as_carer(user: User, *, service_user_id: int) -> CarerLink:
    """The signed-in carer's active link to this person, or 404."""
    if Role.CARER not in user.roles:
        raise Http404(NOT_FOUND)
    found = (
        scopes.carer_links_visible_to(user)
        .filter(carer__user=user, service_user_id=service_user_id)
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def link_for_giving_views(user: User, *, service_user_id: int) -> CarerLink:
    """As ``link_as_carer``, and only if the person lets this carer give views."""
    found = link_as_carer(user, service_user_id=service_user_id)
    if not found.can_give_views:
        raise Http404(NOT_FOUND)
    return found


def own_views_as_carer(user: User, *, service_user_id: int) -> list[CarerView]:
    """Views this carer gave about the person, while the link stands."""
    link = link_as_carer(user, service_user_id=service_user_id)
    return list(CarerView.objects.filter(link__carer=link.carer, service_user_id=service_user_id))
