"""Whether a service user reads the easy-read version of the key pages (ADR
0062): their own choice if they made one, else their recorded need. Registered
with ``tandem.web.reading`` in PreferencesConfig.ready()."""

from __future__ import annotations

from tandem.people.models import ServiceUser, User
from tandem.preferences.models import AccessNeeds, ReadingChoice


def easy_read_for(person: ServiceUser) -> bool:
    chosen = ReadingChoice.objects.filter(service_user=person).first()
    if chosen is not None:
        return chosen.easy_read
    return AccessNeeds.objects.filter(service_user=person, is_current=True, easy_read=True).exists()


def easy_read_for_user(user: User) -> bool:
    """For the signed-in service user, read through their own account only
    (False if they have no record here)."""
    chosen = ReadingChoice.objects.filter(service_user__user=user).first()
    if chosen is not None:
        return chosen.easy_read
    return AccessNeeds.objects.filter(
        service_user__user=user, is_current=True, easy_read=True
    ).exists()
