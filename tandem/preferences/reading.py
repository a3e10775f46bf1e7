"""Whether a service user reads the easy-read version of the key pages (ADR
0062): their own choice if they made one, else their recorded need. Registered
with ``tandem.web.reading`` in PreferencesConfig.ready()."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from tandem.people.models import ServiceUser, User
from tandem.preferences.models import AccessNeeds, ReadingChoice


def easy_read_for(person: ServiceUser) -> bool:
    chosen = ReadingChoice.objects.filter(service_user=person).first()
    if chosen is not None:
        return chosen.easy_read
    return AccessNeeds.objects.filter(service_user=person, is_current=True, easy_read=True).exists()


def easy_read_for_user(user: User) -> bool:
    """For the signed-in service user, read through their own account only
    (False if they have no record here). One query: it runs on every key page."""
    found = (
        ServiceUser.objects.filter(user=user)
        .annotate(
            needs_it=Exists(
                AccessNeeds.objects.filter(
                    service_user=OuterRef("pk"), is_current=True, easy_read=True
                )
            )
        )
        .values_list("reading_choice__easy_read", "needs_it")
        .first()
    )
    if found is None:
        return False
    chosen, needs_it = found
    return bool(needs_it if chosen is None else chosen)
