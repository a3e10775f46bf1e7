"""Continuity checks: contact that silently stops (HAZ-052).

Run daily by ``manage.py check_continuity`` (cron) or the ``check_continuity``
task. For each team they raise work items for the team's managers, with the
reason in plain words, when:

(a) an active contact plan has nothing booked with anyone in the team within
    its interval from the later of the last held appointment and the plan's
    start (PLANNED_CONTACT_NOT_BOOKED);
(b) an appointment under a plan passed as did-not-attend, was cancelled, or
    still has no outcome two days after it (PLANNED_CONTACT_NOT_HELD);
(c) a person open to the team has had no held appointment for longer than the
    team's no-contact limit, counted from when they joined the caseload if they
    were never seen (NO_RECENT_CONTACT);
(d) a care coordinator is away today (leave covering today, or left) or their
    account is switched off, coordinates people in the team, and nobody covers
    them (CASELOAD_WITHOUT_COVER): one item per absence, saying how many people.

The checks read sets, not people: a fixed number of queries per team however
large its caseload (a test holds it to that), plus the writes for new items.
A cause already raised (open or closed) is not raised again; a new cause
(another missed interval, a later last contact, another absence) is.

A member's place in a group session is an appointment of the team (ADR 0053),
so it counts here exactly as a one-to-one does: attended is contact held,
did-not-attend or cancelled under a plan is contact not held.

Nothing here decides care. A manager reads the reason and acts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from tandem.appointments.guardrails import rules_for
from tandem.appointments.models import (
    HELD,
    Appointment,
    AppointmentModality,
    Attendance,
    ContactPlan,
    Leave,
    LeaveKind,
    Status,
)
from tandem.appointments.slots import at
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser
from tandem.worklist.models import WorkItem, WorkKind
from tandem.worklist.services import raise_work_item

CONTINUITY_KINDS = (
    WorkKind.PLANNED_CONTACT_NOT_BOOKED,
    WorkKind.PLANNED_CONTACT_NOT_HELD,
    WorkKind.NO_RECENT_CONTACT,
    WorkKind.CASELOAD_WITHOUT_COVER,
)
# An appointment with no outcome this long after it counts as not held.
OUTCOME_GRACE = dt.timedelta(days=2)
NOT_HELD = (Attendance.DID_NOT_ATTEND, Attendance.LATE_NOT_SEEN)
WAYS = dict(AppointmentModality.choices)


@dataclass(frozen=True)
class Found:
    kind: str
    title: str
    reason: str
    about_key: str
    service_user: ServiceUser | None


def day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"


def way(modality: str) -> str:
    return WAYS.get(modality, modality).lower()


def _held_at(team: CareTeam) -> Subquery:
    """The latest held appointment of the outer row's person in ``team``."""
    return Subquery(
        Appointment.objects.filter(
            team=team, service_user=OuterRef("service_user"), attendance__in=HELD
        )
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


# --- (a) and (b) --------------------------------------------------------------------


def planned_contact(team: CareTeam, *, now: dt.datetime) -> list[Found]:
    """Active plans with nothing booked in time, and planned appointments not held.

    Three queries: plans with their person's last held appointment, and the
    team's appointments for those people since the earliest plan started.
    """
    today = timezone.localdate(now)
    plans = list(
        ContactPlan.objects.filter(team=team, ended_on__isnull=True, started_on__lte=today)
        .annotate(last_held_at=_held_at(team))
        .select_related("service_user", "clinician__user")
    )
    if not plans:
        return []
    earliest = min(p.started_on for p in plans)
    by_person: dict[int, list[Appointment]] = defaultdict(list)
    for appointment in Appointment.objects.filter(
        team=team,
        service_user_id__in={p.service_user_id for p in plans},
        starts_at__gte=at_start(earliest),
    ).annotate(moved=Exists(Appointment.objects.filter(moved_from=OuterRef("pk")))):
        by_person[appointment.service_user_id].append(appointment)

    found: list[Found] = []
    for plan in plans:
        person = plan.service_user
        appointments = by_person[plan.service_user_id]
        last_held = plan.last_held_at
        anchor = max(plan.started_on, timezone.localdate(last_held) if last_held else dt.date.min)
        due_by = anchor + dt.timedelta(days=plan.every_days)
        booked_in_time = any(
            a.status == Status.BOOKED
            and a.attendance not in NOT_HELD
            and (last_held is None or a.starts_at > last_held)
            and timezone.localdate(a.starts_at) >= anchor
            and timezone.localdate(a.starts_at) <= due_by
            for a in appointments
        )
        if not booked_in_time:
            # A new item for each interval that passes with nothing booked.
            missed = max(0, (today - anchor).days // plan.every_days)
            found.append(
                Found(
                    WorkKind.PLANNED_CONTACT_NOT_BOOKED,
                    f"Planned contact not booked for {person.display_name}",
                    f"{plan.description}: nothing booked since {day(anchor)} "
                    f"(due by {day(due_by)}).",
                    f"contact-plan:{plan.pk}:{anchor.isoformat()}:{missed}",
                    person,
                )
            )
        for a in appointments:
            if timezone.localdate(a.starts_at) < plan.started_on or a.starts_at >= now:
                continue
            why = _not_held(a, now=now)
            if why:
                found.append(
                    Found(
                        WorkKind.PLANNED_CONTACT_NOT_HELD,
                        f"Planned contact not held for {person.display_name}",
                        f"{plan.description}: the {_what(a)} on "
                        f"{day(timezone.localdate(a.starts_at))} {why}.",
                        a.about_key,
                        person,
                    )
                )
    return found


def _what(a: Appointment) -> str:
    """A place in a group session counts as contact like any appointment; the
    reason says which it was, so the manager knows what was missed."""
    if a.group_session_id:
        return f"group session by {way(a.modality)}"
    return f"{way(a.modality)} appointment"


def _not_held(a: Appointment, *, now: dt.datetime) -> str:
    if a.status == Status.CANCELLED:
        if a.moved:  # type: ignore[attr-defined]
            return ""  # moved, not lost: the new appointment is checked instead
        who = "the person" if a.attendance == Attendance.CANCELLED_BY_PERSON else "the service"
        return f"was cancelled by {who}"
    if a.attendance in NOT_HELD:
        return f"was not held ({a.get_attendance_display().lower()})"
    if not a.attendance and a.starts_at < now - OUTCOME_GRACE:
        return "has no outcome recorded two days later"
    return ""


def at_start(value: dt.date) -> dt.datetime:
    return at(value, dt.time.min)


# --- (c) -----------------------------------------------------------------------------


def no_recent_contact(team: CareTeam, *, now: dt.datetime, limit_days: int) -> list[Found]:
    """People open to the team with no held appointment for longer than the limit. One query."""
    today = timezone.localdate(now)
    last = (
        Appointment.objects.filter(
            team=team, service_user=OuterRef("service_user"), attendance__in=HELD
        )
        .order_by("-starts_at")
        .annotate(held_way=Coalesce(NullIf(F("switched_to"), Value("")), F("modality")))
    )
    entries = (
        CaseloadEntry.objects.filter(team=team, closed_on__isnull=True)
        .annotate(
            last_held_at=Subquery(last.values("starts_at")[:1]),
            last_held_way=Subquery(last.values("held_way")[:1]),
        )
        .select_related("service_user")
    )
    cutoff = today - dt.timedelta(days=limit_days)
    found = []
    for entry in entries:
        held_at = entry.last_held_at
        since = timezone.localdate(held_at) if held_at else entry.opened_on
        if since >= cutoff:
            continue
        person = entry.service_user
        if held_at:
            reason = (
                f"Last contact held was on {day(since)} by "
                f"{way(entry.last_held_way)}: "
                f"{(today - since).days} days ago. The team's limit is {limit_days} days."
            )
        else:
            reason = (
                f"Not seen since joining the caseload on {day(since)}: "
                f"{(today - since).days} days ago. The team's limit is {limit_days} days."
            )
        found.append(
            Found(
                WorkKind.NO_RECENT_CONTACT,
                f"No recent contact with {person.display_name}",
                reason,
                f"no-contact:{entry.pk}:{since.isoformat()}",
                person,
            )
        )
    return found


# --- (d) -----------------------------------------------------------------------------


def caseload_without_cover(team: CareTeam, *, now: dt.datetime) -> list[Found]:
    """Coordinators away today or switched off with nobody covering. Two queries."""
    today = timezone.localdate(now)
    counts = {
        row["care_coordinator"]: row
        for row in CaseloadEntry.objects.filter(
            team=team, closed_on__isnull=True, care_coordinator__isnull=False
        )
        .values(
            "care_coordinator",
            "care_coordinator__user__full_name",
            "care_coordinator__user__is_active",
        )
        .annotate(people=Count("pk"))
    }
    if not counts:
        return []
    away: dict[int, list[Leave]] = defaultdict(list)
    for leave in (
        Leave.objects.filter(staff_id__in=counts, first_day__lte=today)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=today) | Q(kind=LeaveKind.LEFT))
        .order_by("first_day", "pk")
    ):
        away[leave.staff_id].append(leave)

    found = []
    for staff_id, row in counts.items():
        name, people = row["care_coordinator__user__full_name"], row["people"]
        leaves = away.get(staff_id, [])
        if any(leave.cover_id for leave in leaves):
            continue
        many = f"{people} {'person' if people == 1 else 'people'}"
        if leaves:
            leave = leaves[0]
            if leave.kind == LeaveKind.LEFT:
                what = f"left the team on {day(leave.first_day)}"
            elif leave.last_day:
                what = (
                    f"is away ({leave.get_kind_display().lower()}) from "
                    f"{day(leave.first_day)} to {day(leave.last_day)}"
                )
            else:
                what = f"is away ({leave.get_kind_display().lower()}) from {day(leave.first_day)}"
            key = f"no-cover:leave:{leave.pk}"
        elif not row["care_coordinator__user__is_active"]:
            what = "has an account that is switched off"
            key = f"no-cover:inactive:{staff_id}"
        else:
            continue
        found.append(
            Found(
                WorkKind.CASELOAD_WITHOUT_COVER,
                f"Caseload without cover: {name} ({many})",
                f"{name} {what}, with no cover arranged. They are care coordinator for "
                f"{many} open to {team.name}.",
                key,
                None,
            )
        )
    return found


# --- Running the checks ------------------------------------------------------------


def find(team: CareTeam, *, now: dt.datetime) -> list[Found]:
    rules = rules_for(team)
    return [
        *planned_contact(team, now=now),
        *no_recent_contact(team, now=now, limit_days=rules.no_contact_days),
        *caseload_without_cover(team, now=now),
    ]


def check_team(team: CareTeam, *, now: dt.datetime | None = None) -> int:
    """Raise manager work items for ``team``; returns how many new items were raised."""
    now = now or timezone.now()
    raised_before = set(
        WorkItem.objects.filter(team=team, kind__in=CONTINUITY_KINDS).values_list(
            "kind", "about_key"
        )
    )
    new = 0
    for item in find(team, now=now):
        if (item.kind, item.about_key) in raised_before:
            continue
        raise_work_item(
            team=team,
            kind=item.kind,
            title=item.title,
            reason=item.reason,
            service_user=item.service_user,
            about_key=item.about_key,
            for_managers=True,
        )
        raised_before.add((item.kind, item.about_key))
        new += 1
    return new


def check_all_teams(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every check for every team. Returns new items per team slug."""
    now = now or timezone.now()
    return {team.slug: check_team(team, now=now) for team in CareTeam.objects.order_by("pk")}
