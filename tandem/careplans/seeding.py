"""Synthetic care plan for the demo: Sam's plan, written with Dr Lee at clinic,
changed once when Sam's walking group moved, agreed by Sam, with a comment
from him on the first version, and shared with Alex so the carer's view can
be shown.

Written directly, bypassing the services, so seeding raises no tasks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.careplans.models import PART_KEYS, WHEN_KEYS, Agreement, CarePlan, CarePlanVersion
from tandem.people.models import CarerLink, ServiceUser, StaffMember

FIRST = {
    "what_matters": "My partner Alex and my sister Jo\nGetting back to the walking group\n"
    "Keeping my flat",
    "goals": "Sleep through most nights\nGo back to work part time by the summer",
    "i_will": "Go to the Saturday walking group\nKeep my diary of sleep and mood",
    "i_will_when": "Every Saturday, and the diary each evening",
    "team_will": "See me every two weeks, by video or at clinic as we agreed\n"
    "Refer me to the employment adviser",
    "team_will_when": "Every other Tuesday; the referral this month",
    "others_will": "Alex will come with me to the first walking group\n"
    "My GP will review my sleeping tablets",
    "others_will_when": "Next Saturday; the GP in four weeks",
}
CHANGED = {
    "i_will": "Go to the Sunday walking group (it moved)\nKeep my diary of sleep and mood",
    "i_will_when": "Every Sunday, and the diary each evening",
}


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_care_plan(
    *, sam_pk: int, clinician: StaffMember, today: dt.date, share_with_carer: bool = True
) -> int:
    """Write Sam's care plan in two versions, the newest agreed; returns how many."""
    sam = ServiceUser.objects.select_related("user").get(pk=sam_pk)
    written = today - dt.timedelta(days=30)
    review_on = written + dt.timedelta(days=182)
    plan = CarePlan.objects.create(
        service_user=sam, created_at=at(written, 11, 0), review_on=review_on
    )
    first = CarePlanVersion.objects.create(
        plan=plan,
        number=1,
        review_on=review_on,
        changed=[k for k in PART_KEYS + WHEN_KEYS if FIRST.get(k)] + ["review_on"],
        saved_at=at(written, 11, 20),
        saved_by=clinician.user,
        saved_by_name=clinician.user.full_name,
        saved_by_staff=True,
        **FIRST,
    )
    first.comments.create(
        text="I'd rather the appointments were in the afternoon if possible.",
        written_at=at(written + dt.timedelta(days=1), 19, 5),
        written_by=sam.user,
    )
    second = CarePlanVersion.objects.create(
        plan=plan,
        number=2,
        review_on=review_on,
        changed=list(CHANGED),
        saved_at=at(written + dt.timedelta(days=6), 14, 40),
        saved_by=clinician.user,
        saved_by_name=clinician.user.full_name,
        saved_by_staff=True,
        **{**FIRST, **CHANGED},
    )
    Agreement.objects.create(
        version=second,
        agreed=True,
        recorded_at=at(written + dt.timedelta(days=6), 18, 30),
        recorded_by=sam.user,
    )
    if share_with_carer:
        link = CarerLink.objects.filter(service_user=sam, withdrawn_at__isnull=True).first()
        if link is not None:
            link.can_see_care_plan = True
            link.save(update_fields=["can_see_care_plan"])
            link.changes.create(
                at=at(written + dt.timedelta(days=6), 18, 35),
                by=sam.user,
                what=f"Let {link.carer.display_name} see the care plan",
            )
    return 2
