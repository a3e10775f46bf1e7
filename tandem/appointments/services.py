"""Every write for appointments. Keyword-only, typed, atomic, audited.

Forms check input first and give the person a message; these functions check
again so no caller can save what a form would refuse. A confirmation or
reminder is queued in the same transaction as the change that causes it, so
a booking never commits without its messages, nor messages without a booking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments import elsewhere, guardrails, interpreting, notices
from tandem.appointments.models import (
    APPOINTMENT_MODALITIES,
    MAX_FREE_TEXT,
    Appointment,
    AppointmentType,
    Attendance,
    BookedVia,
    ContactPlan,
    Referral,
    Room,
    Site,
    Status,
    SwitchedBy,
)
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.people.models import CareTeam, ServiceUser, StaffMember, TeamMembership, User
from tandem.preferences.models import SharedDecision
from tandem.preferences.queries import contact_times_for
from tandem.preferences.times import service_zone


class SlotTaken(InvalidInput):
    """Someone else booked the time first: the database refused the overlap."""


class NeedsReason(InvalidInput):
    """The booking breaks a workload guardrail and no reason was given."""

    def __init__(self, breaches: list[str]) -> None:
        super().__init__("This booking breaks the team's workload limits: " + "; ".join(breaches))
        self.breaches = breaches


class NeedsAvoidReason(InvalidInput):
    """The time is inside a time the person asked us to avoid and no reason was given."""

    def __init__(self, times: str) -> None:
        super().__init__(f"This time is inside a time the person asked us to avoid: {times}")
        self.times = times


# Kept short: it goes into the booking's audit entry, which holds 300 characters.
AVOID_REASON_LIMIT = 200

DOUBLE_BOOKED = (
    "That time is no longer free: the clinician, the room or the person already has an "
    "appointment then. Choose another time."
)


@dataclass(frozen=True)
class Booking:
    service_user: ServiceUser
    team: CareTeam
    clinician: StaffMember
    appointment_type: AppointmentType
    starts_at: dt.datetime
    modality: str
    site: Site | None = None
    room: Room | None = None
    shared_decision: SharedDecision | None = None
    guardrail_reason: str = ""
    # Why staff book inside a time the person asked us to avoid (HAZ-155).
    avoid_reason: str = ""


# --- Checks --------------------------------------------------------------------


def _text(value: str, what: str, *, limit: int = MAX_FREE_TEXT) -> str:
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{what} must be {limit} characters or fewer")
    return value


def _require_treating(actor: User, service_user_id: int, team: CareTeam) -> None:
    """Staff act only for people open to one of their teams, and only in that team."""
    if (
        not scopes.caseload_entries_of(actor)
        .filter(service_user_id=service_user_id, team=team)
        .exists()
    ):
        raise PermissionDenied("You can only book for people open to your teams.")


def _check_booking(booking: Booking, *, now: dt.datetime) -> None:
    if booking.modality not in APPOINTMENT_MODALITIES:
        raise InvalidInput("Choose face to face, video or phone")
    if booking.starts_at.second or booking.starts_at.microsecond:
        raise InvalidInput("Appointments start on the minute")
    if booking.starts_at <= now:
        raise InvalidInput("The appointment must be in the future")
    if (
        booking.appointment_type.team_id != booking.team.pk
        or not booking.appointment_type.is_active
    ):
        raise InvalidInput("Choose one of the team's appointment types")
    if not TeamMembership.objects.filter(staff=booking.clinician, team=booking.team).exists():
        raise InvalidInput("The clinician must be a member of the team")
    if booking.modality == "face_to_face" and booking.site is None:
        raise InvalidInput("Choose where the face-to-face appointment is")
    if booking.room is not None and booking.room.site_id != (
        booking.site.pk if booking.site else None
    ):
        raise InvalidInput("The room must be at the chosen site")
    if (
        booking.shared_decision is not None
        and booking.shared_decision.service_user_id != booking.service_user.pk
    ):
        raise InvalidInput("The shared decision must be about this person")


def _check_free(booking: Booking, ends_at: dt.datetime, *, via: str) -> None:
    """The common case, answered before anything else: the time is already taken.

    Only a courtesy: two requests can both pass this check, and then the
    database's constraint decides (see ``_insert``). A clinician busy outside
    their appointments (a group they co-facilitate, ``elsewhere``) is checked
    here only: staff are told what keeps them busy, a person booking for
    themselves only that the time is taken."""
    who = Q(clinician=booking.clinician) | Q(service_user=booking.service_user)
    if booking.room is not None and booking.modality == "face_to_face":
        who |= Q(room=booking.room)
    if Appointment.objects.filter(
        who, status=Status.BOOKED, starts_at__lt=ends_at, ends_at__gt=booking.starts_at
    ).exists():
        raise SlotTaken(DOUBLE_BOOKED)
    busy = elsewhere.busy_for(booking.clinician.pk, booking.starts_at, ends_at)
    if busy is not None:
        if via != BookedVia.STAFF:
            raise SlotTaken(DOUBLE_BOOKED)
        raise SlotTaken(
            f"{booking.clinician.user.full_name} is busy then: {busy.what}. Choose another time."
        )


def _insert(appointment: Appointment) -> Appointment:
    """Save, turning the database's refusal of an overlap into a clear message.

    PostgreSQL checks three exclusion constraints (clinician, room, person);
    two bookings racing on different ones can each wait for the other, and the
    database then aborts one as a deadlock. That booking is retried in a fresh
    savepoint, where it either waits its turn and is refused, or goes ahead
    because the other rolled back.
    """
    for _attempt in range(3):
        try:
            with transaction.atomic():
                appointment.save()
        except IntegrityError as exc:
            if "no_overlap" in str(exc):
                raise SlotTaken(DOUBLE_BOOKED) from exc
            raise
        except OperationalError as exc:
            if "deadlock" not in str(exc):
                raise
            appointment.pk = None
            continue
        return appointment
    raise SlotTaken(DOUBLE_BOOKED)


def _note_first_offer(appointment: Appointment) -> None:
    """The first appointment offered after a referral starts the referral's wait clock."""
    Referral.objects.filter(
        service_user=appointment.service_user,
        team=appointment.team,
        closed_on__isnull=True,
        first_offered_on__isnull=True,
    ).update(
        first_offered_on=timezone.localdate(),
        first_offered_modality=appointment.modality,
    )


# --- Booking -------------------------------------------------------------------


@transaction.atomic
def book(
    *,
    actor: User | None,
    booking: Booking,
    via: str = BookedVia.STAFF,
    moved_from: Appointment | None = None,
) -> Appointment:
    """Book an appointment and queue its confirmation and reminders.

    Staff bookings that break a workload guardrail need ``guardrail_reason``;
    the breach is kept on the appointment for managers to see.
    """
    now = timezone.now()
    if via == BookedVia.STAFF:
        if actor is None:
            raise PermissionDenied("Staff bookings need a member of staff.")
        _require_treating(actor, booking.service_user.pk, booking.team)
    _check_booking(booking, now=now)
    ends_at = booking.starts_at + booking.appointment_type.duration
    _check_free(booking, ends_at, via=via)
    breaches = guardrails.breaches_for(
        team=booking.team,
        clinician=booking.clinician,
        starts_at=booking.starts_at,
        ends_at=ends_at,
        modality=booking.modality,
    )
    reason = _text(booking.guardrail_reason, "The reason")
    if breaches and via == BookedVia.STAFF and not reason:
        raise NeedsReason(breaches)
    avoid_reason = _text(booking.avoid_reason, "The reason", limit=AVOID_REASON_LIMIT)
    times = contact_times_for(booking.service_user)
    inside = times is not None and times.clashes(booking.starts_at, ends_at, service_zone())
    # A new staff booking inside the person's times needs a reason (a move
    # keeps to the time the person or staff chose on the move pages).
    asks_reason = inside and via == BookedVia.STAFF and moved_from is None
    if asks_reason and not avoid_reason:
        assert times is not None
        raise NeedsAvoidReason(times.describe())
    appointment = _insert(
        Appointment(
            service_user=booking.service_user,
            team=booking.team,
            clinician=booking.clinician,
            appointment_type=booking.appointment_type,
            starts_at=booking.starts_at,
            ends_at=ends_at,
            modality=booking.modality,
            site=booking.site if booking.modality == "face_to_face" else None,
            room=booking.room if booking.modality == "face_to_face" else None,
            booked_via=via,
            booked_by=actor,
            shared_decision=booking.shared_decision,
            moved_from=moved_from,
            guardrail_breaches=breaches,
            guardrail_reason=reason if breaches else "",
            # A person booking for themselves has confirmed it by doing so.
            confirmed_at=now if via != BookedVia.STAFF else None,
        )
    )
    _note_first_offer(appointment)
    # Imported here: face_to_face uses this module's errors.
    from tandem.appointments import face_to_face

    face_to_face.settle_on_booking(appointment=appointment, actor=actor)
    interpreting.on_booking(appointment=appointment, actor=actor)
    record(
        actor=actor,
        action=Action.CREATE,
        obj=appointment,
        what=f"Booked {appointment.appointment_type.name.lower()} "
        f"({appointment.get_modality_display().lower()}) for "
        f"{timezone.localtime(appointment.starts_at):%-d %B %Y %H:%M}",
    )
    if asks_reason:
        assert times is not None
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=appointment,
            what=f"Booked inside a time they asked us to avoid ({times.describe()}). "
            f"Reason: {avoid_reason}",
        )
    if moved_from is None:
        notices.booked(appointment=appointment, actor=actor)
    return appointment


def _lock_booked(appointment: Appointment) -> Appointment:
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != Status.BOOKED:
        raise InvalidInput("This appointment has already been cancelled")
    if locked.has_outcome:
        raise InvalidInput("This appointment has already happened")
    return locked


def _may_change(actor: User | None, appointment: Appointment, via: str) -> None:
    if via == BookedVia.STAFF:
        if actor is None:
            raise PermissionDenied("Staff changes need a member of staff.")
        _require_treating(actor, appointment.service_user_id, appointment.team)
    elif via == BookedVia.SELF and (actor is None or appointment.service_user.user_id != actor.pk):
        raise PermissionDenied("You can only change your own appointments.")
    # BookedVia.LINK: the caller has checked the single-use link and date of birth.


@transaction.atomic
def cancel(
    *,
    actor: User | None,
    appointment: Appointment,
    by_person: bool,
    reason: str,
    via: str = BookedVia.STAFF,
    notify: bool = True,
) -> Appointment:
    """Cancel, recording who cancelled with the NHS attendance code, and tell the person."""
    _may_change(actor, appointment, via)
    locked = _lock_booked(appointment)
    locked.status = Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.cancelled_by = actor
    locked.cancellation_reason = _text(reason, "The reason")
    locked.attendance = (
        Attendance.CANCELLED_BY_PERSON if by_person else Attendance.CANCELLED_BY_SERVICE
    )
    locked.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancellation_reason",
            "attendance",
        ]
    )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=f"Cancelled an appointment ({locked.get_attendance_display().lower()})",
    )
    notices.withdraw_reminders(appointment=locked, reason="Appointment cancelled")
    interpreting.on_cancelling(appointment=locked, actor=actor)
    if notify:
        notices.cancelled(appointment=locked, actor=actor)
    return locked


@transaction.atomic
def move(
    *,
    actor: User | None,
    appointment: Appointment,
    starts_at: dt.datetime,
    clinician: StaffMember | None = None,
    modality: str | None = None,
    site: Site | None = None,
    room: Room | None = None,
    via: str = BookedVia.STAFF,
    guardrail_reason: str = "",
) -> Appointment:
    """Move an appointment: the old one is cancelled and a new one booked in its place,
    so the history of what was promised stays visible."""
    _may_change(actor, appointment, via)
    old = _lock_booked(appointment)
    new_modality = modality or old.modality
    # The room belongs to the clinician's session: keep it only if nothing else changes.
    keep_place = (
        new_modality == old.modality
        and site is None
        and (clinician is None or clinician.pk == old.clinician_id)
    )
    # Free the old time first so a move within the same hour does not clash with itself.
    cancel(
        actor=actor,
        appointment=old,
        by_person=via != BookedVia.STAFF,
        reason="Moved to another time",
        via=via,
        notify=False,
    )
    moved = book(
        actor=actor,
        booking=Booking(
            service_user=old.service_user,
            team=old.team,
            clinician=clinician or old.clinician,
            appointment_type=old.appointment_type,
            starts_at=starts_at,
            modality=new_modality,
            site=old.site if keep_place else site,
            room=old.room if keep_place else room,
            shared_decision=old.shared_decision,
            guardrail_reason=guardrail_reason,
        ),
        via=via,
        moved_from=old,
    )
    notices.moved(appointment=moved, actor=actor)
    return moved


@transaction.atomic
def confirm(*, actor: User | None, appointment: Appointment, via: str) -> Appointment:
    """The person confirms they will come (from their account or a link)."""
    _may_change(actor, appointment, via)
    locked = _lock_booked(appointment)
    if locked.confirmed_at is None:
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confirmed_at"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            what="Confirmed an appointment",
        )
    return locked


# --- Outcomes -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    attendance: str
    technical_failure: bool = False
    switched_to: str = ""
    switched_by: str = ""
    notes: str = ""


@transaction.atomic
def record_outcome(*, actor: User, appointment: Appointment, outcome: Outcome) -> Appointment:
    """Record what happened, with the NHS attendance code and what went wrong remotely.

    Any member of the appointment's team may, even after the person was
    discharged: the last appointment's outcome is often recorded afterwards.
    """
    if not scopes.teams_of(actor).filter(pk=appointment.team_id).exists():
        raise PermissionDenied("Only the appointment's team can record what happened.")
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != Status.BOOKED:
        raise InvalidInput("A cancelled appointment has no outcome to record")
    if locked.starts_at > timezone.now():
        raise InvalidInput("You can record what happened once the appointment has started")
    allowed = {
        Attendance.ATTENDED,
        Attendance.LATE_SEEN,
        Attendance.LATE_NOT_SEEN,
        Attendance.DID_NOT_ATTEND,
    }
    if outcome.attendance not in allowed:
        raise InvalidInput("Choose what happened (cancelling is done from the appointment)")
    if bool(outcome.switched_to) != bool(outcome.switched_by):
        raise InvalidInput("Say both what it was switched to and who switched it")
    if outcome.switched_to:
        if (
            outcome.switched_to not in APPOINTMENT_MODALITIES
            or outcome.switched_to == locked.modality
        ):
            raise InvalidInput("Choose a different way the appointment continued")
        if outcome.switched_by not in SwitchedBy.values:
            raise InvalidInput("Choose who switched")
    first_outcome = not locked.has_outcome
    locked.attendance = outcome.attendance
    locked.technical_failure = outcome.technical_failure
    locked.switched_to = outcome.switched_to
    locked.switched_by = outcome.switched_by
    locked.outcome_notes = _text(outcome.notes, "Notes")
    locked.outcome_recorded_at = timezone.now()
    locked.outcome_recorded_by = actor
    locked.save(
        update_fields=[
            "attendance",
            "technical_failure",
            "switched_to",
            "switched_by",
            "outcome_notes",
            "outcome_recorded_at",
            "outcome_recorded_by",
        ]
    )
    if locked.was_held:
        Referral.objects.filter(
            service_user_id=locked.service_user_id,
            team=locked.team,
            first_held_on__isnull=True,
            received_on__lte=timezone.localdate(locked.starts_at),
        ).update(
            first_held_on=timezone.localdate(locked.starts_at),
            first_held_modality=locked.switched_to or locked.modality,
        )
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        what=("Recorded" if first_outcome else "Corrected")
        + f" the outcome: {locked.get_attendance_display().lower()}",
    )
    return locked


# --- Referrals and contact plans -------------------------------------------------


@transaction.atomic
def record_referral(
    *, actor: User, service_user: ServiceUser, team: CareTeam, received_on: dt.date, source: str
) -> Referral:
    _require_treating(actor, service_user.pk, team)
    if received_on > timezone.localdate():
        raise InvalidInput("The date the referral was received must be today or in the past")
    referral = Referral.objects.create(
        service_user=service_user,
        team=team,
        received_on=received_on,
        source=_text(source, "Where the referral came from", limit=120),
        recorded_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=referral,
        what=f"Recorded a referral received {received_on:%-d %B %Y}",
    )
    return referral


@transaction.atomic
def agree_contact_plan(
    *,
    actor: User,
    service_user: ServiceUser,
    team: CareTeam,
    clinician: StaffMember,
    modality: str,
    every_days: int,
    weekday: int | None,
    description: str,
) -> ContactPlan:
    """Record contact agreed with the person; it replaces any plan they had with the team."""
    _require_treating(actor, service_user.pk, team)
    if modality not in APPOINTMENT_MODALITIES:
        raise InvalidInput("Choose face to face, video or phone")
    if not 1 <= every_days <= 365:
        raise InvalidInput("How often must be between every day and once a year")
    if weekday is not None and not 0 <= weekday <= 6:
        raise InvalidInput("Choose a day of the week")
    if not TeamMembership.objects.filter(staff=clinician, team=team).exists():
        raise InvalidInput("The clinician must be a member of the team")
    today = timezone.localdate()
    ContactPlan.objects.filter(service_user=service_user, team=team, ended_on__isnull=True).update(
        ended_on=today
    )
    plan = ContactPlan.objects.create(
        service_user=service_user,
        team=team,
        clinician=clinician,
        modality=modality,
        every_days=every_days,
        weekday=weekday,
        description=_text(description, "The description", limit=200) or "Agreed contact",
        started_on=today,
        agreed_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=plan,
        what=f"Agreed contact: {plan.description}"[:300],
    )
    return plan
