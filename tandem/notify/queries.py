"""Reads of messages, each scoped by ``tandem.access`` to the user asking.

Staff see messages for people open to their teams, including those sent to
the person's carers; a service user sees the messages about themselves; a
carer sees the messages sent to them. Does not audit: the page showing the
appointment or person audits opening their record.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from tandem.access import scopes
from tandem.notify.models import Message
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role


def _visible(user: User) -> QuerySet[Message]:
    if not user.is_authenticated or not user.is_active:
        return Message.objects.none()
    roles = user.roles
    condition = Q(pk__in=[])
    if roles & {Role.CLINICIAN, Role.MANAGER}:
        condition |= Q(service_user__in=scopes.caseload_of(user).values("pk"))
    if Role.SERVICE_USER in roles:
        own = scopes.service_users_visible_to(user).filter(user=user).values("pk")
        condition |= Q(service_user__in=own)
    if Role.CARER in roles:
        condition |= Q(carer__user=user)
    return (
        Message.objects.filter(condition)
        .select_related("service_user", "carer")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )


def messages_about(user: User, *, about_key: str) -> list[Message]:
    """Every message about one thing (an appointment) that ``user`` may see."""
    return list(_visible(user).filter(about_key=about_key))


def messages_for_person(user: User, *, person: ServiceUser) -> list[Message]:
    """Every message to or about one person that ``user`` may see, newest first."""
    return list(_visible(user).filter(service_user=person).order_by("-created_at", "-pk"))
