"""Synthetic recommendations for the demo: Dr Lee has recommended Sam a crisis
café and an assessed app, and Sam has put the café in his support pack, so
'Support for you', the pack and the carer's view have something to show.

Written directly, bypassing the services, so seeding sends no texts (the demo
records one audit event for the whole seed). Only what the service itself
would let a clinician recommend is used: entries within their check date and
tools that pass every assessment (HAZ-229, HAZ-240).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.directory.models import Entry, Need, Tool
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.support.models import Recommendation

CAFE_NOTE = "Somewhere to go on a bad evening, as we talked about. You can just turn up."
APP_NOTE = "The breathing exercises we practised are in this app."


def seed_recommendations(*, sam_pk: int, clinician: User, today: dt.date) -> int:
    """Recommend Sam one crisis entry and one assessed tool; returns how many."""
    sam = ServiceUser.objects.get(pk=sam_pk)
    crisis = Entry.objects.filter(need=Need.CRISIS).order_by("name")
    entry = next((e for e in crisis if not e.is_overdue(today)), None)
    tool = next(
        (t for t in Tool.objects.order_by("name") if not t.why_not_recommendable(today)), None
    )
    at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=6), dt.time(14, 10)))
    made = 0
    if entry is not None:
        Recommendation.objects.create(
            service_user=sam,
            entry=entry,
            note=CAFE_NOTE,
            recommended_by=clinician,
            recommended_at=at,
            in_pack=True,
        )
        made += 1
    if tool is not None:
        Recommendation.objects.create(
            service_user=sam, tool=tool, note=APP_NOTE, recommended_by=clinician, recommended_at=at
        )
        made += 1
    # Sam shares what he was recommended with Alex, as he shares his care plan.
    CarerLink.objects.filter(service_user=sam, withdrawn_at__isnull=True).update(
        can_see_support=True
    )
    return made
