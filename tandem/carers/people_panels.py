"""What carers add to the people pages (registered in CarersConfig.ready;
the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.carers import selectors as carers_access
from tandem.people.models import CarerLink, ServiceUser, User


def on_person_page(user: User, *, person: ServiceUser, treats: bool) -> dict[str, Any]:
    return {
        "carer_views": carers_access.carer_views_for_staff(
            user, service_user_id=person.pk, treats=treats
        ),
        "carer_invites": carers_access.pending_staff_invites(
            user, service_user_id=person.pk, treats=treats
        ),
    }


def on_carer_person_page(user: User, *, link: CarerLink) -> dict[str, Any]:
    return {"views": carers_access.own_views_as_carer(user, link=link)}
