"""What care plans add to the people pages (registered in CarePlansConfig.ready;
the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.access import scopes
from tandem.careplans.queries import overdue_reviews
from tandem.people.models import User
from tandem.people.roles import Role


def on_manager_home(user: User) -> dict[str, Any]:
    """Care plans past their review date in the teams the manager manages."""
    if Role.MANAGER not in user.roles:
        return {"overdue_care_plans": []}
    return {"overdue_care_plans": overdue_reviews(list(scopes.managed_teams(user)))}
