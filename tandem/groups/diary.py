"""What a group session does to its facilitators' diaries (ADR 0060).

Every facilitator, lead or not, is busy for the whole of each booked session,
whether or not anyone is enrolled yet. The members' appointments are in the
lead's diary only, so this is what tells appointments' booking and slot
finding (``tandem.appointments.elsewhere``) about the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from tandem.appointments.elsewhere import Busy
from tandem.groups.models import GroupSession, SessionStatus
from tandem.web.dates import span


def facilitating(staff_ids: Collection[int], starts: dt.datetime, ends: dt.datetime) -> list[Busy]:
    """The booked sessions those staff facilitate that overlap the period. One query."""
    rows = (
        GroupSession.objects.filter(
            status=SessionStatus.BOOKED,
            starts_at__lt=ends,
            ends_at__gt=starts,
            programme__facilitators__in=list(staff_ids),
        )
        .values_list("programme__facilitators", "starts_at", "ends_at", "programme__name")
        .distinct()
    )
    return [
        Busy(
            staff_id=staff_id,
            starts_at=session_starts,
            ends_at=session_ends,
            what=f"the group '{name}', {span(session_starts, session_ends)}",
        )
        for staff_id, session_starts, session_ends, name in rows
        if staff_id in staff_ids
    ]
