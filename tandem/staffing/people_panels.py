"""What staffing adds to the people pages (registered in StaffingConfig.ready;
the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.people.models import ServiceUser, User
from tandem.staffing.selectors import handovers_for


def on_person_page(user: User, *, person: ServiceUser, treats: bool) -> dict[str, Any]:
    """For the team's managers: the teams where the person waits for a new
    care coordinator after theirs left or moved team."""
    return {"handovers": handovers_for(user, service_user_id=person.pk)}
