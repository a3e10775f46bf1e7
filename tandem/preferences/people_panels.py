"""What preferences add to the people pages (registered in
PreferencesConfig.ready; the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.people.models import ServiceUser, User
from tandem.preferences.queries import choices_of


def on_person_page(user: User, *, person: ServiceUser) -> dict[str, Any]:
    return {"choices": choices_of(user, person=person)}
