"""Reads for the signing-in pages: a person only ever sees their own sessions."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.people.models import User
from tandem.signin.models import SignedInSession


def own_sessions(user: User) -> QuerySet[SignedInSession]:
    return SignedInSession.objects.filter(user=user).order_by("-last_seen_at", "-id")
