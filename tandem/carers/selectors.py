"""Who may see which carer links, invitations and carers' views.

Every function starts from what the asker may see (``scopes``) and narrows it;
a withdrawn link is never returned, so a carer loses everything on their next
request. Getters raise the same 404 for missing and not-yours.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from tandem.access import records, scopes
from tandem.access.records import NOT_FOUND
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.carers.models import CarerInvite, CarerView, ConsentChange
from tandem.errors import found_or_404
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.people.roles import Role

HISTORY_SHOWN = 50  # changes shown per carer; older ones stay in the audit log

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
    return found_or_404(own_links(user).filter(pk=pk).first())


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


# A person open to one of the user's teams, for its clinicians and managers, the
# read recorded as ``what``: the one rule in the access module.
person_for_staff = records.person_on_caseload


def link_for_staff(user: User, *, pk: int) -> CarerLink:
    return found_or_404(links_for_staff(user).filter(pk=pk).first())


def consent_histories(user: User, *, link_ids: list[int]) -> dict[int, list[ConsentChange]]:
    """The latest changes to each link, newest first, for the service user whose
    links they are or staff in their team; a carer sees what is shared now, not
    the history of choices. One query however many links a page shows."""
    allowed = Q(link__in=own_links(user).filter(pk__in=link_ids).values("pk")) | Q(
        link__in=links_for_staff(user).filter(pk__in=link_ids).values("pk")
    )
    newest_first = [F("at").desc(), F("pk").desc()]
    changes = (
        ConsentChange.objects.filter(allowed)
        .annotate(n=Window(RowNumber(), partition_by=F("link_id"), order_by=newest_first))
        .filter(n__lte=HISTORY_SHOWN)
        .select_related("by")
        .order_by("link_id", *newest_first)
    )
    found: dict[int, list[ConsentChange]] = {pk: [] for pk in link_ids}
    for change in changes:
        found[change.link_id].append(change)
    return found


def consent_history(user: User, *, link_id: int) -> list[ConsentChange]:
    return consent_histories(user, link_ids=[link_id])[link_id]


def pending_staff_invites(
    user: User, *, service_user_id: int, treats: bool | None = None
) -> QuerySet[CarerInvite]:
    """Invitations sent to carers staff added, not yet accepted.

    ``treats``: see ``carer_views_for_staff``."""
    pending = CarerInvite.objects.filter(accepted_at__isnull=True, cancelled_at__isnull=True)
    if treats is None:
        links = links_for_staff(user).filter(service_user_id=service_user_id)
        return pending.filter(link__in=links.values("pk")).select_related("carer")
    if not treats:
        return pending.none()
    return pending.filter(
        link__service_user_id=service_user_id, link__withdrawn_at__isnull=True
    ).select_related("carer")


def carer_views_for_staff(
    user: User, *, service_user_id: int, treats: bool | None = None
) -> list[CarerView]:
    """Carers' views about a person open to the user's teams; the read is audited.

    ``treats`` is for a page that has already asked, for this user and person,
    the same question this asks (``people.change_serviceuser``: a clinician or
    manager in one of the person's teams; ADR 0064): it is not asked again, and
    the views are read by the person's id alone (issue 18). None asks here."""
    if treats is None:
        if not user.roles & {Role.CLINICIAN, Role.MANAGER}:
            return []
        views = CarerView.objects.filter(
            service_user_id=service_user_id,
            service_user__in=scopes.caseload_of(user).values("pk"),
        )
    elif treats:
        views = CarerView.objects.filter(service_user_id=service_user_id)
    else:
        return []
    found = list(views.select_related("carer", "link")[:20])
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


def people_sharing_with_carer(user: User, *, scope: str) -> list[ServiceUser]:
    """People whose standing link gives this carer ``scope`` (a CarerLink switch)."""
    if scope not in CarerLink.SCOPES:
        raise ValueError(f"Unknown carer switch: {scope!r}")
    if not user.is_authenticated or Role.CARER not in user.roles:
        return []
    links = CarerLink.objects.filter(
        carer__user=user, withdrawn_at__isnull=True, **{scope: True}
    ).select_related("service_user")
    return [link.service_user for link in links]


def link_as_carer(user: User, *, service_user_id: int) -> CarerLink:
    """The signed-in carer's active link to this person, or 404."""
    if Role.CARER not in user.roles:
        raise Http404(NOT_FOUND)
    return found_or_404(
        scopes.carer_links_visible_to(user)
        .filter(carer__user=user, service_user_id=service_user_id)
        .first()
    )


def link_for_giving_views(user: User, *, service_user_id: int) -> CarerLink:
    """As ``link_as_carer``, and only if the person lets this carer give views."""
    found = link_as_carer(user, service_user_id=service_user_id)
    if not found.can_give_views:
        raise Http404(NOT_FOUND)
    return found


def own_views_as_carer(user: User, *, link: CarerLink) -> list[CarerView]:
    """Views this carer gave about the person, while ``link`` (from ``link_as_carer``,
    which the caller already holds) stands."""
    if link.carer.user_id != user.pk or link.withdrawn_at is not None:
        return []
    return list(
        CarerView.objects.filter(link__carer=link.carer, service_user_id=link.service_user_id)
    )
