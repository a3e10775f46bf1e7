"""A typical care plan, in Sam's words (synthetic)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.careplans import services
from tandem.careplans.models import CarePlanVersion
from tandem.people.models import ServiceUser, User

TYPICAL = {
    "what_matters": "Alex and my sister Jo\nGetting back to the walking group",
    "goals": "Sleep through most nights\nGo back to work part time",
    "i_will": "Go to the Saturday walking group",
    "i_will_when": "Every Saturday",
    "team_will": "See me every two weeks",
    "team_will_when": "Every other Tuesday",
    "others_will": "Alex will come with me to the first group",
    "others_will_when": "Next Saturday",
}


def in_months(months: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30 * months)


def write_plan(
    actor: User,
    person: ServiceUser,
    parts: dict[str, str] | None = None,
    *,
    review_on: dt.date | None = None,
) -> CarePlanVersion:
    latest = CarePlanVersion.objects.filter(plan__service_user=person).order_by("-number").first()
    saved = services.save_plan(
        actor=actor,
        person=person,
        parts=parts if parts is not None else TYPICAL,
        review_on=review_on or (latest.review_on if latest else in_months(6)),
        based_on=latest.number if latest else 0,
    )
    assert saved is not None
    return saved
