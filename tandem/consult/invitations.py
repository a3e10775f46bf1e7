"""Inviting a carer (by the person's consent) or an interpreter to a video call
by a single-use link, and using the invitation. Only the token's hash is
stored. Keyword-only, typed, atomic, audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult.calls import (
    carer_may_join,
    checked_text,
    is_team_staff,
    locked_participant,
    still_allowed,
)
from tandem.consult.models import (
    MAX_NAME,
    CallRoom,
    Participant,
    ParticipantKind,
)
from tandem.consult.window import closes_at
from tandem.errors import InvalidInput
from tandem.people.models import CarerLink, User
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
        name=checked_text(name, "their name", limit=MAX_NAME, required=True),
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
    locked = locked_participant(found)
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
