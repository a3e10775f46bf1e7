"""Synthetic safety plan for the demo: Sam's plan, started with Dr Lee at clinic
and added to by Sam at home, reviewed once, and shared with Alex so the carer's
view of it can be shown.

Written directly, bypassing the services, so seeding raises no tasks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.carers.models import ConsentChange
from tandem.people.models import CarerLink, ServiceUser, StaffMember
from tandem.safety.models import SECTION_KEYS, PlanReview, PlanVersion, SafetyPlan

FIRST = {
    "warning_signs": "Not sleeping for two nights or more\nStopping texting friends back\n"
    "Thinking everyone would be better off without me",
    "coping": "Walk the dog round the park\nCold water on my face\nListen to my calm playlist",
    "distractions": "The library café on Otley Road\nSaturday walking group\n"
    "Watching football at my sister Jo's",
    "people_to_ask": "Alex (partner): 07700 900123\nJo (sister): 07700 900456",
    "professionals": "Northgate CMHT (office hours): 0113 496 0000\n"
    "Northgate CMHT out-of-hours line: 0113 496 0999\nMy GP, Hill Top Surgery: 0113 496 0555",
    "making_safer": "Alex keeps my tablets and gives me a week at a time",
}
SAMS_ADDITIONS = {
    "coping": FIRST["coping"] + "\nBake bread, it takes my mind off things",
    "making_safer": FIRST["making_safer"] + "\nDelete the numbers of people who wind me up",
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_safety_plan(
    *, sam_pk: int, clinician: StaffMember, today: dt.date, share_with_carer: bool = True
) -> int:
    """Write Sam's plan in two versions with one review; returns how many versions."""
    sam = ServiceUser.objects.select_related("user").get(pk=sam_pk)
    written = today - dt.timedelta(days=40)
    plan = SafetyPlan.objects.create(
        service_user=sam,
        created_at=at(written, 10, 30),
        next_review_on=written + dt.timedelta(days=91),
        last_reviewed_at=at(written, 10, 55),
        last_reviewed_by=clinician.user,
    )
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        changed_sections=[k for k in SECTION_KEYS if FIRST.get(k)],
        saved_at=at(written, 10, 50),
        saved_by=clinician.user,
        saved_by_name=clinician.user.full_name,
        saved_by_staff=True,
        **FIRST,
    )
    PlanReview.objects.create(
        plan=plan,
        version_number=1,
        reviewed_at=at(written, 10, 55),
        reviewed_by=clinician.user,
        reviewed_by_name=clinician.user.full_name,
        next_review_on=written + dt.timedelta(days=91),
        note="Written together at clinic. Sam will add to it at home.",
    )
    PlanVersion.objects.create(
        plan=plan,
        number=2,
        changed_sections=list(SAMS_ADDITIONS),
        saved_at=at(written + dt.timedelta(days=2), 20, 15),
        saved_by=sam.user,
        saved_by_name=f"{sam.given_name} {sam.family_name}",
        saved_by_staff=False,
        **{**FIRST, **SAMS_ADDITIONS},
    )
    if share_with_carer:
        link = CarerLink.objects.filter(service_user=sam, withdrawn_at__isnull=True).first()
        if link is not None:
            link.can_see_safety_plan = True
            link.save(update_fields=["can_see_safety_plan"])
            ConsentChange.objects.create(
                link=link,
                at=at(written + dt.timedelta(days=2), 20, 20),
                by=sam.user,
                what=f"Let {link.carer.display_name} see the safety plan",
            )
    return 2
