"""Opening and ending a group session's video room, and letting people in and out.

Keyword-only, typed, atomic, audited. Each change is made in Janus first and
the database second, inside one transaction: if Janus refuses or is down, the
change is not recorded and the facilitator is told (JanusUnavailable).
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groupcall import room_keys
from tandem.groupcall.janus import JanusControl, JanusUnavailable, Room, from_settings
from tandem.groupcall.models import Attendee, GroupCall, MemberState
from tandem.groups.models import GroupSession
from tandem.people.models import User

# A facilitator or two, and the programme's members.
MORE_THAN_MEMBERS = 3


def janus() -> JanusControl:
    control = from_settings()
    if control is None:
        raise JanusUnavailable("Group video is not set up on this service")
    return control


def room_of(call: GroupCall) -> Room:
    return Room(
        room_id=call.pk,
        secret=room_keys.room_secret(call.pk),
        pin=room_keys.room_pin(call.pk),
    )


def token_of(attendee: Attendee) -> str:
    return room_keys.participant_token(attendee.call_id, attendee.pk, admission=attendee.admission)


def _let_in(control: JanusControl, attendee: Attendee) -> None:
    token = token_of(attendee)
    control.add_token(token)
    control.allow(room=room_of(attendee.call), token=token)


def _shut_out(control: JanusControl, attendee: Attendee) -> None:
    token = token_of(attendee)
    room = room_of(attendee.call)
    control.disallow(room=room, token=token)
    control.remove_token(token)
    # Janus says so if they are not in the room right now; they are shut out either way.
    with contextlib.suppress(JanusUnavailable):
        control.kick(room=room, participant_id=attendee.pk)


@transaction.atomic
def open_call(*, actor: User, session: GroupSession, shown_as: str) -> GroupCall:
    """Make the session's room (once), with the facilitator let in."""
    existing = GroupCall.objects.filter(session=session).first()
    if existing is not None:
        if not existing.is_open:
            raise InvalidInput("This group session's video call has ended")
        return existing
    call = GroupCall.objects.create(session=session, opened_by=actor)
    control = janus()
    control.create_room(
        room=room_of(call),
        description=f"Group session {session.pk}",
        publishers=session.programme.capacity + MORE_THAN_MEMBERS,
    )
    facilitator = Attendee.objects.create(
        call=call,
        user=actor,
        is_facilitator=True,
        shown_as=shown_as,
        state=MemberState.ADMITTED,
        admitted_at=timezone.now(),
        admitted_by=actor,
    )
    _let_in(control, facilitator)
    record(actor=actor, action=Action.CREATE, obj=call, what="Opened a group session's video call")
    return call


@transaction.atomic
def join_as_facilitator(*, actor: User, call: GroupCall, shown_as: str) -> Attendee:
    if not call.is_open:
        raise InvalidInput("This group session's video call has ended")
    attendee, made = Attendee.objects.get_or_create(
        call=call,
        user=actor,
        defaults={
            "is_facilitator": True,
            "shown_as": shown_as,
            "state": MemberState.ADMITTED,
            "admitted_at": timezone.now(),
            "admitted_by": actor,
        },
    )
    if made:
        _let_in(janus(), attendee)
        record(
            actor=actor,
            action=Action.CREATE,
            obj=attendee,
            what="Joined a group call to facilitate",
        )
    return attendee


def _forget_tokens(control: JanusControl, tokens: list[str]) -> None:
    for token in tokens:
        with contextlib.suppress(JanusUnavailable):
            control.remove_token(token)


@transaction.atomic
def end_call(*, actor: User, call: GroupCall) -> None:
    """Destroy the room: Janus tells everyone in it, and nobody can join again.

    The tokens are taken out of Janus only once the end is recorded. A page
    collects Janus's 'destroyed' notice on its next poll, and a poll with a
    token already gone is refused, so the notice was lost and the page stayed
    on an empty call (HAZ-305). Now a page either collects the notice, or is
    refused after the end is recorded and finds it so when it asks Tandem.
    """
    locked = GroupCall.objects.select_for_update().get(pk=call.pk)
    if not locked.is_open:
        return
    control = janus()
    control.destroy_room(room=room_of(locked))
    tokens = [token_of(a) for a in locked.attendees.filter(state=MemberState.ADMITTED)]
    locked.ended_at = timezone.now()
    locked.ended_by = actor
    locked.save(update_fields=["ended_at", "ended_by"])
    record(actor=actor, action=Action.UPDATE, obj=locked, what="Ended a group session's video call")
    transaction.on_commit(lambda: _forget_tokens(control, tokens))


@transaction.atomic
def admit(*, actor: User, attendee: Attendee) -> None:
    attendee = Attendee.objects.select_for_update().select_related("call").get(pk=attendee.pk)
    if not attendee.call.is_open:
        raise InvalidInput("This group session's video call has ended")
    if attendee.state == MemberState.ADMITTED:
        return
    if attendee.state == MemberState.REMOVED:
        # Readmitting: a new token, so the one they held before never works again.
        attendee.admission += 1
    _let_in(janus(), attendee)
    attendee.state = MemberState.ADMITTED
    attendee.admitted_at = timezone.now()
    attendee.admitted_by = actor
    attendee.save(update_fields=["state", "admission", "admitted_at", "admitted_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=attendee,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Let a member into a group call",
    )


@transaction.atomic
def remove(*, actor: User, attendee: Attendee) -> None:
    attendee = Attendee.objects.select_for_update().select_related("call").get(pk=attendee.pk)
    if attendee.is_facilitator:
        raise InvalidInput("A facilitator cannot be removed from the call")
    if attendee.state != MemberState.ADMITTED:
        raise InvalidInput(f"{attendee.shown_as} is not in the call")
    _shut_out(janus(), attendee)
    attendee.state = MemberState.REMOVED
    attendee.removed_at = timezone.now()
    attendee.removed_by = actor
    attendee.save(update_fields=["state", "removed_at", "removed_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=attendee,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Removed a member from a group call",
    )


@transaction.atomic
def mute(*, actor: User, attendee: Attendee) -> None:
    """Stop a member's sound for everyone; they can be heard again when they rejoin.

    The call page publishes sound first, so its media id is "0"."""
    if attendee.state != MemberState.ADMITTED:
        raise InvalidInput(f"{attendee.shown_as} is not in the call")
    janus().mute(room=room_of(attendee.call), participant_id=attendee.pk, mid="0")
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=attendee,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Muted a member in a group call",
    )
