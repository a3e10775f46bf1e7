"""What preferences add to the people pages (registered in
PreferencesConfig.ready; the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.people.models import CarerLink, ServiceUser, User
from tandem.preferences.queries import choices_of, communication_needs_for


def on_person_page(user: User, *, person: ServiceUser, treats: bool) -> dict[str, Any]:
    # The page fetched the person through the access module for this user.
    return {"choices": choices_of(user, person=person, opened=True)}


def on_carer_person_page(user: User, *, link: CarerLink) -> dict[str, Any]:
    """Shared with a carer who helps with appointments or calls (the Standard's
    'share' step): they are often the one who notices support is missing."""
    if not (link.can_see_appointments or link.can_join_video):
        return {"communication_needs": []}
    return {"communication_needs": communication_needs_for(user, person=link.service_user)}
