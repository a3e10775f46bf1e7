"""Every write for group programmes. Keyword-only, typed, atomic, audited (ADR 0053).

A member's place in a session is an ordinary ``Appointment`` linked to the
session, booked in the lead facilitator's diary: the appointments app's
notices, cancellations and outcomes then work for groups unchanged. The
database still refuses a member's place that overlaps any of their other
appointments (migration appointments 0004); the check here comes first so the
person booking is told which appointment clashes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments import elsewhere, notices
from tandem.appointments import services as appointment_services
from tandem.appointments.models import (
    Appointment,
    AppointmentModality,
    AppointmentType,
    BookedVia,
    Room,
    Site,
    Status,
)
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groups.models import (
    MAX_FREE_TEXT,
    Enrolment,
    EnrolmentState,
    GroupProgramme,
    GroupSession,
    JoinsBy,
    SessionStatus,
    Way,
)
from tandem.people.models import CareTeam, ServiceUser, StaffMember, TeamMembership, User
from tandem.preferences.models import DigitalAccessCheck
from tandem.web.dates import day_and_clock
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

GROUP_TYPE_NAME = "Group session"
# What stops a person taking part by video from home, as the digital access
# check words it (tandem.preferences): each one means offering the room.
ROOM_REASONS = ("No device for video calls", "No private space at home")


@dataclass(frozen=True)
class NewProgramme:
    team: CareTeam
    name: str
    purpose: str
    capacity: int
    way: str
    facilitators: Sequence[StaffMember]
    site: Site | None
    room: Room | None
    first_starts_at: dt.datetime
    minutes: int
    sessions: int
    every_days: int = 7


@dataclass(frozen=True)
class EnrolResult:
    enrolment: Enrolment
    # Said to the clinician after enrolling: a waiting list place, the room
    # offered, a video-only group the person may not manage from home.
    notes: tuple[str, ...] = ()


def _text(value: str, what: str, *, limit: int = MAX_FREE_TEXT, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"Enter {what.lower()}")
    if len(value) > limit:
        raise InvalidInput(f"{what} must be {limit} characters or fewer")
    return value


def group_type_for(team: CareTeam, *, minutes: int) -> AppointmentType:
    """The team's 'Group session' appointment type (made the first time it is needed)."""
    found = AppointmentType.objects.filter(
        team=team, kind="group_session", name=GROUP_TYPE_NAME
    ).first()
    if found is None:
        found = AppointmentType.objects.create(
            team=team, name=GROUP_TYPE_NAME, kind="group_session", duration_minutes=minutes
        )
    return found


# --- Programmes ----------------------------------------------------------------


def _check_facilitators_free(
    facilitators: Sequence[StaffMember], windows: Sequence[tuple[dt.datetime, dt.datetime]]
) -> None:
    """No session may double-book any facilitator, lead or co-facilitator: not over
    their appointments, nor over another group they facilitate. Two queries.

    A courtesy, like appointments' own check: the database guards only the
    lead's appointments (ADR 0053), so a race between two bookings is not
    refused here (ADR 0060)."""
    staff = {member.pk: member for member in facilitators}
    overlapping = Q()
    for starts, ends in windows:
        overlapping |= Q(starts_at__lt=ends, ends_at__gt=starts)
    clash = (
        Appointment.objects.filter(overlapping, clinician_id__in=staff, status=Status.BOOKED)
        .select_related("appointment_type")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise InvalidInput(
            f"{staff[clash.clinician_id].user.full_name} already has an appointment then: "
            f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. Choose "
            "another time for the group, another facilitator, or move that appointment first.",
            field="facilitators",
        )
    first, last = min(s for s, _ in windows), max(e for _, e in windows)
    busy = [
        found
        for found in elsewhere.busy_between(staff, first, last)
        if any(found.starts_at < ends and found.ends_at > starts for starts, ends in windows)
    ]
    if busy:
        raise InvalidInput(
            f"{staff[busy[0].staff_id].user.full_name} is busy then: {busy[0].what}. "
            "Choose another time for the group, or another facilitator.",
            field="facilitators",
        )


@transaction.atomic
def create_programme(*, actor: User, new: NewProgramme) -> GroupProgramme:
    """A manager defines a programme and its sessions, every ``every_days`` days."""
    if not scopes.managed_teams(actor).filter(pk=new.team.pk).exists():
        raise PermissionDenied("Only the team's managers can set up a group.")
    name = _text(new.name, "The name", limit=120)
    purpose = _text(new.purpose, "What the group is for")
    if not 1 <= new.capacity <= 50:
        raise InvalidInput("The number of places must be between 1 and 50", field="capacity")
    if new.way not in Way.values:
        raise InvalidInput("Choose how the group meets", field="way")
    if not new.facilitators:
        raise InvalidInput("Choose at least one facilitator", field="facilitators")
    members = set(TeamMembership.objects.filter(team=new.team).values_list("staff_id", flat=True))
    if any(staff.pk not in members for staff in new.facilitators):
        raise InvalidInput("Facilitators must be members of the team", field="facilitators")
    if new.way != Way.VIDEO and new.site is None:
        raise InvalidInput("Choose the site where the group meets", field="site")
    if new.room is not None and (new.site is None or new.room.site_id != new.site.pk):
        raise InvalidInput("The room must be at the chosen site", field="room")
    if not 15 <= new.minutes <= 240:
        raise InvalidInput("A session lasts between 15 and 240 minutes", field="minutes")
    if not 1 <= new.sessions <= 26:
        raise InvalidInput("A programme has between 1 and 26 sessions", field="sessions")
    if new.first_starts_at <= timezone.now():
        raise InvalidInput("The first session must be in the future", field="first_day")
    length = dt.timedelta(minutes=new.minutes)
    zone = timezone.get_current_timezone()
    first_local = timezone.localtime(new.first_starts_at)
    windows: list[tuple[dt.datetime, dt.datetime]] = []
    for number in range(new.sessions):
        # Same wall-clock time each week, across a change of the clocks.
        local = (first_local + dt.timedelta(days=number * new.every_days)).replace(tzinfo=None)
        starts = timezone.make_aware(local, zone)
        windows.append((starts, starts + length))
    _check_facilitators_free(new.facilitators, windows)
    programme = GroupProgramme.objects.create(
        team=new.team,
        name=name,
        purpose=purpose,
        capacity=new.capacity,
        way=new.way,
        lead=new.facilitators[0],
        site=new.site if new.way != Way.VIDEO else None,
        created_by=actor,
    )
    programme.facilitators.set(new.facilitators)
    for starts, ends in windows:
        GroupSession.objects.create(
            programme=programme,
            starts_at=starts,
            ends_at=ends,
            site=programme.site,
            room=new.room if programme.site else None,
        )
    group_type_for(new.team, minutes=new.minutes)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=programme,
        what=f"Set up the group '{name}' with {new.sessions} sessions"[:300],
    )
    return programme


# --- Enrolling -----------------------------------------------------------------


def room_reasons_for(person: ServiceUser) -> list[str]:
    """Why the person may not be able to take part by video from home, if anything."""
    check = DigitalAccessCheck.objects.filter(service_user=person, is_current=True).first()
    if check is None:
        return []
    return [flag for flag in check.flags if flag in ROOM_REASONS]


def people_to_offer_the_room(people: Sequence[ServiceUser]) -> list[tuple[ServiceUser, list[str]]]:
    """Of ``people``, those whose current digital access check says they may not
    take part by video from home, with why. One query however many people."""
    checks = DigitalAccessCheck.objects.filter(
        service_user__in=[person.pk for person in people], is_current=True
    )
    reasons = {
        check.service_user_id: [flag for flag in check.flags if flag in ROOM_REASONS]
        for check in checks
    }
    return [(person, reasons[person.pk]) for person in people if reasons.get(person.pk)]


def _future_sessions(programme: GroupProgramme) -> list[GroupSession]:
    return list(
        programme.sessions.filter(
            status=SessionStatus.BOOKED, starts_at__gt=timezone.now()
        ).select_related("site", "room")
    )


def _clash_for(person: ServiceUser, session: GroupSession) -> Appointment | None:
    return (
        Appointment.objects.filter(
            service_user=person,
            status=Status.BOOKED,
            starts_at__lt=session.ends_at,
            ends_at__gt=session.starts_at,
        )
        .exclude(group_session__programme_id=session.programme_id)
        .select_related("appointment_type")
        .first()
    )


def _clash_message(person: ServiceUser, clash: Appointment) -> str:
    return (
        f"{person.display_name} already has an appointment then: "
        f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. "
        "Move that appointment first, or choose another group."
    )


def _book_places(*, actor: User, enrolment: Enrolment) -> list[Appointment]:
    """Book the member's place in every future session, with confirmations and reminders."""
    programme = enrolment.programme
    person = enrolment.service_user
    sessions = _future_sessions(programme)
    for session in sessions:
        clash = _clash_for(person, session)
        if clash is not None:
            raise InvalidInput(_clash_message(person, clash), field="service_user")
    return [_book_place(actor=actor, enrolment=enrolment, session=session) for session in sessions]


def _book_place(*, actor: User, enrolment: Enrolment, session: GroupSession) -> Appointment:
    """Book the member's place in one session, audited, with its confirmation.

    The save runs in a savepoint: when the database refuses an overlap that
    the check missed (a race), nothing of this place is left behind."""
    programme = enrolment.programme
    person = enrolment.service_user
    minutes = int((session.ends_at - session.starts_at).total_seconds() // 60)
    in_room = enrolment.joins_by == JoinsBy.ROOM
    appointment = Appointment(
        service_user=person,
        team=programme.team,
        clinician=programme.lead,
        appointment_type=group_type_for(programme.team, minutes=minutes),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        modality=AppointmentModality.FACE_TO_FACE if in_room else AppointmentModality.VIDEO,
        site=session.site if in_room else None,
        room=session.room if in_room else None,
        booked_via=BookedVia.STAFF,
        booked_by=actor,
        group_session=session,
    )
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        if "no_overlap" in str(exc):
            raise InvalidInput(
                f"{person.display_name} already has an appointment at the time of the "
                f"session on {day_and_clock(session.starts_at)}. Move it first.",
                field="service_user",
            ) from exc
        raise
    record(
        actor=actor,
        action=Action.CREATE,
        obj=appointment,
        subject_id=person.pk,
        what=f"Booked a place in the group '{programme.name}' on "
        f"{timezone.localtime(session.starts_at):%-d %B %Y %H:%M}"[:300],
    )
    notices.booked(appointment=appointment, actor=actor)
    return appointment


def _task_for_facilitators(
    *, programme: GroupProgramme, person: ServiceUser, title: str, reason: str, key: str
) -> None:
    raise_work_item(
        team=programme.team,
        kind=WorkKind.OTHER,
        title=title,
        reason=reason,
        service_user=person,
        about_key=f"group:{programme.pk}:{key}:{person.pk}",
    )


@transaction.atomic
def enrol(
    *, actor: User, programme: GroupProgramme, service_user: ServiceUser, joins_by: str
) -> EnrolResult:
    """Give the person a place, or a place on the waiting list when the group is full.

    A clash with their other appointments is refused, naming the appointment.
    People with no device or no private space at home are offered the room;
    for a group that meets only by video the facilitators get a task to talk
    with them about how they can take part (HAZ-296).
    """
    if (
        not scopes.caseload_entries_of(actor)
        .filter(service_user=service_user, team=programme.team)
        .exists()
    ):
        raise PermissionDenied("You can only enrol people open to the group's team.")
    # One enrolment at a time per programme: counting places must not race.
    GroupProgramme.objects.select_for_update().get(pk=programme.pk)
    if (
        Enrolment.objects.filter(programme=programme, service_user=service_user)
        .exclude(state=EnrolmentState.LEFT)
        .exists()
    ):
        raise InvalidInput(
            f"{service_user.display_name} is already in this group or on its waiting list",
            field="service_user",
        )
    if joins_by not in JoinsBy.values:
        raise InvalidInput("Choose how they will join", field="joins_by")
    if joins_by == JoinsBy.ROOM and not programme.meets_in_a_room:
        raise InvalidInput("This group meets only by video", field="joins_by")
    if joins_by == JoinsBy.VIDEO and not programme.meets_by_video:
        raise InvalidInput("This group meets only in a room", field="joins_by")
    reasons = room_reasons_for(service_user)
    notes: list[str] = []
    if reasons and joins_by == JoinsBy.VIDEO:
        words = " and ".join(reason.lower() for reason in reasons)
        if programme.meets_in_a_room:
            # The form offers the room first; choosing video anyway is the
            # person's choice, kept in words beside their place.
            notes.append(
                f"{service_user.display_name} told us: {words}. They were offered a place "
                "in the room and chose video."
            )
        else:
            notes.append(
                f"This group meets only by video, and {service_user.display_name} told us: "
                f"{words}. The facilitators have a task to talk with them about how they "
                "can take part."
            )
            _task_for_facilitators(
                programme=programme,
                person=service_user,
                title=f"Check how this person can take part in '{programme.name}'",
                reason=f"Enrolled in a video-only group but told us: {words}. "
                "Talk with them about a device loan, a private space, or another group.",
                key="cannot-join",
            )
    enrolled = programme.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    full = enrolled >= programme.capacity
    enrolment = Enrolment.objects.create(
        programme=programme,
        service_user=service_user,
        state=EnrolmentState.WAITING if full else EnrolmentState.ENROLLED,
        joins_by=joins_by,
        enrolled_by=actor,
        room_offered_because="; ".join(reasons)[:300],
    )
    if full:
        notes.insert(
            0,
            f"The group is full. {service_user.display_name} is on the waiting list, "
            f"number {programme.enrolments.filter(state=EnrolmentState.WAITING).count()}.",
        )
    else:
        _book_places(actor=actor, enrolment=enrolment)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=enrolment,
        subject_id=service_user.pk,
        what=(
            f"Put on the waiting list for the group '{programme.name}'"
            if full
            else f"Enrolled in the group '{programme.name}' ({enrolment.get_joins_by_display()})"
        )[:300],
    )
    return EnrolResult(enrolment=enrolment, notes=tuple(notes))


# --- Leaving and the waiting list ------------------------------------------------


def _offer_next_place(*, actor: User, programme: GroupProgramme) -> Enrolment | None:
    """Move the first person on the waiting list up when a place is free, book their
    sessions, and give the facilitators a task to tell them (HAZ-299). Someone
    whose other appointments clash stays first in line, with a task to sort it."""
    enrolled = programme.enrolments.filter(state=EnrolmentState.ENROLLED).count()
    if enrolled >= programme.capacity:
        return None
    first = (
        programme.enrolments.filter(state=EnrolmentState.WAITING)
        .select_related("service_user", "programme")
        .order_by("enrolled_at", "pk")
        .first()
    )
    if first is None:
        return None
    person = first.service_user
    try:
        with transaction.atomic():
            first.state = EnrolmentState.ENROLLED
            first.save(update_fields=["state"])
            _book_places(actor=actor, enrolment=first)
    except InvalidInput as exc:
        first.state = EnrolmentState.WAITING
        _task_for_facilitators(
            programme=programme,
            person=person,
            title=f"A place is free in '{programme.name}' but the next person has a clash",
            reason=f"{exc} They stay first on the waiting list.",
            key="waiting-clash",
        )
        return None
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=first,
        subject_id=person.pk,
        what=f"Moved up from the waiting list into the group '{programme.name}'"[:300],
    )
    _task_for_facilitators(
        programme=programme,
        person=person,
        title=f"Welcome a new member to '{programme.name}'",
        reason="A place became free and they moved up from the waiting list. Their "
        "sessions are booked and they have been sent the times: check they can come.",
        key="moved-up",
    )
    return first


@transaction.atomic
def leave(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """The person leaves the group or the waiting list; their future sessions are
    cancelled (and they are told), and the next person waiting moves up."""
    programme = GroupProgramme.objects.select_for_update().get(pk=enrolment.programme_id)
    if not programme_is_run_by(actor, programme) and not (
        scopes.caseload_entries_of(actor)
        .filter(service_user_id=enrolment.service_user_id, team=programme.team)
        .exists()
    ):
        raise PermissionDenied("Only the group's team can change who is in it.")
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.state == EnrolmentState.LEFT:
        raise InvalidInput("They have already left this group")
    why = _text(reason, "The reason", limit=300)
    was_enrolled = locked.state == EnrolmentState.ENROLLED
    locked.state = EnrolmentState.LEFT
    locked.left_at = timezone.now()
    locked.save(update_fields=["state", "left_at"])
    if was_enrolled:
        for appointment in Appointment.objects.filter(
            service_user_id=locked.service_user_id,
            group_session__programme=programme,
            status=Status.BOOKED,
            starts_at__gt=timezone.now(),
        ):
            appointment_services.cancel(
                actor=actor, appointment=appointment, by_person=True, reason=why
            )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.service_user_id,
        what=f"Left the group '{programme.name}': {why}"[:300],
    )
    if was_enrolled:
        _offer_next_place(actor=actor, programme=programme)
    return locked


def programme_is_run_by(actor: User, programme: GroupProgramme) -> bool:
    staff = getattr(actor, "staff", None)
    if staff is None:
        return False
    return (
        programme.facilitators.filter(pk=staff.pk).exists()
        or scopes.managed_teams(actor).filter(pk=programme.team_id).exists()
    )


# --- Sessions --------------------------------------------------------------------


@transaction.atomic
def cancel_session(*, actor: User, session: GroupSession, reason: str) -> GroupSession:
    """Cancel one session: every member's place in it is cancelled by the service
    and each member (and the carers they chose) is told, without clinical detail."""
    if not programme_is_run_by(actor, session.programme):
        raise PermissionDenied("Only the group's facilitators or managers can cancel a session.")
    locked = GroupSession.objects.select_for_update().get(pk=session.pk)
    if locked.status != SessionStatus.BOOKED:
        raise InvalidInput("This session has already been cancelled")
    if locked.register_taken_at is not None:
        raise InvalidInput("This session has already happened")
    why = _text(reason, "The reason")
    locked.status = SessionStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancellation_reason = why
    locked.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
    places = list(locked.appointments.filter(status=Status.BOOKED).select_related("team"))
    for appointment in places:
        appointment_services.cancel(
            actor=actor, appointment=appointment, by_person=False, reason=why
        )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Cancelled a session of '{locked.programme.name}' "
        f"({len(places)} members told): {why}"[:300],
    )
    return locked


@dataclass(frozen=True)
class AddedSession:
    session: GroupSession
    booked: int
    # One sentence per member not booked because another appointment clashes,
    # naming them and the appointment; the facilitators have a task for each.
    clashes: tuple[str, ...] = ()


@transaction.atomic
def add_session(
    *, actor: User, programme: GroupProgramme, starts_at: dt.datetime, minutes: int
) -> AddedSession:
    """Add a session to a running programme and book every enrolled member into it
    (not the waiting list), with the same clash check as enrolling. A member whose
    other appointment clashes is not booked; the person adding is told who and
    why, and the facilitators get a task to sort it (HAZ-321)."""
    if not programme_is_run_by(actor, programme):
        raise PermissionDenied("Only the group's facilitators or managers can add a session.")
    # Enrolling and leaving lock the programme too: the members cannot change
    # while their places in the new session are booked.
    locked = GroupProgramme.objects.select_for_update().get(pk=programme.pk)
    if not 15 <= minutes <= 240:
        raise InvalidInput("A session lasts between 15 and 240 minutes", field="minutes")
    if starts_at <= timezone.now():
        raise InvalidInput("The session must be in the future", field="day")
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    same_time = (
        locked.sessions.filter(
            status=SessionStatus.BOOKED, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .order_by("starts_at")
        .first()
    )
    if same_time is not None:
        raise InvalidInput(
            f"The group already has a session then, on {day_and_clock(same_time.starts_at)}. "
            "Choose another time.",
            field="day",
        )
    _check_facilitators_free(list(locked.facilitators.all()), [(starts_at, ends_at)])
    # The room the programme's sessions use (they are set up with one).
    usual = locked.sessions.filter(room__isnull=False).order_by("-starts_at").first()
    session = GroupSession.objects.create(
        programme=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        site=locked.site,
        room=usual.room if usual is not None and locked.site else None,
    )
    booked = 0
    clashes: list[str] = []
    members = (
        locked.enrolments.filter(state=EnrolmentState.ENROLLED)
        .select_related("service_user", "programme__team", "programme__lead")
        .order_by("enrolled_at", "pk")
    )
    for enrolment in members:
        person = enrolment.service_user
        clash = _clash_for(person, session)
        if clash is None:
            try:
                _book_place(actor=actor, enrolment=enrolment, session=session)
            except InvalidInput as exc:
                # The database refused an overlap the check did not see (a race).
                said = f"{exc} They have no place in the new session."
            else:
                booked += 1
                continue
        else:
            said = (
                f"{person.display_name} already has an appointment then: "
                f"{clash.appointment_type.name} on {day_and_clock(clash.starts_at)}. "
                "They have no place in the new session."
            )
        clashes.append(said)
        _task_for_facilitators(
            programme=locked,
            person=person,
            title=f"A member has no place in a new session of '{locked.name}'",
            reason=f"{said} Tell them, and check whether that appointment can move.",
            key=f"session-{session.pk}-clash",
        )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=session,
        what=f"Added a session to '{locked.name}' on "
        f"{timezone.localtime(starts_at):%-d %B %Y %H:%M} ({booked} members booked, "
        f"{len(clashes)} not booked because of a clash)"[:300],
    )
    return AddedSession(session=session, booked=booked, clashes=tuple(clashes))


@dataclass(frozen=True)
class Mark:
    """What happened for one member at one session."""

    enrolment: Enrolment
    outcome: appointment_services.Outcome


@transaction.atomic
def take_register(*, actor: User, session: GroupSession, marks: Sequence[Mark]) -> int:
    """Record attendance for every member at once, with the NHS attendance codes,
    technical failure and a switched way, on each member's appointment (so
    continuity checks and insights count it). Nothing is saved if one is wrong."""
    if not programme_is_run_by(actor, session.programme):
        raise PermissionDenied("Only the group's facilitators or managers take the register.")
    if session.status != SessionStatus.BOOKED:
        raise InvalidInput("A cancelled session has no register")
    if session.starts_at > timezone.now():
        raise InvalidInput("You can take the register once the session has started")
    places = {
        appointment.service_user_id: appointment
        for appointment in session.appointments.filter(status=Status.BOOKED)
    }
    recorded = 0
    for mark in marks:
        if mark.enrolment.programme_id != session.programme_id:
            raise InvalidInput("Someone on the register is not in this group")
        appointment = places.get(mark.enrolment.service_user_id)
        if appointment is None:
            raise InvalidInput(
                "Someone on the register has no place in this session", field="register"
            )
        appointment_services.record_outcome(
            actor=actor, appointment=appointment, outcome=mark.outcome
        )
        recorded += 1
    GroupSession.objects.filter(pk=session.pk).update(register_taken_at=timezone.now())
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=session,
        what=f"Took the register for '{session.programme.name}' ({recorded} members)"[:300],
    )
    return recorded
