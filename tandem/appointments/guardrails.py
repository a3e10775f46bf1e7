"""Staff workload guardrails for remote sessions.

Back-to-back screen days wear staff down (the seeds report it). A team sets
the most consecutive remote sessions without a break, the shortest break
between remote sessions and the most remote hours in a day. A booking that
would break one is not refused, because the person's need may outweigh it;
it is shown to the person booking, needs a reason, and is counted for managers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from django.utils import timezone

from tandem.appointments.models import Appointment, Status, TeamRules, is_remote
from tandem.appointments.slots import at
from tandem.people.models import CareTeam, StaffMember


@dataclass(frozen=True)
class Proposed:
    starts_at: dt.datetime
    ends_at: dt.datetime
    modality: str


def rules_for(team: CareTeam) -> TeamRules:
    found = TeamRules.objects.filter(team=team).first()
    return found if found is not None else TeamRules(team=team)


def check(
    *,
    rules: TeamRules,
    day_appointments: list[Proposed],
    proposed: Proposed,
) -> list[str]:
    """Plain-English breaches that adding ``proposed`` to the day would cause."""
    if not is_remote(proposed.modality):
        return []
    remote = sorted(
        [a for a in day_appointments if is_remote(a.modality)] + [proposed],
        key=lambda a: a.starts_at,
    )
    breaches: list[str] = []
    min_break = dt.timedelta(minutes=rules.min_break_minutes)

    hours = sum((a.ends_at - a.starts_at for a in remote), dt.timedelta()) / dt.timedelta(hours=1)
    if hours > float(rules.max_remote_hours_per_day):
        breaches.append(
            f"{hours:g} hours of remote sessions in the day; "
            f"the team's limit is {rules.max_remote_hours_per_day:g}"
        )

    run, longest, short_gap = 1, 1, False
    for before, after in pairwise(remote):
        gap = after.starts_at - before.ends_at
        touches_proposed = proposed in (before, after)
        if gap < min_break:
            run += 1
            short_gap = short_gap or touches_proposed
        else:
            run = 1
        longest = max(longest, run)
    if short_gap:
        breaches.append(
            f"less than {rules.min_break_minutes} minutes' break between remote sessions"
        )
    if longest > rules.max_consecutive_remote:
        breaches.append(
            f"{longest} remote sessions in a row without a break; "
            f"the team's limit is {rules.max_consecutive_remote}"
        )
    return breaches


def breaches_for(
    *,
    team: CareTeam,
    clinician: StaffMember,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    modality: str,
    ignore_pk: int | None = None,
) -> list[str]:
    """Breaches of ``team``'s guardrails if ``clinician`` took this appointment."""
    if not is_remote(modality):
        return []
    day = timezone.localdate(starts_at)
    booked = Appointment.objects.filter(
        clinician=clinician,
        status=Status.BOOKED,
        starts_at__gte=at(day, dt.time.min),
        starts_at__lte=at(day, dt.time.max),
    )
    if ignore_pk is not None:
        booked = booked.exclude(pk=ignore_pk)
    day_appointments = [
        Proposed(s, e, m) for s, e, m in booked.values_list("starts_at", "ends_at", "modality")
    ]
    return check(
        rules=rules_for(team),
        day_appointments=day_appointments,
        proposed=Proposed(starts_at, ends_at, modality),
    )
