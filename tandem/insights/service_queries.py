"""How the service reached people in the insights report, beyond appointment
counts: who went without contact too long, digital inclusion help, remote
work against the teams' guardrails, alerts answered in time, and messages.

Like ``queries``, every read is filtered on the scope's teams first and
nothing here suppresses or rounds.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate

from tandem.alerts.models import Alert
from tandem.appointments.guardrails import rules_for
from tandem.appointments.models import Appointment, Status
from tandem.appointments.slots import at
from tandem.inclusion.models import DeviceLoan, HelpRequest
from tandem.insights import definitions as defs
from tandem.insights.queries import HELD, Scope, db_moment, in_scope_people
from tandem.messaging.models import AuthorKind, Message
from tandem.people.models import CareTeam
from tandem.preferences.models import DigitalAccessCheck, YesSometimesNo

# --- Disengaged ---------------------------------------------------------------------


def disengaged(scope: Scope) -> dict[str, int]:
    """People with no held contact for longer than their team's limit, by last way
    held ('never' for people never seen)."""
    on = scope.on
    found: Counter[str] = Counter()
    until = at(on + dt.timedelta(days=1), dt.time.min)
    for team in CareTeam.objects.filter(pk__in=scope.team_ids):
        limit = rules_for(team).no_contact_days
        cutoff = on - dt.timedelta(days=limit)
        # The latest held appointment per person in the team, with its way.
        sql = (
            "SELECT e.service_user_id, e.opened_on, last.starts_at, last.way FROM "  # noqa: S608
            "people_caseloadentry e LEFT JOIN ("
            "SELECT service_user_id, starts_at, way FROM ("
            "SELECT a.service_user_id, a.starts_at, "
            "CASE WHEN a.switched_to <> '' THEN a.switched_to ELSE a.modality END AS way, "
            "ROW_NUMBER() OVER (PARTITION BY a.service_user_id "
            "ORDER BY a.starts_at DESC, a.id DESC) AS n "
            "FROM appointments_appointment a "
            f"WHERE a.team_id = %s AND a.attendance IN ({HELD}) AND a.starts_at < %s"
            ") ranked WHERE n = 1) last ON last.service_user_id = e.service_user_id "
            "WHERE e.team_id = %s AND e.opened_on <= %s "
            "AND (e.closed_on IS NULL OR e.closed_on > %s) "
            "AND ((last.starts_at IS NULL AND e.opened_on < %s) OR last.starts_at < %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    team.pk,
                    db_moment(until),
                    team.pk,
                    on,
                    on,
                    cutoff,
                    db_moment(at(cutoff, dt.time.min)),
                ],
            )
            for _person, _opened, _held_at, way in cursor.fetchall():
                found[way or "never"] += 1
    return dict(found)


# --- Digital inclusion --------------------------------------------------------------


@dataclass(frozen=True)
class Inclusion:
    help_requests: int
    people_asking_help: int
    devices_lent: int
    no_private_space: int
    checked: int


def inclusion(scope: Scope) -> Inclusion:
    people = in_scope_people(scope)
    requests = HelpRequest.objects.filter(
        service_user_id__in=people, raised_at__gte=scope.start, raised_at__lt=scope.end
    ).aggregate(raised=Count("pk"), people=Count("service_user_id", distinct=True))
    checks = DigitalAccessCheck.objects.filter(
        service_user_id__in=people, is_current=True
    ).aggregate(
        checked=Count("pk"), no_space=Count("pk", filter=Q(private_space=YesSometimesNo.NO))
    )
    return Inclusion(
        help_requests=requests["raised"],
        people_asking_help=requests["people"],
        devices_lent=DeviceLoan.objects.filter(
            service_user_id__in=people, lent_on__gte=scope.first, lent_on__lte=scope.last
        ).count(),
        no_private_space=checks["no_space"],
        checked=checks["checked"],
    )


# --- Staff --------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    remote_hours: float
    remote_appointments: int
    days_over_hours: int  # clinician-days over the team's daily remote hours
    bookings_over_guardrails: int
    bookings_short_break: int


def staff(scope: Scope) -> Staff:
    remote = Appointment.objects.filter(
        team_id__in=scope.team_ids,
        starts_at__gte=scope.start,
        starts_at__lt=scope.end,
        modality__in=defs.REMOTE_WAYS,
        status=Status.BOOKED,
    )
    seconds = 0.0
    count = 0
    for row in remote.values("appointment_type__duration_minutes").annotate(n=Count("pk")):
        count += row["n"]
        seconds += row["n"] * row["appointment_type__duration_minutes"] * 60
    over_days = 0
    for team in CareTeam.objects.filter(pk__in=scope.team_ids):
        limit_minutes = float(rules_for(team).max_remote_hours_per_day) * 60
        over_days += (
            remote.filter(team=team)
            .annotate(day=TruncDate("starts_at"))
            .values("clinician_id", "day")
            .annotate(minutes=Sum("appointment_type__duration_minutes"))
            .filter(minutes__gt=limit_minutes)
            .count()
        )
    breaches = list(
        remote.exclude(guardrail_breaches=[]).values_list("guardrail_breaches", flat=True)
    )
    return Staff(
        remote_hours=seconds / 3600,
        remote_appointments=count,
        days_over_hours=over_days,
        bookings_over_guardrails=len(breaches),
        bookings_short_break=sum(
            1 for found in breaches if any("break" in str(b).lower() for b in (found or []))
        ),
    )


# --- Alerts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Alerts:
    raised: int
    acknowledged: int
    in_time: int  # acknowledged by the time it was due
    late_or_waiting: int  # acknowledged late, or still waiting past the time due
    median_hours: float | None


def alerts(scope: Scope) -> Alerts:
    raised = Alert.objects.filter(
        team_id__in=scope.team_ids, raised_at__gte=scope.start, raised_at__lt=scope.end
    )
    acknowledged = Q(acknowledged_at__isnull=False)
    found = raised.aggregate(
        raised=Count("pk"),
        acknowledged=Count("pk", filter=acknowledged),
        in_time=Count("pk", filter=acknowledged & Q(acknowledged_at__lte=F("respond_by"))),
        late=Count(
            "pk",
            filter=(acknowledged & Q(acknowledged_at__gt=F("respond_by")))
            | Q(acknowledged_at__isnull=True, respond_by__lt=scope.now),
        ),
    )
    # Hours from raised to acknowledged, worked out in the database (reading
    # thousands of times into Python is the slow part).
    taken = (
        raised.filter(acknowledged)
        .annotate(taken=ExpressionWrapper(F("acknowledged_at") - F("raised_at"), DurationField()))
        .values_list("taken", flat=True)
    )
    hours = [t.total_seconds() / 3600 for t in taken]
    median = statistics.median(hours) if hours else None
    return Alerts(
        raised=found["raised"],
        acknowledged=found["acknowledged"],
        in_time=found["in_time"],
        late_or_waiting=found["late"],
        median_hours=round(median, 1) if median is not None else None,
    )


# --- Messaging ----------------------------------------------------------------------


@dataclass(frozen=True)
class Messaging:
    from_people: int  # messages from service users and carers
    from_team: int
    people_with_team_message: int


def messaging(scope: Scope) -> Messaging:
    sent = Message.objects.filter(
        thread__team_id__in=scope.team_ids, sent_at__gte=scope.start, sent_at__lt=scope.end
    )
    by_kind = dict(
        sent.values("author_kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("author_kind", "n")
    )
    return Messaging(
        from_people=by_kind.get(AuthorKind.SERVICE_USER, 0) + by_kind.get(AuthorKind.CARER, 0),
        from_team=by_kind.get(AuthorKind.STAFF, 0),
        people_with_team_message=sent.filter(author_kind=AuthorKind.STAFF)
        .values("thread__service_user_id")
        .distinct()
        .count(),
    )
