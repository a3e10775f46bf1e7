"""What alerts add to the people pages (registered in AlertsConfig.ready;
the seam is tandem.people.panels, ADR 0025)."""

from __future__ import annotations

from typing import Any

from tandem.alerts import queries
from tandem.people.models import User


def on_caseload(user: User) -> dict[str, Any]:
    return {"alerts": queries.waiting_for(user)}
