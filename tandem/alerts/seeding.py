"""Alert settings for the demo team: a 24-hour response window and, where one
is obvious, a duty clinician, so the escalation can be shown.

Nothing else: the demo's alerts come from the questionnaire and diary
seeding, raised the way they are in use. Written directly, bypassing the
services, so seeding writes no audit rows for a manager who did nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.alerts.models import AlertSettings
from tandem.alerts.raising import settings_for
from tandem.people.models import CareTeam, CaseloadEntry, StaffMember, TeamMembership


def obvious_duty_clinician(team: CareTeam, sam_pk: int) -> StaffMember | None:
    """Sam's care coordinator if they are a clinician in the team, else the
    team's only clinician, else nobody."""
    clinicians = StaffMember.objects.filter(
        memberships__team=team, memberships__role=TeamMembership.Role.CLINICIAN
    )
    entry = (
        CaseloadEntry.objects.filter(service_user_id=sam_pk, team=team, closed_on__isnull=True)
        .exclude(care_coordinator__isnull=True)
        .first()
    )
    if entry is not None and entry.care_coordinator_id is not None:
        coordinator = clinicians.filter(pk=entry.care_coordinator_id).first()
        if coordinator is not None:
            return coordinator
    only = list(clinicians[:2])
    return only[0] if len(only) == 1 else None


def seed_alerts(*, team: CareTeam, sam_pk: int, today: dt.date) -> AlertSettings:
    """Make the demo team's alert settings; returns them."""
    found = settings_for(team)
    found.response_hours = 24
    found.duty_clinician = obvious_duty_clinician(team, sam_pk)
    found.updated_at = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    found.save()
    return found
