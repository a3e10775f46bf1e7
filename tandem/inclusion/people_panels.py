"""What inclusion adds to the people pages (registered in InclusionConfig.ready;
the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.inclusion.queries import counts_for_person
from tandem.people.models import ServiceUser, User


def on_person_page(user: User, *, person: ServiceUser, treats: bool) -> dict[str, Any]:
    return {"inclusion": counts_for_person(user, service_user_id=person.pk, treats=treats)}
