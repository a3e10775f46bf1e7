"""A member's way into a group call: waiting, the device and safety checks, and
the discreet signal. Keyword-only, typed, atomic, audited.

The safety check answers and the signal reach the facilitators only: nothing
here is ever sent to another member's page or socket.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.errors import InvalidInput
from tandem.groupcall.models import (
    MAX_PLACE,
    Attendee,
    CanTalk,
    GroupCall,
    GroupSignal,
    MemberSafetyCheck,
    MemberState,
)
from tandem.groups.models import Enrolment
from tandem.people.models import User


@transaction.atomic
def arrive(*, user: User | None, call: GroupCall, enrolment: Enrolment, shown_as: str) -> Attendee:
    """The member opens the call: they wait until a facilitator lets them in.
    ``user`` is None for a member without an account, in by their join link."""
    if not call.is_open:
        raise InvalidInput("This group session's video call has ended")
    attendee, made = Attendee.objects.get_or_create(
        call=call,
        user=user,
        enrolment=enrolment,
        defaults={"shown_as": shown_as},
    )
    if made:
        record(
            actor=user,
            action=Action.CREATE,
            obj=attendee,
            subject_id=enrolment.service_user_id,
            what="Arrived in a group call's waiting room",
        )
    return attendee


@transaction.atomic
def device_checked(*, attendee: Attendee) -> None:
    attendee.device_checked_at = timezone.now()
    attendee.save(update_fields=["device_checked_at"])
    record(
        actor=attendee.user,
        action=Action.UPDATE,
        obj=attendee,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Checked their camera and microphone for a group call",
    )


@transaction.atomic
def record_check(*, attendee: Attendee, location: str, can_talk_freely: str) -> MemberSafetyCheck:
    location = location.strip()
    if not location:
        raise InvalidInput(gettext("Enter where you are now"))
    if len(location) > MAX_PLACE:
        raise InvalidInput(
            gettext("Where you are now must be %(most)s characters or fewer") % {"most": MAX_PLACE}
        )
    if can_talk_freely not in CanTalk.values:
        raise InvalidInput(gettext("Say whether you can talk freely where you are"))
    check = MemberSafetyCheck.objects.create(
        attendee=attendee, location=location, can_talk_freely=can_talk_freely
    )
    record(
        actor=attendee.user,
        action=Action.CREATE,
        obj=check,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Answered the safety check before a group call",
    )
    return check


@transaction.atomic
def signal(*, attendee: Attendee) -> GroupSignal:
    """The member pressed their agreed control: the facilitators are told, nobody else."""
    if attendee.is_facilitator or attendee.state != MemberState.ADMITTED:
        raise InvalidInput("Only a member in the call has this control")
    used = GroupSignal.objects.create(attendee=attendee)
    record(
        actor=attendee.user,
        action=Action.CREATE,
        obj=used,
        subject_id=attendee.enrolment.service_user_id if attendee.enrolment else None,
        what="Used the agreed signal that they cannot talk freely, in a group call",
    )
    return used


@transaction.atomic
def signal_seen(*, actor: User, used: GroupSignal) -> None:
    used.seen_at = timezone.now()
    used.seen_by = actor
    used.save(update_fields=["seen_at", "seen_by"])
    record(
        actor=actor,
        action=Action.UPDATE,
        obj=used,
        subject_id=used.attendee.enrolment.service_user_id if used.attendee.enrolment else None,
        what="Saw a member's signal that they cannot talk freely",
    )
