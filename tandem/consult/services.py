"""Every write for video consultations. Keyword-only, typed, atomic, audited.

Who may do what is checked here as well as in the views and the socket:

- the service user joins their own video appointments;
- staff in the appointment's team open the call, admit people from the waiting
  room, record the safety check, invite a carer or an interpreter and switch
  the call to phone;
- a carer takes part only while their link with the person stands and includes
  'join video calls' (checked again when they open the link, when they are
  admitted and when their socket connects);
- an interpreter only by the single-use invitation they were sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.access import scopes
from tandem.appointments import services as appointment_services
from tandem.appointments.models import Appointment, AppointmentModality, Attendance, SwitchedBy
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.models import (
    GUEST_KINDS,
    MAX_NAME,
    MAX_OTHERS,
    MAX_PARTICIPANTS,
    MAX_PHONE_WORDS,
    MAX_PLACE,
    AgreedSignal,
    CallQuality,
    CallRoom,
    CantTalkSignal,
    Ending,
    Participant,
    ParticipantKind,
    ParticipantState,
    Private,
    SafetyCheck,
    SignalControl,
)
from tandem.consult.window import closes_at, opens_at, over
from tandem.errors import InvalidInput
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.people.roles import Role
from tandem.people.validators import normalise_phone
from tandem.web import tokens

# An invitation works until the call's signalling closes, and never longer than this.
INVITE_LIFETIME = dt.timedelta(days=14)


class InviteNotUsable(Exception):
    """The invitation is forged, used, expired or its consent withdrawn; the holder is
    told only that the link does not work."""


@dataclass(frozen=True)
class IssuedInvite:
    participant: Participant
    path: str  # holds the token; never stored


# --- Small checks --------------------------------------------------------------------


def is_open(appointment: Appointment, now: dt.datetime | None = None) -> bool:
    """Whether the call can be joined now: around its time, booked, not switched away."""
    now = now or timezone.now()
    return (
        appointment.modality == AppointmentModality.VIDEO
        and appointment.is_booked
        and not appointment.switched_to
        and opens_at(appointment) <= now < closes_at(appointment)
    )


def is_team_staff(actor: User, appointment: Appointment) -> bool:
    return bool(
        actor.is_authenticated
        and actor.roles & {Role.CLINICIAN, Role.MANAGER}
        and scopes.teams_of(actor).filter(pk=appointment.team_id).exists()
    )


def carer_may_join(link: CarerLink | None) -> bool:
    """The person's consent, read fresh: the link stands and allows video calls."""
    if link is None:
        return False
    fresh = CarerLink.objects.filter(pk=link.pk).values("withdrawn_at", "can_join_video").first()
    return bool(fresh and fresh["withdrawn_at"] is None and fresh["can_join_video"])


def still_allowed(participant: Participant) -> bool:
    """Whether this participant may still take part (a carer's consent can be withdrawn)."""
    if participant.state == ParticipantState.REMOVED:
        return False
    if participant.kind == ParticipantKind.CARER:
        return carer_may_join(participant.carer_link)
    return True


REMOTE = (AppointmentModality.VIDEO, AppointmentModality.PHONE)


def _room_for(appointment: Appointment) -> CallRoom:
    if appointment.modality not in REMOTE or not appointment.is_booked:
        raise InvalidInput("This appointment is not a booked video or phone appointment")
    room, _ = CallRoom.objects.get_or_create(appointment=appointment)
    return room


def _video_room_for(appointment: Appointment) -> CallRoom:
    if appointment.modality != AppointmentModality.VIDEO:
        raise InvalidInput("This appointment is not a booked video appointment")
    return _room_for(appointment)


def _locked(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("room__appointment", "carer_link")
        .get(pk=participant.pk)
    )


def _text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Enter {what}")
    if len(value) > limit:
        raise InvalidInput(f"{what.capitalize()} must be {limit} characters or fewer")
    return value


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
        room=_video_room_for(appointment),
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
    room = _video_room_for(appointment)
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
    locked = _locked(participant)
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
    locked = _locked(participant)
    if locked.kind != ParticipantKind.SERVICE_USER or locked.user_id != (
        actor.pk if actor is not None else None
    ):
        raise PermissionDenied("Only the person confirms their fallback number.")
    try:
        number = normalise_phone(phone)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0]) from exc
    room = CallRoom.objects.select_for_update().get(pk=locked.room_id)
    room.fallback_phone = number
    room.fallback_confirmed_at = timezone.now()
    room.save(update_fields=["fallback_phone", "fallback_confirmed_at"])
    _start_waiting(locked, actor, "Confirmed their fallback phone number and started waiting")
    return locked


@transaction.atomic
def guest_waits(*, participant: Participant) -> Participant:
    """A carer or interpreter, past the device check, joins the waiting room."""
    locked = _locked(participant)
    if locked.kind not in GUEST_KINDS or not still_allowed(locked):
        raise PermissionDenied("This invitation no longer works.")
    _start_waiting(locked, None, f"{locked.get_kind_display()} started waiting")
    return locked


@transaction.atomic
def admit(*, actor: User, participant: Participant) -> Participant:
    """Let someone in from the waiting room; at most four people in one call."""
    locked = _locked(participant)
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
    locked = _locked(participant)
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
        location=_text(answers.location, "where they are now", limit=MAX_PLACE, required=True),
        others_present=_text(answers.others_present, "who else is with them", limit=MAX_OTHERS),
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
    return _room_for(appointment)


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


@transaction.atomic
def switch_to_phone(*, actor: User, room: CallRoom, notes: str = "") -> Appointment:
    """The video failed: carry on by phone, recording the failure and the change."""
    appointment = room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can switch the call.")
    try:
        changed = appointment_services.record_outcome(
            actor=actor,
            appointment=appointment,
            outcome=appointment_services.Outcome(
                attendance=Attendance.ATTENDED,
                technical_failure=True,
                switched_to=AppointmentModality.PHONE,
                switched_by=SwitchedBy.CLINICIAN,
                notes=notes or "Video failed; continued by phone.",
            ),
        )
    except appointment_services.InvalidInput as exc:
        raise InvalidInput(str(exc)) from exc
    locked = CallRoom.objects.select_for_update().get(pk=room.pk)
    now = timezone.now()
    locked.switched_to_phone_at = now
    locked.switched_to_phone_by = actor
    locked.ended_at = locked.ended_at or now
    locked.save(update_fields=["switched_to_phone_at", "switched_to_phone_by", "ended_at"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        subject_id=appointment.service_user_id,
        what="Switched a failed video call to phone",
    )
    return changed


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
        phone_words=_text(phone_words, "the words for the phone", limit=MAX_PHONE_WORDS),
        agreed_by=actor,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=signal,
        subject_id=person.pk,
        what="Recorded the signal agreed with the person for when they cannot talk freely",
    )
    return signal


# --- Invitations -------------------------------------------------------------------------


def _issue(
    *,
    actor: User,
    room: CallRoom,
    kind: str,
    name: str,
    carer_link: CarerLink | None,
    channel: str,
    address: str,
) -> IssuedInvite:
    appointment = room.appointment
    if not is_team_staff(actor, appointment):
        raise PermissionDenied("Only the appointment's team can invite people to the call.")
    now = timezone.now()
    if closes_at(appointment) <= now:
        raise InvalidInput("This call has finished")
    if channel not in ("sms", "email"):
        raise InvalidInput("Choose text message or email")
    token = tokens.new_token()
    participant = Participant.objects.create(
        room=room,
        kind=kind,
        name=_text(name, "their name", limit=MAX_NAME, required=True),
        carer_link=carer_link,
        invite_token_hash=tokens.digest(token),
        invite_channel=channel,
        invite_address=address,
        invite_expires_at=min(closes_at(appointment), now + INVITE_LIFETIME),
        invited_by=actor,
        invited_at=now,
    )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=participant,
        subject_id=appointment.service_user_id,
        what=f"Invited {participant.name} ({participant.get_kind_display().lower()}) "
        "to a video call by a single-use link",
    )
    return IssuedInvite(participant, reverse("consult:invite-link", kwargs={"token": token}))


@transaction.atomic
def invite_carer(*, actor: User, room: CallRoom, link: CarerLink, channel: str) -> IssuedInvite:
    """Invite a carer the person has allowed to join video calls."""
    if link.service_user_id != room.appointment.service_user_id or not carer_may_join(link):
        raise InvalidInput("The person has not agreed to this carer joining video calls")
    carer = link.carer
    account_email = carer.user.email if carer.user is not None else ""
    address = carer.phone if channel == "sms" else (carer.email or account_email)
    if not address:
        raise InvalidInput(
            "There is no mobile number for them"
            if channel == "sms"
            else "There is no email for them"
        )
    return _issue(
        actor=actor,
        room=room,
        kind=ParticipantKind.CARER,
        name=carer.display_name,
        carer_link=link,
        channel=channel,
        address=address,
    )


@transaction.atomic
def invite_interpreter(
    *, actor: User, room: CallRoom, name: str, channel: str, address: str
) -> IssuedInvite:
    address = (address or "").strip()
    if channel == "sms":
        try:
            address = normalise_phone(address)
        except ValidationError as exc:
            raise InvalidInput(exc.messages[0]) from exc
    elif channel == "email" and ("@" not in address or len(address) > 254):
        raise InvalidInput("Enter an email address in the correct format, like name@example.com")
    return _issue(
        actor=actor,
        room=room,
        kind=ParticipantKind.INTERPRETER,
        name=name,
        carer_link=None,
        channel=channel,
        address=address,
    )


def find_invite(token: str) -> Participant | None:
    """The participant an invitation token names, or None if it does not work."""
    found = (
        Participant.objects.filter(invite_token_hash=tokens.digest(token))
        .select_related("room__appointment", "carer_link")
        .first()
    )
    if found is None or not _invite_usable(found, timezone.now()):
        return None
    return found


def _invite_usable(participant: Participant, now: dt.datetime) -> bool:
    return (
        bool(participant.invite_token_hash)
        and participant.invite_used_at is None
        and participant.invite_expires_at is not None
        and participant.invite_expires_at > now
        and closes_at(participant.room.appointment) > now
        and participant.room.appointment.is_booked
        and still_allowed(participant)
    )


@transaction.atomic
def redeem_invite(*, token: str) -> Participant:
    """Use up an invitation; the caller keeps the participant in the holder's session."""
    found = find_invite(token)
    if found is None:
        record(
            actor=None,
            action=Action.VIEW,
            object_type="consult.Participant",
            what="Refused a video call invitation that does not work",
        )
        raise InviteNotUsable
    locked = _locked(found)
    if not _invite_usable(locked, timezone.now()):
        raise InviteNotUsable
    locked.invite_used_at = timezone.now()
    locked.save(update_fields=["invite_used_at"])
    record(
        actor=None,
        action=Action.UPDATE,
        obj=locked,
        subject_id=locked.room.appointment.service_user_id,
        what=f"{locked.name} opened their single-use video call invitation",
    )
    return locked


# --- The socket and the end of the call ------------------------------------------------


@transaction.atomic
def connected(*, participant: Participant, channel_name: str) -> str:
    """Make ``channel_name`` the participant's only socket; return the one it replaces."""
    locked = _locked(participant)
    previous = locked.channel_name
    locked.channel_name = channel_name
    locked.connected_at = timezone.now()
    locked.save(update_fields=["channel_name", "connected_at"])
    if previous and previous != channel_name:
        record(
            actor=locked.user,
            action=Action.UPDATE,
            obj=locked,
            subject_id=locked.room.appointment.service_user_id,
            what="Joined the video call from a second device; the first was disconnected",
        )
    return previous


@transaction.atomic
def disconnected(*, participant: Participant, channel_name: str) -> None:
    Participant.objects.filter(pk=participant.pk, channel_name=channel_name).update(channel_name="")


@dataclass(frozen=True)
class QualityReport:
    time_to_connect_ms: int | None
    relay_used: bool
    packet_loss_percent: Decimal
    duration_seconds: int
    ending: str


@transaction.atomic
def record_quality(*, participant: Participant, report: QualityReport) -> CallQuality:
    if report.ending not in Ending.values:
        raise InvalidInput("Unknown way the call ended")
    if not (0 <= report.packet_loss_percent <= 100):
        raise InvalidInput("Packet loss must be a percentage")
    if report.duration_seconds < 0 or (report.time_to_connect_ms or 0) < 0:
        raise InvalidInput("Times cannot be negative")
    quality = CallQuality.objects.create(
        room_id=participant.room_id,
        participant=participant,
        time_to_connect_ms=report.time_to_connect_ms,
        relay_used=report.relay_used,
        packet_loss_percent=report.packet_loss_percent.quantize(Decimal("0.01")),
        duration_seconds=min(report.duration_seconds, 24 * 60 * 60),
        ending=report.ending,
    )
    record(
        actor=participant.user,
        action=Action.CREATE,
        obj=quality,
        subject_id=participant.room.appointment.service_user_id,
        what="Recorded how well a video call worked",
    )
    return quality


def audit_refusal(*, participant: Participant | None, user: User | None, what: str) -> None:
    """Something the socket refused: recorded so misuse can be seen."""
    record(
        actor=user if user is not None and user.is_authenticated else None,
        action=Action.VIEW,
        obj=participant,
        object_type="" if participant is not None else "consult.Participant",
        subject_id=participant.room.appointment.service_user_id if participant else None,
        what=f"Video call refused: {what}"[:300],
    )
