"""A typical plan, in Sam's words (synthetic)."""

from __future__ import annotations

from tandem.people.models import ServiceUser, User
from tandem.safety import services
from tandem.safety.models import PlanVersion

TYPICAL = {
    "warning_signs": "Not sleeping for two nights\nStopping texting friends back\n"
    "Thinking everyone would be better off without me",
    "coping": "Walk the dog round the park\nCold water on my face\nListen to my calm playlist",
    "distractions": "Sit in the library café\nCall round to my sister Jo's\nSaturday walking group",
    "people_to_ask": "Alex (partner): 07700 900123\nJo (sister): 07700 900456",
    "professionals": "Northgate CMHT (office hours): 0113 496 0000\n"
    "Northgate CMHT out-of-hours line: 0113 496 0999\nMy GP, Hill Top Surgery: 0113 496 0555",
    "making_safer": "Alex keeps my tablets and gives me a week at a time\n"
    "Delete the numbers of people who wind me up",
}


def write_plan(
    actor: User, person: ServiceUser, sections: dict[str, str] | None = None
) -> PlanVersion:
    latest = PlanVersion.objects.filter(plan__service_user=person).order_by("-number").first()
    saved = services.save_plan(
        actor=actor,
        person=person,
        sections=sections if sections is not None else TYPICAL,
        based_on=latest.number if latest else 0,
    )
    assert saved is not None
    return saved
