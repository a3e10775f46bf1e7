"""Preferences' reads, built on the access module's scopes (issue 23)."""

from __future__ import annotations

from django.db.models import QuerySet

from tandem.access import scopes
from tandem.people.models import User
from tandem.preferences.models import AccessNeeds, DigitalAccessCheck


def current_access_needs_visible_to(user: User) -> QuerySet[AccessNeeds]:
    """Current access needs of the people ``user`` may see (filter by person in the caller)."""
    return AccessNeeds.objects.filter(
        is_current=True, service_user__in=scopes.service_users_visible_to(user)
    )


def current_digital_checks_visible_to(user: User) -> QuerySet[DigitalAccessCheck]:
    """Current digital access checks of the people ``user`` may see."""
    return DigitalAccessCheck.objects.filter(
        is_current=True, service_user__in=scopes.service_users_visible_to(user)
    )
