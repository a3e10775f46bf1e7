"""Who may read which message threads. Checked in the query on every request,
so a withdrawn carer link or a removed scope stops access on the next one.

- A service user: their own threads, never those their carers started.
- A carer: threads they started about someone whose link to them stands with
  'message the team'; and, read-only, that person's own threads when the link
  has 'see my messages'.
- Staff: every thread in the inboxes of teams they belong to.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from tandem.access import records, scopes
from tandem.errors import found_or_404
from tandem.messaging.models import Attachment, Thread
from tandem.people.models import CarerLink, User
from tandem.people.roles import Role


def _link_with(user: User, scope: str) -> Exists:
    return Exists(
        CarerLink.objects.filter(
            service_user=OuterRef("service_user"),
            carer__user=user,
            withdrawn_at__isnull=True,
            **{scope: True},
        )
    )


def _carer_condition(user: User, *, writing: bool = False) -> Any:
    own = Q(carer__user=user) & _link_with(user, "can_message_team")
    if writing:
        return own  # the person's own threads are read-only to a carer
    shared = Q(carer__isnull=True) & _link_with(user, "can_see_messages")
    return own | shared


def _threads(user: User, *, writing: bool) -> QuerySet[Thread]:
    if not user.is_authenticated or not user.is_active:
        return Thread.objects.none()
    roles = user.roles
    condition: Any = Q(pk__in=[])
    if Role.SERVICE_USER in roles:
        condition |= Q(service_user__user=user, carer__isnull=True)
    if Role.CARER in roles:
        condition |= _carer_condition(user, writing=writing)
    if roles & {Role.CLINICIAN, Role.MANAGER}:
        condition |= Q(team__in=scopes.teams_of(user))
    return Thread.objects.filter(condition)


def threads_visible_to(user: User) -> QuerySet[Thread]:
    """Every thread ``user`` may read."""
    return _threads(user, writing=False)


def threads_writable_by(user: User) -> QuerySet[Thread]:
    """Threads ``user`` may write in: as above, less the service user's threads
    a carer may only read."""
    return _threads(user, writing=True)


def own_threads(user: User) -> QuerySet[Thread]:
    """A service user's own threads (not their carers'), newest first."""
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        return Thread.objects.none()
    return (
        Thread.objects.filter(service_user__user=user, carer__isnull=True)
        .select_related("team")
        .order_by("-last_message_at", "-pk")
    )


def carer_threads(user: User) -> QuerySet[Thread]:
    """Threads a carer may read, newest first."""
    if not user.is_authenticated or Role.CARER not in user.roles:
        return Thread.objects.none()
    return (
        Thread.objects.filter(_carer_condition(user))
        .select_related("team", "service_user", "carer")
        .order_by("-last_message_at", "-pk")
    )


def carer_links_that_message(user: User) -> QuerySet[CarerLink]:
    """The carer's standing links that let them message the person's team."""
    if not user.is_authenticated or Role.CARER not in user.roles:
        return CarerLink.objects.none()
    return CarerLink.objects.filter(
        carer__user=user, withdrawn_at__isnull=True, can_message_team=True
    ).select_related("service_user")


def thread_for(user: User, *, pk: int, what: str) -> Thread:
    """Open one thread for ``user``, recording the read as ``what``; 404 if not theirs."""
    return records.fetch_one(
        threads_visible_to(user).select_related(
            "team", "service_user", "carer", "assigned_to__user", "started_by"
        ),
        actor=user,
        what=what,
        pk=pk,
    )


def attachment_for(user: User, *, pk: int) -> Attachment:
    """One attachment of a thread ``user`` may read, its download audited."""
    return records.fetch_one(
        Attachment.objects.filter(message__thread__in=threads_visible_to(user)).select_related(
            "message__thread"
        ),
        actor=user,
        what="Downloaded a file sent with a message",
        subject_of=lambda found: found.message.thread.service_user_id,
        pk=pk,
    )


def team_thread_for(user: User, *, pk: int, what: str) -> Thread:
    """One thread in the inbox of a team ``user`` belongs to, for the staff pages;
    404 otherwise. A clinician who is also a carer or service user reaches only
    their team's threads here, though ``thread_for`` would open their own."""
    found = thread_for(user, pk=pk, what=what)
    if not scopes.teams_of(user).filter(pk=found.team_id).exists():
        raise Http404(records.NOT_FOUND)
    return found


def carer_link_that_messages(user: User, *, service_user_id: int) -> CarerLink:
    """The carer's standing link to one person that lets them message the
    person's team; 404 if there is none."""
    return found_or_404(
        carer_links_that_message(user).filter(service_user_id=service_user_id).first()
    )
