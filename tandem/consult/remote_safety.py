"""The safety check at the start of every remote contact (video or phone), and the
discreet 'I can't talk freely' signal: agreed in advance, and used in a call.
Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from tandem.access import scopes
from tandem.appointments.models import Appointment, AppointmentModality
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import (
    checked_text,
    is_team_staff,
    room_for,
)
from tandem.consult.models import (
    MAX_OTHERS,
    MAX_PHONE_WORDS,
    MAX_PLACE,
    AgreedSignal,
    CallRoom,
    CantTalkSignal,
    Participant,
    ParticipantKind,
    Private,
    SafetyCheck,
    SignalControl,
)
from tandem.consult.window import over
from tandem.errors import InvalidInput
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role

# --- At the start of the call ------------------------------------------------------------


@dataclass(frozen=True)
class SafetyAnswers:
    identity_confirmed: bool
    location: str
    others_present: str
    private_and_safe: str


@transaction.atomic
def record_safety_check(*, actor: User, room: CallRoom, answers: SafetyAnswers) -> SafetyCheck:
    """Record the check; the call is shown as started from the first one."""
    appointment = room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can record the safety check.")
    if over(appointment) is not None:
        raise InvalidInput("This call is over: there is no safety check to record")
    if not answers.identity_confirmed:
        raise InvalidInput("Confirm who you are speaking to before you go on")
    if answers.private_and_safe not in Private.values:
        raise InvalidInput("Say whether it is private and safe to talk")
    check = SafetyCheck.objects.create(
        room=room,
        identity_confirmed=True,
        location=checked_text(
            answers.location, "where they are now", limit=MAX_PLACE, required=True
        ),
        others_present=checked_text(
            answers.others_present, "who else is with them", limit=MAX_OTHERS
        ),
        private_and_safe=answers.private_and_safe,
        recorded_by=actor,
    )
    locked = CallRoom.objects.select_for_update().get(pk=room.pk)
    if locked.started_at is None:
        locked.started_at = check.recorded_at
        locked.save(update_fields=["started_at"])
    record(
        actor=actor,
        action=Action.CREATE,
        obj=check,
        subject_id=appointment.service_user_id,
        what=f"Recorded the safety check at the start of a {appointment.modality} call",
    )
    return check


@transaction.atomic
def phone_call_room(*, actor: User, appointment: Appointment) -> CallRoom:
    """Where a phone appointment's safety check is kept, made when staff first open it."""
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can open the call.")
    if appointment.modality != AppointmentModality.PHONE:
        raise InvalidInput("This appointment is not a booked phone appointment")
    return room_for(appointment)


@transaction.atomic
def cant_talk(*, participant: Participant) -> CantTalkSignal:
    """The person pressed the agreed control. Staff see it; the person sees a sound check."""
    if participant.kind != ParticipantKind.SERVICE_USER:
        raise PermissionDenied("Only the service user has this control.")
    signal = CantTalkSignal.objects.create(room_id=participant.room_id, participant=participant)
    record(
        actor=participant.user,
        action=Action.CREATE,
        obj=signal,
        subject_id=participant.room.appointment.service_user_id,
        what="Used the agreed signal that they cannot talk freely",
    )
    return signal


# --- The signal agreed in advance ----------------------------------------------------


@transaction.atomic
def agree_signal(
    *, actor: User, person: ServiceUser, control: str, phone_words: str
) -> AgreedSignal:
    """Record the discreet 'I can't talk freely' signal agreed with the person."""
    if (
        not actor.roles & {Role.CLINICIAN, Role.MANAGER}
        or not scopes.caseload_entries_of(actor).filter(service_user=person).exists()
    ):
        raise PermissionDenied("Only staff in the person's teams can record their signal.")
    if control not in SignalControl.values:
        raise InvalidInput("Choose the control on the video call page")
    signal = AgreedSignal.objects.create(
        service_user=person,
        control=control,
        phone_words=checked_text(phone_words, "the words for the phone", limit=MAX_PHONE_WORDS),
        agreed_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=signal,
        what="Recorded the signal agreed with the person for when they cannot talk freely",
    )
    return signal
