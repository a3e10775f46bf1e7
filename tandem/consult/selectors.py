"""Who may see or take part in which video call.

- The service user: their own video appointments.
- Staff (clinicians and managers): video appointments of the teams they work in,
  and everyone waiting for those teams' calls. Each opening is audited.
- A carer or an interpreter: only the one call their single-use invitation was
  for, held in their browser session once they opened the link. A carer's place
  also needs the person's consent ('join video calls') to stand, read afresh on
  every request.

Everyone else gets the same 404 as a call that does not exist. The socket
(tandem/consult/consumers.py) asks the same question through ``participant_in``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.access import records, scopes
from tandem.appointments.models import Appointment, AppointmentModality, Status
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.consult import admitting, calls, join_links, window
from tandem.consult.models import (
    AgreedSignal,
    CallRoom,
    CantTalkSignal,
    Participant,
    ParticipantKind,
    ParticipantState,
    SafetyCheck,
    SignalControl,
)
from tandem.errors import found_or_404
from tandem.people.models import CarerLink, ServiceUser, User
from tandem.people.roles import Role
from tandem.preferences.communication import Need, needs_from
from tandem.preferences.models import AccessNeeds

GUEST_SESSION_KEY = "consult.guest"


def _video(queryset: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return queryset.filter(modality=AppointmentModality.VIDEO, status=Status.BOOKED).select_related(
        "service_user", "clinician__user", "team", "appointment_type"
    )


def own_appointment(user: User, *, pk: int) -> Appointment:
    """One of the signed-in service user's own booked video appointments."""
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        raise Http404(records.NOT_FOUND)
    return found_or_404(
        _video(Appointment.objects.filter(service_user__user=user)).filter(pk=pk).first()
    )


def staff_appointment(user: User, *, pk: int, what: str) -> Appointment:
    """A booked video appointment of one of the user's teams, the read recorded as ``what``."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        raise Http404(records.NOT_FOUND)
    return records.fetch_one(
        _video(Appointment.objects.filter(team__in=scopes.teams_of(user))),
        actor=user,
        what=what,
        pk=pk,
    )


def staff_phone_appointment(user: User, *, pk: int) -> Appointment:
    """A booked phone appointment of one of the user's teams (for its safety check)."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        raise Http404(records.NOT_FOUND)
    return records.fetch_one(
        Appointment.objects.filter(
            team__in=scopes.teams_of(user),
            modality=AppointmentModality.PHONE,
            status=Status.BOOKED,
        ).select_related("service_user", "clinician__user", "team", "appointment_type"),
        actor=user,
        what="Opened the safety check for a phone call",
        pk=pk,
    )


def agreed_signal(person: ServiceUser) -> AgreedSignal | None:
    """The signal in force for the person; the caller has checked they may see it."""
    return AgreedSignal.objects.filter(service_user=person).select_related("agreed_by").first()


def signal_history(person: ServiceUser) -> list[AgreedSignal]:
    return list(AgreedSignal.objects.filter(service_user=person).select_related("agreed_by"))


def signal_control(appointment: Appointment) -> SignalControl:
    """The control on the person's call page that carries the signal ('Check my
    sound' until another is agreed). Read for the person's own page, so it says
    nothing of what the control means."""
    found = (
        AgreedSignal.objects.filter(service_user_id=appointment.service_user_id)
        .values_list("control", flat=True)
        .first()
    )
    return SignalControl(found) if found else SignalControl.SOUND


# --- Guests: carers and interpreters holding an invitation --------------------------------


def remember_guest(session: SessionBase, participant: Participant) -> None:
    session.cycle_key()
    held = dict(session.get(GUEST_SESSION_KEY) or {})
    held[str(participant.room.appointment_id)] = participant.pk
    session[GUEST_SESSION_KEY] = held


def _held_guest(session: SessionBase, *, appointment_pk: int) -> Participant | None:
    """The invited guest this browser session holds for the video call, whatever the
    call's state, if they still may take part (a carer's consent is read afresh)."""
    held = session.get(GUEST_SESSION_KEY)
    if not isinstance(held, dict):
        return None
    pk = held.get(str(appointment_pk))
    if not isinstance(pk, int):
        return None
    found = (
        Participant.objects.filter(
            Q(kind__in=[ParticipantKind.CARER, ParticipantKind.INTERPRETER])
            & Q(invite_used_at__isnull=False)
            # A person without an account, in by the link in their reminder.
            | Q(kind=ParticipantKind.SERVICE_USER, user__isnull=True),
            pk=pk,
            room__appointment_id=appointment_pk,
            room__appointment__modality=AppointmentModality.VIDEO,
        )
        .select_related("room__appointment__clinician__user", "carer_link")
        .first()
    )
    if found is None or not calls.still_allowed(found):
        return None
    return found


def guest_in(session: SessionBase, *, appointment_pk: int) -> Participant | None:
    """The invited guest this browser session holds for the call, if it still may join."""
    found = _held_guest(session, appointment_pk=appointment_pk)
    if found is None or not found.room.appointment.is_booked:
        return None
    if window.closes_at(found.room.appointment) <= timezone.now():
        return None
    return found


# --- Anyone taking part ---------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Who is asking, and their place in the call."""

    appointment: Appointment
    participant: Participant
    is_staff: bool


def participant_in(user: User, session: SessionBase, *, appointment_pk: int) -> Place:
    """The caller's place in this call (made on first opening), or 404.

    A guest invitation held in the session wins over the account, so a signed-in
    carer who opened their invitation joins as the invited carer.
    """
    guest = guest_in(session, appointment_pk=appointment_pk)
    if guest is not None:
        return Place(guest.room.appointment, guest, is_staff=False)
    if user.is_authenticated and Role.SERVICE_USER in user.roles:
        mine = (
            _video(Appointment.objects.filter(service_user__user=user))
            .filter(pk=appointment_pk)
            .first()
        )
        if mine is not None:
            return Place(mine, admitting.own_participant(actor=user, appointment=mine), False)
    if user.is_authenticated and user.roles & {Role.CLINICIAN, Role.MANAGER}:
        theirs = (
            _video(Appointment.objects.filter(team__in=scopes.teams_of(user)))
            .filter(pk=appointment_pk)
            .first()
        )
        if theirs is not None:
            return Place(theirs, admitting.staff_participant(actor=user, appointment=theirs), True)
    raise Http404(records.NOT_FOUND)


def participant_for_staff(user: User, *, pk: int) -> Participant:
    """Someone in a call of one of the user's teams (to admit them)."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        raise Http404(records.NOT_FOUND)
    return found_or_404(
        Participant.objects.filter(pk=pk, room__appointment__team__in=scopes.teams_of(user))
        .select_related("room__appointment", "carer_link")
        .first()
    )


@dataclass(frozen=True)
class CallOver:
    appointment: Appointment
    why: window.Over
    for_staff: bool


def call_over(
    user: User,
    session: SessionBase,
    *,
    appointment_pk: int,
    modality: str = AppointmentModality.VIDEO,
) -> CallOver | None:
    """The caller's appointment and why its call is over (cancelled, or ended), or
    None if the call is not over or is not the caller's. Nothing is made: a call
    that is over gives nobody a place in it. Staff reads are audited."""
    found: Appointment | None = None
    for_staff = False
    guest = _held_guest(session, appointment_pk=appointment_pk)
    if modality == AppointmentModality.VIDEO and guest is not None:
        found = guest.room.appointment
    elif user.is_authenticated and Role.SERVICE_USER in user.roles:
        found = (
            Appointment.objects.filter(service_user__user=user, modality=modality)
            .filter(pk=appointment_pk)
            .first()
        )
    if found is None and user.is_authenticated and user.roles & {Role.CLINICIAN, Role.MANAGER}:
        found = (
            Appointment.objects.filter(team__in=scopes.teams_of(user), modality=modality)
            .filter(pk=appointment_pk)
            .select_related("service_user", "appointment_type")
            .first()
        )
        for_staff = found is not None
        if found is not None and window.over(found):
            record(
                actor=user,
                action=Action.VIEW,
                obj=found,
                what=f"Opened a {modality} call that is over",
            )
    if found is None:
        return None
    why = window.over(found)
    return None if why is None else CallOver(found, why, for_staff)


# --- What staff see -----------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    participant: Participant
    appointment: Appointment
    fallback_phone: str
    access_needs: list[str]
    cant_talk: bool


def _needs(current: AccessNeeds | None) -> list[str]:
    if current is None:
        return []
    needs = [label for name, label in AccessNeeds.LABELS.items() if getattr(current, name)]
    if current.interpreter_language:
        needs.append(f"Language: {current.interpreter_language}")
    if current.notes:
        needs.append(current.notes)
    return needs


def waiting_room(user: User) -> list[Waiting]:
    """Everyone waiting for a call of the user's teams, longest waiting first."""
    if not user.is_authenticated or not user.roles & {Role.CLINICIAN, Role.MANAGER}:
        return []
    waiting = list(
        Participant.objects.filter(
            state=ParticipantState.WAITING,
            room__appointment__team__in=scopes.teams_of(user),
            room__appointment__status=Status.BOOKED,
            # A call whose outcome is recorded is over: nobody is let in to it.
            room__appointment__attendance="",
            room__appointment__starts_at__gte=_still_open_since(),
        )
        .select_related("room__appointment__service_user", "room__appointment__clinician__user")
        .order_by("waiting_since", "pk")
    )
    people = {w.room.appointment.service_user_id for w in waiting}
    needs = {
        n.service_user_id: n
        for n in AccessNeeds.objects.filter(is_current=True, service_user_id__in=people)
    }
    signalled = set(
        CantTalkSignal.objects.filter(room_id__in={w.room_id for w in waiting}).values_list(
            "room_id", flat=True
        )
    )
    record(actor=user, action=Action.LIST, object_type="consult.Participant", what="Waiting room")
    return [
        Waiting(
            participant=w,
            appointment=w.room.appointment,
            fallback_phone=w.room.fallback_phone,
            access_needs=_needs(needs.get(w.room.appointment.service_user_id)),
            cant_talk=w.room_id in signalled,
        )
        for w in waiting
        if calls.still_allowed(w)
    ]


def _still_open_since() -> dt.datetime:
    """Appointments that started after this may still have an open call."""
    return timezone.now() - dt.timedelta(minutes=settings.TANDEM_VIDEO_CLOSES_MINUTES_AFTER)


@dataclass(frozen=True)
class CallForStaff:
    room: CallRoom
    participants: list[Participant]
    latest_check: SafetyCheck | None
    cant_talk: list[CantTalkSignal]
    access_needs: list[str]
    # Flagged on their own, as on every page where staff contact the person (ADR 0047).
    communication_needs: list[Need]
    carers_who_may_join: list[CarerLink]
    agreed_signal: AgreedSignal | None
    # Join links stopped after wrong dates of birth: ring the person rather than wait.
    locked_links: int


def call_for_staff(user: User, *, appointment: Appointment) -> CallForStaff:
    """What the clinician's call page shows; the caller has checked the appointment.
    The read (safety check, access needs) is audited."""
    room = CallRoom.objects.get(appointment=appointment)
    record(
        actor=user,
        action=Action.VIEW,
        obj=appointment,
        what=f"Opened the {appointment.modality} call",
    )
    current = AccessNeeds.objects.filter(
        is_current=True, service_user_id=appointment.service_user_id
    ).first()
    return CallForStaff(
        room=room,
        participants=list(room.participants.exclude(state=ParticipantState.REMOVED)),
        latest_check=room.safety_checks.first(),
        cant_talk=list(room.cant_talk.all()),
        access_needs=current.other_needs + ([current.notes] if current.notes else [])
        if current
        else [],
        communication_needs=needs_from(current, appointment.service_user),
        carers_who_may_join=carers_who_may_join(appointment),
        agreed_signal=agreed_signal(appointment.service_user),
        locked_links=join_links.locked_links(appointment),
    )


def carers_who_may_join(appointment: Appointment) -> list[CarerLink]:
    """Carers the person lets join video calls now; the caller has checked the appointment."""
    return list(
        CarerLink.objects.filter(
            service_user_id=appointment.service_user_id,
            withdrawn_at__isnull=True,
            can_join_video=True,
        ).select_related("carer")
    )


def room_of(place: Place) -> CallRoom:
    return CallRoom.objects.get(pk=place.participant.room_id)


def upcoming_video_for_person(user: User) -> list[Appointment]:
    """The service user's booked video appointments from today on (for their join list)."""
    if not user.is_authenticated or Role.SERVICE_USER not in user.roles:
        return []
    since = _still_open_since()
    return list(
        _video(Appointment.objects.filter(service_user__user=user, starts_at__gte=since)).order_by(
            "starts_at"
        )[:10]
    )


# --- For the socket (tandem/consult/consumers.py) ---------------------------------


def connected_peers(participant: Participant) -> list[dict[str, object]]:
    """The others in the caller's call who are let in and connected now. ``channel``
    stays on the server (the socket relays to it); browsers get the rest."""
    others = (
        Participant.objects.filter(room_id=participant.room_id, state=ParticipantState.ADMITTED)
        .exclude(pk=participant.pk)
        .exclude(channel_name="")
    )
    return [
        {
            "id": p.pk,
            "name": p.name,
            "kind": p.kind,
            "conn": connection_tag(p.channel_name),
            "channel": p.channel_name,
        }
        for p in others
    ]


def connection_tag(channel_name: str) -> str:
    """A short name for one socket, so browsers can tell a reconnection from the old one."""
    return hashlib.sha256(channel_name.encode("utf-8")).hexdigest()[:12]


def refreshed(participant: Participant) -> Participant | None:
    """The participant as the database has them now, or None if they may no longer join."""
    found = (
        Participant.objects.filter(pk=participant.pk)
        .select_related("room__appointment", "carer_link")
        .first()
    )
    if found is None or not calls.still_allowed(found):
        return None
    return found
