"""Joining a video call, the waiting room, and letting people in and out.
Keyword-only, typed, atomic, audited; who may do what is in ``calls``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.appointments.models import Appointment
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import (
    is_open,
    is_team_staff,
    locked_participant,
    still_allowed,
    video_room_for,
)
from tandem.consult.models import (
    GUEST_KINDS,
    MAX_PARTICIPANTS,
    CallRoom,
    Participant,
    ParticipantKind,
    ParticipantState,
)
from tandem.errors import InvalidInput
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.people.validators import normalise_phone

# --- Joining -----------------------------------------------------------------------------


@transaction.atomic
def own_participant(*, actor: User, appointment: Appointment) -> Participant:
    """The service user's place in their own call, made the first time they open it."""
    person = appointment.service_user
    if Role.SERVICE_USER not in actor.roles or person.user_id != actor.pk:
        raise PermissionDenied("Only the person themselves can join as the service user.")
    return _service_user_in(appointment, user=actor, what="Opened their video appointment")


def _service_user_in(appointment: Appointment, *, user: User | None, what: str) -> Participant:
    """The person's place in the call (by account, or by link when ``user`` is None),
    made and audited the first time."""
    person = appointment.service_user
    participant, created = Participant.objects.get_or_create(
        room=video_room_for(appointment),
        kind=ParticipantKind.SERVICE_USER,
        user=user,
        defaults={"name": person.display_name},
    )
    if created:
        record(actor=user, action=Action.CREATE, obj=participant, subject_id=person.pk, what=what)
    return participant


@transaction.atomic
def person_by_link(*, appointment: Appointment) -> Participant:
    """The place in their call of a person without an account, who has just given
    their date of birth on the link in their reminder (``consult.join_links``)."""
    if appointment.service_user.user_id is not None:
        raise PermissionDenied("People with an account sign in to join.")
    return _service_user_in(
        appointment, user=None, what="Opened their video appointment from the link in a reminder"
    )


@transaction.atomic
def staff_participant(*, actor: User, appointment: Appointment) -> Participant:
    """A member of the appointment's team in the call: admitted as soon as they open it."""
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can open the call.")
    room = video_room_for(appointment)
    now = timezone.now()
    participant, created = Participant.objects.get_or_create(
        room=room,
        user=actor,
        defaults={
            "kind": ParticipantKind.CLINICIAN,
            "name": actor.full_name or str(actor),
            "state": ParticipantState.ADMITTED,
            "admitted_at": now,
            "admitted_by": actor,
        },
    )
    if created:
        record(
            actor=actor,
            action=Action.CREATE,
            obj=participant,
            subject_id=appointment.service_user_id,
            what="Opened the video call",
        )
    return participant


@transaction.atomic
def device_checked(*, actor: User | None, participant: Participant) -> Participant:
    """The participant has been through the camera, microphone and connection check."""
    locked = locked_participant(participant)
    locked.device_checked_at = timezone.now()
    locked.save(update_fields=["device_checked_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.room.appointment.service_user_id,
        what=f"{locked.get_kind_display()} checked their camera and microphone",
    )
    return locked


def _start_waiting(locked: Participant, actor: User | None, what: str) -> None:
    appointment = locked.room.appointment
    if not is_open(appointment):
        raise InvalidInput("The waiting room opens 30 minutes before the appointment")
    if locked.state in (ParticipantState.INVITED, ParticipantState.LEFT):
        locked.state = ParticipantState.WAITING
        locked.waiting_since = timezone.now()
        locked.save(update_fields=["state", "waiting_since"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            subject_id=appointment.service_user_id,
            what=what,
        )


@transaction.atomic
def confirm_fallback(*, actor: User | None, participant: Participant, phone: str) -> Participant:
    """The person confirms the number to ring if the video fails, and starts waiting.
    ``actor`` is None for a person without an account, who came in by their link."""
    locked = locked_participant(participant)
    if locked.kind != ParticipantKind.SERVICE_USER or locked.user_id != (
        actor.pk if actor is not None else None
    ):
        raise PermissionDenied("Only the person confirms their fallback number.")
    try:
        number = normalise_phone(phone)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], field="phone") from exc
    room = CallRoom.objects.select_for_update().get(pk=locked.room_id)
    room.fallback_phone = number
    room.fallback_confirmed_at = timezone.now()
    room.save(update_fields=["fallback_phone", "fallback_confirmed_at"])
    _start_waiting(locked, actor, "Confirmed their fallback phone number and started waiting")
    return locked


@transaction.atomic
def guest_waits(*, participant: Participant) -> Participant:
    """A carer or interpreter, past the device check, joins the waiting room."""
    locked = locked_participant(participant)
    if locked.kind not in GUEST_KINDS or not still_allowed(locked):
        raise PermissionDenied("This invitation no longer works.")
    _start_waiting(locked, None, f"{locked.get_kind_display()} started waiting")
    return locked


@transaction.atomic
def admit(*, actor: User, participant: Participant) -> Participant:
    """Let someone in from the waiting room; at most four people in one call."""
    locked = locked_participant(participant)
    appointment = locked.room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can admit people.")
    if locked.state != ParticipantState.WAITING:
        raise InvalidInput("They are not in the waiting room")
    if not still_allowed(locked):
        raise InvalidInput(
            "They can no longer join: the person has not agreed to them joining video calls"
        )
    if not is_open(appointment):
        raise InvalidInput("This call is not open now")
    admitted = (
        Participant.objects.filter(room_id=locked.room_id, state=ParticipantState.ADMITTED)
        .exclude(pk=locked.pk)
        .count()
    )
    if admitted >= MAX_PARTICIPANTS:
        raise InvalidInput(f"A call can have up to {MAX_PARTICIPANTS} people")
    locked.state = ParticipantState.ADMITTED
    locked.admitted_at = timezone.now()
    locked.admitted_by = actor
    locked.save(update_fields=["state", "admitted_at", "admitted_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=appointment.service_user_id,
        what=f"Admitted {locked.name} ({locked.get_kind_display().lower()}) to the video call",
    )
    return locked


@transaction.atomic
def remove(*, actor: User, participant: Participant) -> Participant:
    """Take a carer or an interpreter out of the call; they cannot come back in on
    the same invitation. The service user is never removed: staff end the call or
    switch to phone instead."""
    locked = locked_participant(participant)
    appointment = locked.room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can remove people.")
    if locked.kind not in GUEST_KINDS:
        raise InvalidInput("Only a carer or an interpreter can be removed from the call")
    if locked.state == ParticipantState.REMOVED:
        raise InvalidInput("They have already been removed")
    locked.state = ParticipantState.REMOVED
    locked.save(update_fields=["state"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=appointment.service_user_id,
        what=f"Removed {locked.name} ({locked.get_kind_display().lower()}) from the video call",
    )
    return locked
