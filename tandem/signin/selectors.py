"""Reads for the signing-in pages: a person only ever sees their own sessions."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.people.models import ServiceUser, User
from tandem.signin.models import SignedInSession


def own_sessions(user: User) -> QuerySet[SignedInSession]:
    return SignedInSession.objects.filter(user=user).order_by("-last_seen_at", "-id")


def people_with_nhs_number(nhs_number: str) -> list[ServiceUser]:
    """Records with this NHS number (at most two are read: two is already too many).

    Read before anyone is signed in, for NHS login, so there is no viewer to
    scope by; only ``services.sign_in_with_nhs_login`` uses it."""
    return list(ServiceUser.objects.select_related("user").filter(nhs_number=nhs_number)[:2])
