"""When clinicians can be booked, and booking with a shared decision.

Writes here are keyword-only, typed, atomic and audited, like every service.
A clinician manages their own sessions and leave; a team manager manages those
of anyone in a team they manage. Overlapping sessions are refused so a
clinician is never offered twice for the same hour.

Also here: the few reads of service configuration (appointment types, sites,
team members) that the staff booking pages need. They hold no personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments import services
from tandem.appointments.models import (
    APPOINTMENT_MODALITIES,
    Appointment,
    AppointmentModality,
    AppointmentType,
    AvailabilitySession,
    Leave,
    LeaveKind,
    OneOffSession,
    Room,
    Site,
    Status,
)
from tandem.appointments.slots import at
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, ServiceUser, StaffMember, TeamMembership, User
from tandem.preferences.models import SharedDecision
from tandem.preferences.services import Decision, record_shared_decision

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class InvalidAvailability(InvalidInput):
    """Availability that cannot be saved, with a message for the person entering it."""


# --- Who may manage whose availability -----


def may_manage(actor: User, staff: StaffMember, team: CareTeam | None = None) -> bool:
    """Their own, or anyone's in a team ``actor`` manages (in that team)."""
    if not actor.is_authenticated or not actor.is_staff_member:
        return False
    if team is not None and not TeamMembership.objects.filter(staff=staff, team=team).exists():
        return False
    if staff.pk == actor.staff.pk:
        return True
    managed = scopes.managed_teams(actor)
    if team is not None:
        return managed.filter(pk=team.pk).exists()
    return TeamMembership.objects.filter(staff=staff, team__in=managed).exists()


def _require_manage(actor: User, staff: StaffMember, team: CareTeam | None = None) -> None:
    if not may_manage(actor, staff, team):
        raise PermissionDenied("You can only change your own availability or your team's.")


def teams_for_sessions(actor: User, staff: StaffMember) -> list[CareTeam]:
    """Teams ``actor`` may add sessions to for ``staff``."""
    teams = CareTeam.objects.filter(memberships__staff=staff).order_by("name")
    if staff.pk != actor.staff.pk:
        teams = teams.filter(pk__in=scopes.managed_teams(actor))
    return list(teams)


# --- Checks -----


def _check_times(starts: dt.time, ends: dt.time) -> None:
    if ends <= starts:
        raise InvalidAvailability("The end time must be after the start time")


def _check_place(modalities: tuple[str, ...], site: Site | None, room: Room | None) -> None:
    if not modalities:
        raise InvalidAvailability("Select at least one way the session offers")
    if set(modalities) - set(APPOINTMENT_MODALITIES):
        raise InvalidAvailability("Select ways from the list")
    if AppointmentModality.FACE_TO_FACE in modalities and site is None:
        raise InvalidAvailability("Choose the site for face-to-face appointments")
    if room is not None and (site is None or room.site_id != site.pk):
        raise InvalidAvailability("The room must be at the chosen site")


def _times_overlap(a_start: dt.time, a_end: dt.time, b_start: dt.time, b_end: dt.time) -> bool:
    return a_start < b_end and b_start < a_end


def _lock(staff: StaffMember) -> None:
    """Serialise changes to one clinician's availability so two overlapping
    sessions cannot both pass the check."""
    StaffMember.objects.select_for_update().filter(pk=staff.pk).first()


def _describe(starts: dt.time, ends: dt.time) -> str:
    return f"{starts:%H:%M} to {ends:%H:%M}"


# --- Recurring sessions -----


@dataclass(frozen=True)
class SessionDetails:
    team: CareTeam
    weekday: int
    starts: dt.time
    ends: dt.time
    modalities: tuple[str, ...]
    site: Site | None = None
    room: Room | None = None
    self_bookable: bool = False
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


def _where_and_how(details: SessionDetails | OneOffDetails) -> dict[str, Any]:
    """The fields a weekly and a one-off session share. A room and site are kept
    only for a session that offers face to face."""
    face_to_face = AppointmentModality.FACE_TO_FACE in details.modalities
    return {
        "team": details.team,
        "starts": details.starts,
        "ends": details.ends,
        "site": details.site if face_to_face else None,
        "room": details.room if face_to_face else None,
        "modalities": list(details.modalities),
        "self_bookable": details.self_bookable,
    }


def overlapping_session(
    *,
    staff: StaffMember,
    weekday: int,
    starts: dt.time,
    ends: dt.time,
    valid_from: dt.date,
    valid_until: dt.date | None,
) -> AvailabilitySession | None:
    """Another recurring session of ``staff`` on that weekday, at an overlapping
    time, whose dates overlap the given ones."""
    candidates = AvailabilitySession.objects.filter(
        staff=staff, weekday=weekday, starts__lt=ends, ends__gt=starts
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))
    if valid_until is not None:
        candidates = candidates.filter(valid_from__lte=valid_until)
    return candidates.order_by("starts").first()


@transaction.atomic
def add_session(*, actor: User, staff: StaffMember, details: SessionDetails) -> AvailabilitySession:
    """Add a weekly session, refusing one that overlaps the clinician's others."""
    _require_manage(actor, staff, details.team)
    if not 0 <= details.weekday <= 6:
        raise InvalidAvailability("Choose a day of the week")
    _check_times(details.starts, details.ends)
    _check_place(details.modalities, details.site, details.room)
    valid_from = details.valid_from or timezone.localdate()
    if details.valid_until is not None and details.valid_until < valid_from:
        raise InvalidAvailability("The last date must be on or after the first date")
    _lock(staff)
    clash = overlapping_session(
        staff=staff,
        weekday=details.weekday,
        starts=details.starts,
        ends=details.ends,
        valid_from=valid_from,
        valid_until=details.valid_until,
    )
    if clash is not None:
        raise InvalidAvailability(
            f"This overlaps the {WEEKDAYS[clash.weekday]} session from "
            f"{_describe(clash.starts, clash.ends)}. Change the times or dates, "
            "or end the other session first"
        )
    session = AvailabilitySession.objects.create(
        staff=staff,
        weekday=details.weekday,
        valid_from=valid_from,
        valid_until=details.valid_until,
        **_where_and_how(details),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=session,
        what=f"Added a session for {staff}: {WEEKDAYS[session.weekday]} "
        f"{_describe(session.starts, session.ends)}",
    )
    return session


def booked_after(session: AvailabilitySession, last_day: dt.date) -> int:
    """Booked appointments in this session's hours after ``last_day`` (and before the
    session was due to end), which need moving."""
    booked = Appointment.objects.filter(
        clinician=session.staff,
        team=session.team,
        status=Status.BOOKED,
        starts_at__gt=at(last_day, dt.time.max),
    )
    if session.valid_until is not None:
        booked = booked.filter(starts_at__lte=at(session.valid_until, dt.time.max))
    return sum(
        1
        for starts in booked.values_list("starts_at", flat=True)
        if timezone.localtime(starts).weekday() == session.weekday
        and session.starts <= timezone.localtime(starts).time() < session.ends
    )


@transaction.atomic
def end_session(*, actor: User, session: AvailabilitySession, last_day: dt.date) -> int:
    """End a weekly session after ``last_day``. Returns how many booked appointments
    fall after it, so the person ending it can move them."""
    _require_manage(actor, session.staff, session.team)
    locked = AvailabilitySession.objects.select_for_update().get(pk=session.pk)
    if last_day < timezone.localdate():
        raise InvalidAvailability("The last date must be today or in the future")
    if last_day < locked.valid_from:
        raise InvalidAvailability(
            f"The last date must be on or after the session starts ({locked.valid_from:%-d %B %Y})"
        )
    if locked.valid_until is not None and last_day > locked.valid_until:
        raise InvalidAvailability(
            f"The session already ends on {locked.valid_until:%-d %B %Y}; "
            "choose that date or an earlier one"
        )
    to_move = booked_after(locked, last_day)
    locked.valid_until = last_day
    locked.save(update_fields=["valid_until"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Ended a {WEEKDAYS[locked.weekday]} session of {locked.staff} "
        f"after {last_day:%-d %B %Y}",
    )
    return to_move


# --- One-off sessions --------------------------------------------------------------


@dataclass(frozen=True)
class OneOffDetails:
    team: CareTeam
    day: dt.date
    starts: dt.time
    ends: dt.time
    modalities: tuple[str, ...]
    site: Site | None = None
    room: Room | None = None
    self_bookable: bool = False


@transaction.atomic
def add_one_off(*, actor: User, staff: StaffMember, details: OneOffDetails) -> OneOffSession:
    """Extra availability on one date, refusing overlap with the clinician's other
    sessions that day."""
    _require_manage(actor, staff, details.team)
    if details.day < timezone.localdate():
        raise InvalidAvailability("The date must be today or in the future")
    _check_times(details.starts, details.ends)
    _check_place(details.modalities, details.site, details.room)
    _lock(staff)
    weekly = overlapping_session(
        staff=staff,
        weekday=details.day.weekday(),
        starts=details.starts,
        ends=details.ends,
        valid_from=details.day,
        valid_until=details.day,
    )
    other = OneOffSession.objects.filter(
        staff=staff, day=details.day, starts__lt=details.ends, ends__gt=details.starts
    ).first()
    clash = weekly or other
    if clash is not None:
        raise InvalidAvailability(
            f"This overlaps another session that day, from {_describe(clash.starts, clash.ends)}"
        )
    extra = OneOffSession.objects.create(staff=staff, day=details.day, **_where_and_how(details))
    record(
        actor=actor,
        action=Action.CREATE,
        obj=extra,
        what=f"Added a one-off session for {staff} on {details.day:%-d %B %Y} "
        f"{_describe(details.starts, details.ends)}",
    )
    return extra


# --- Leave -----


def colleagues_of(staff: StaffMember) -> QuerySet[StaffMember]:
    """Staff who share a team with ``staff`` (who may cover for them)."""
    teams = TeamMembership.objects.filter(staff=staff).values("team_id")
    return (
        StaffMember.objects.filter(memberships__team_id__in=teams)
        .exclude(pk=staff.pk)
        .distinct()
        .select_related("user")
        .order_by("user__full_name")
    )


def booked_during(staff: StaffMember, first_day: dt.date, last_day: dt.date | None) -> int:
    booked = Appointment.objects.filter(
        clinician=staff, status=Status.BOOKED, starts_at__gte=at(first_day, dt.time.min)
    )
    if last_day is not None:
        booked = booked.filter(starts_at__lte=at(last_day, dt.time.max))
    return booked.count()


@transaction.atomic
def add_leave(
    *,
    actor: User,
    staff: StaffMember,
    kind: str,
    first_day: dt.date,
    last_day: dt.date | None,
    cover: StaffMember | None,
) -> tuple[Leave, int]:
    """Record leave (no slots are offered on those days). Returns the leave and how
    many appointments are already booked in it, which need moving or covering."""
    _require_manage(actor, staff)
    if kind not in LeaveKind.values:
        raise InvalidAvailability("Select the kind of leave")
    if kind == LeaveKind.LEFT:
        if last_day is not None:
            raise InvalidAvailability("Leave the last day blank when they have left the team")
    elif last_day is None:
        raise InvalidAvailability("Enter the last day of leave")
    if last_day is not None and last_day < first_day:
        raise InvalidAvailability("The last day must be on or after the first day")
    if cover is not None and not colleagues_of(staff).filter(pk=cover.pk).exists():
        raise InvalidAvailability("Cover must be a colleague in the same team")
    leave = Leave.objects.create(
        staff=staff,
        kind=kind,
        first_day=first_day,
        last_day=last_day,
        cover=cover,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=leave,
        what=f"Recorded {leave.get_kind_display().lower()} for {staff} from {first_day:%-d %B %Y}",
    )
    return leave, booked_during(staff, first_day, last_day)


# --- What a clinician's availability is -------------------------------------------------


@dataclass(frozen=True)
class Availability:
    staff: StaffMember
    sessions: list[AvailabilitySession]
    one_offs: list[OneOffSession]
    leave: list[Leave]


def availability_of(staff: StaffMember) -> Availability:
    """Sessions still running or to come, one-off sessions and leave from today."""
    today = timezone.localdate()
    return Availability(
        staff=staff,
        sessions=list(
            AvailabilitySession.objects.filter(staff=staff)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .select_related("team", "site", "room")
            .order_by("weekday", "starts")
        ),
        one_offs=list(
            OneOffSession.objects.filter(staff=staff, day__gte=today)
            .select_related("team", "site", "room")
            .order_by("day", "starts")
        ),
        leave=list(
            Leave.objects.filter(staff=staff)
            .filter(Q(last_day__isnull=True) | Q(last_day__gte=today))
            .select_related("cover__user")
            .order_by("first_day")
        ),
    )


def sites_of(team: CareTeam) -> list[Site]:
    return list(Site.objects.filter(organisation_id=team.organisation_id, is_active=True))


def rooms_at(sites: list[Site]) -> list[Room]:
    return list(
        Room.objects.filter(site__in=sites, is_active=True)
        .select_related("site")
        .order_by("site__name", "name")
    )


# --- Booking reads and booking with a shared decision -----


def types_for(teams: list[CareTeam]) -> list[AppointmentType]:
    return list(
        AppointmentType.objects.filter(team__in=teams, is_active=True)
        .select_related("team")
        .order_by("team__name", "name")
    )


def members_of(team: CareTeam) -> list[StaffMember]:
    return list(
        StaffMember.objects.filter(memberships__team=team)
        .select_related("user")
        .order_by("user__full_name")
        .distinct()
    )


def place(site_id: int | None, room_id: int | None) -> tuple[Site | None, Room | None]:
    """The site and room of a slot, as objects for a booking."""
    site = Site.objects.filter(pk=site_id).first() if site_id else None
    room = Room.objects.filter(pk=room_id, site=site).first() if room_id and site else None
    return site, room


@transaction.atomic
def book_with_decision(
    *,
    actor: User,
    person: ServiceUser,
    booking: services.Booking,
    decision: Decision | None,
    guidance_shown: dict[str, str],
) -> Appointment:
    """Record the shared decision (if one was made now) and book on it, in one
    transaction: a booking never commits without the decision it rests on."""
    made: SharedDecision | None = booking.shared_decision
    if decision is not None:
        made = record_shared_decision(
            actor=actor, person=person, decision=decision, guidance_shown=guidance_shown
        )
    return services.book(actor=actor, booking=replace(booking, shared_decision=made))
