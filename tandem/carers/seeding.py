"""Synthetic carers' data for the demo: the history behind Alex's link to Sam,
and a view Alex gave before Sam's review, so the record shows carers' views.

Written directly, bypassing the services, so seeding queues no messages and
raises no tasks.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.carers.models import CarerView, ConsentChange
from tandem.people.models import CarerLink


def seed_carers(*, sam_pk: int, today: dt.date) -> int:
    """Add the demo's carer history and views for Sam; returns how many views."""
    link = (
        CarerLink.objects.filter(service_user_id=sam_pk, withdrawn_at__isnull=True)
        .select_related("carer", "consent_recorded_by")
        .first()
    )
    if link is None:
        return 0
    ConsentChange.objects.create(
        link=link,
        at=link.consent_recorded_at,
        by=link.consent_recorded_by,
        what=f"Added {link.carer.display_name} ({link.relationship}) as a carer on the basis "
        "of the person's own consent",
        note="Sam agreed in person at clinic",
    )
    submitted = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=3), dt.time(19, 40))
    )
    CarerView.objects.create(
        link=link,
        service_user_id=sam_pk,
        carer=link.carer,
        about="Review next week",
        what_noticed=(
            "Sam has been sleeping later and skipping breakfast most days. They went back to "
            "the Saturday walking group twice this month, which they enjoyed."
        ),
        worries="Money worries since the hours at work were cut.",
        what_helps="Walking with the dog in the mornings, and a text the day before appointments.",
        submitted_at=submitted,
    )
    return 1
