"""Reads for the managing pages, each scoped by ``tandem.access`` to the user asking.

Team settings are read only for teams the user manages; referrals, plans and
waits for teams the user works in. Getting one thing by id returns None when
it is missing or not the user's, so views give the same 404 for both.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments.continuity import CONTINUITY_KINDS
from tandem.appointments.guardrails import rules_for
from tandem.appointments.models import (
    APPOINTMENT_MODALITIES,
    Appointment,
    AppointmentModality,
    AppointmentType,
    ContactPlan,
    Referral,
    Site,
    Status,
    TeamRules,
    is_remote,
)
from tandem.appointments.slots import at
from tandem.people.models import CareTeam, Organisation, ServiceUser, StaffMember, User
from tandem.worklist import selectors as worklist_selectors
from tandem.worklist.models import WorkItem, WorkKind

WAYS = dict(AppointmentModality.choices)

# --- Teams -------------------------------------------------------------------------


def managed_team(user: User, *, pk: int) -> CareTeam | None:
    return scopes.managed_teams(user).filter(pk=pk).first()


def managed_teams(user: User) -> list[CareTeam]:
    return list(scopes.managed_teams(user).order_by("name"))


def rules_of(team: CareTeam) -> TeamRules:
    return rules_for(team)


def shared_teams(user: User, person: ServiceUser) -> list[CareTeam]:
    """Teams the user works in that ``person`` is open to, by name."""
    return list(
        CareTeam.objects.filter(
            pk__in=scopes.caseload_entries_of(user).filter(service_user=person).values("team_id")
        ).order_by("name")
    )


def team_clinicians(team: CareTeam) -> list[StaffMember]:
    return list(
        StaffMember.objects.filter(memberships__team=team, user__is_active=True)
        .select_related("user")
        .distinct()
        .order_by("user__full_name")
    )


# --- Appointment types, sites and rooms ---------------------------------------------


def appointment_types(team: CareTeam) -> list[AppointmentType]:
    return list(AppointmentType.objects.filter(team=team).order_by("-is_active", "name"))


def appointment_type_for(user: User, *, pk: int) -> AppointmentType | None:
    return (
        AppointmentType.objects.filter(pk=pk, team__in=scopes.managed_teams(user))
        .select_related("team")
        .first()
    )


def organisations(user: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            pk__in=scopes.managed_teams(user).values("organisation_id")
        ).order_by("name")
    )


def sites(user: User) -> list[Site]:
    return list(
        Site.objects.filter(organisation__in=organisations(user))
        .prefetch_related("rooms")
        .order_by("name")
    )


def site_for(user: User, *, pk: int) -> Site | None:
    return (
        Site.objects.filter(
            pk=pk, organisation_id__in=scopes.managed_teams(user).values("organisation_id")
        )
        .select_related("organisation")
        .first()
    )


# --- Referrals and waits ------------------------------------------------------------


@dataclass(frozen=True)
class WaitRow:
    referral: Referral
    days_waiting: int  # to first held, or to today if not yet seen
    seen: bool


@dataclass
class TeamWaits:
    team: CareTeam
    rows: list[WaitRow]
    to_offer: dict[str, float | None] = field(default_factory=dict)
    to_held: dict[str, float | None] = field(default_factory=dict)
    counted_since: dt.date | None = None


def median_days_by_way(waits: Iterable[tuple[str, int]]) -> dict[str, float | None]:
    """Median days for each way (face to face, video, phone); None where there are none."""
    grouped: dict[str, list[int]] = defaultdict(list)
    for way, days in waits:
        grouped[way].append(days)
    return {
        way: (statistics.median(grouped[way]) if grouped[way] else None)
        for way in APPOINTMENT_MODALITIES
    }


def waiting_list(user: User, *, since_days: int = 365) -> list[TeamWaits]:
    """Open referrals for each of the user's teams, and median waits over the last year.

    Two queries per team list: open referrals, and referrals received since
    ``since_days`` ago with a first offer or first held appointment.
    """
    teams = list(scopes.teams_of(user).order_by("name"))
    today = timezone.localdate()
    since = today - dt.timedelta(days=since_days)
    open_rows: dict[int, list[WaitRow]] = defaultdict(list)
    for referral in (
        Referral.objects.filter(team__in=teams, closed_on__isnull=True)
        .select_related("service_user")
        .order_by("received_on", "pk")
    ):
        seen = referral.first_held_on is not None
        end = referral.first_held_on if seen else today
        open_rows[referral.team_id].append(
            WaitRow(referral, (end - referral.received_on).days, seen)  # type: ignore[operator]
        )
    offered: dict[int, list[tuple[str, int]]] = defaultdict(list)
    held: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for team_id, received, offered_on, offered_way, held_on, held_way in Referral.objects.filter(
        team__in=teams, received_on__gte=since
    ).values_list(
        "team_id",
        "received_on",
        "first_offered_on",
        "first_offered_modality",
        "first_held_on",
        "first_held_modality",
    ):
        if offered_on:
            offered[team_id].append((offered_way, (offered_on - received).days))
        if held_on:
            held[team_id].append((held_way, (held_on - received).days))
    return [
        TeamWaits(
            team=team,
            rows=open_rows[team.pk],
            to_offer=median_days_by_way(offered[team.pk]),
            to_held=median_days_by_way(held[team.pk]),
            counted_since=since,
        )
        for team in teams
    ]


def referrals_of(user: User, person: ServiceUser) -> list[Referral]:
    return list(
        Referral.objects.filter(service_user=person, team__in=scopes.teams_of(user))
        .select_related("team")
        .order_by("-received_on", "-pk")
    )


# --- Contact plans ----------------------------------------------------------------


def contact_plans_of(user: User, person: ServiceUser) -> list[ContactPlan]:
    """The person's plans with the user's teams, current first then latest."""
    return list(
        ContactPlan.objects.filter(service_user=person, team__in=scopes.teams_of(user))
        .select_related("team", "clinician__user")
        .order_by("ended_on", "-started_on", "-pk")
    )


def contact_plan_for(user: User, *, pk: int, person: ServiceUser) -> ContactPlan | None:
    return ContactPlan.objects.filter(
        pk=pk, service_user=person, team__in=scopes.teams_of(user)
    ).first()


# --- Continuity items ---------------------------------------------------------------


@dataclass(frozen=True)
class KindSummary:
    kind: str
    label: str
    items: list[WorkItem]


def continuity_items(user: User) -> list[KindSummary]:
    """Open continuity tasks for the teams the user manages, grouped by kind."""
    items = list(
        worklist_selectors.work_items_visible_to(user).filter(
            team__in=scopes.managed_teams(user),
            kind__in=CONTINUITY_KINDS,
            done_at__isnull=True,
        )
    )
    labels = dict(WorkKind.choices)
    return [
        KindSummary(kind, labels[kind], [i for i in items if i.kind == kind])
        for kind in CONTINUITY_KINDS
    ]


# --- Workload ------------------------------------------------------------------------


@dataclass
class WeekLoad:
    week: str  # ISO week, e.g. '2026-W47'
    remote_hours: float = 0.0
    breaches: list[Appointment] = field(default_factory=list)


@dataclass
class ClinicianLoad:
    name: str
    weeks: dict[str, WeekLoad] = field(default_factory=dict)

    @property
    def breach_count(self) -> int:
        return sum(len(w.breaches) for w in self.weeks.values())


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weeks_between(first: dt.date, last: dt.date) -> list[str]:
    weeks: list[str] = []
    day = first - dt.timedelta(days=first.weekday())
    while day <= last:
        weeks.append(iso_week(day))
        day += dt.timedelta(days=7)
    return weeks


def workload(user: User, *, first: dt.date, last: dt.date) -> list[ClinicianLoad]:
    """Guardrail breaches and remote hours per clinician and ISO week, for booked
    appointments in the teams the user manages. One query."""
    weeks = weeks_between(first, last)
    found: dict[int, ClinicianLoad] = {}
    booked: QuerySet[Appointment] = (
        Appointment.objects.filter(
            team__in=scopes.managed_teams(user),
            status=Status.BOOKED,
            starts_at__gte=at(first, dt.time.min),
            starts_at__lte=at(last, dt.time.max),
        )
        # Guardrails are about remote sessions, so only remote ones can breach them.
        .exclude(modality="face_to_face")
        .select_related("clinician__user", "service_user")
        .order_by("starts_at")
    )
    for appointment in booked:
        load = found.setdefault(
            appointment.clinician_id,
            ClinicianLoad(appointment.clinician.user.full_name, {w: WeekLoad(w) for w in weeks}),
        )
        week = load.weeks[iso_week(timezone.localdate(appointment.starts_at))]
        if is_remote(appointment.modality):
            week.remote_hours += appointment.duration / dt.timedelta(hours=1)
        if appointment.guardrail_breaches:
            week.breaches.append(appointment)
    return sorted(found.values(), key=lambda c: (-c.breach_count, c.name))
