"""What every write about a call starts from: whether the call can be joined now,
who is on the appointment's team, whether a carer's consent stands, the call's
room, a participant locked for a change, and checked free text.

Who may do what is checked in the writes as well as in the views and the socket:

- the service user joins their own video appointments;
- staff in the appointment's team open the call, admit people from the waiting
  room, record the safety check, invite a carer or an interpreter and switch
  the call to phone;
- a carer takes part only while their link with the person stands and includes
  'join video calls' (checked again when they open the link, when they are
  admitted and when their socket connects);
- an interpreter only by the single-use invitation they were sent.

The writes themselves, each keyword-only, typed, atomic and audited, are in
``admitting`` (joining, the waiting room, letting people in and out),
``remote_safety`` (the check at the start and the 'I can't talk freely' signal),
``switching`` (carrying on by phone), ``invitations`` (carers and interpreters)
and ``sockets`` (the socket and how well the call worked).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.access import scopes
from tandem.appointments.models import Appointment, AppointmentModality
from tandem.consult.models import (
    CallRoom,
    Participant,
    ParticipantKind,
    ParticipantState,
)
from tandem.consult.window import closes_at, opens_at
from tandem.errors import InvalidInput
from tandem.people.models import CarerLink, User
from tandem.people.roles import Role

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


def room_for(appointment: Appointment) -> CallRoom:
    if appointment.modality not in REMOTE or not appointment.is_booked:
        raise InvalidInput("This appointment is not a booked video or phone appointment")
    room, _ = CallRoom.objects.get_or_create(appointment=appointment)
    return room


def video_room_for(appointment: Appointment) -> CallRoom:
    if appointment.modality != AppointmentModality.VIDEO:
        raise InvalidInput("This appointment is not a booked video appointment")
    return room_for(appointment)


def locked_participant(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("room__appointment", "carer_link")
        .get(pk=participant.pk)
    )


def checked_text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(f"Enter {what}")
    if len(value) > limit:
        raise InvalidInput(f"{what.capitalize()} must be {limit} characters or fewer")
    return value
