"""Reads for group calls, each scoped to the user asking.

Who may open a session's call, and who may be in it, is the groups app's
question (tandem.groups.selectors): facilitators and the team's managers run
it; a member is someone enrolled in the programme. Every other read here
starts from what those gave, so missing and not yours are the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from tandem.access.records import NOT_FOUND
from tandem.consult.models import HARMLESS_REPLIES, AgreedSignal, SignalControl
from tandem.groupcall.models import Attendee, GroupCall, GroupSignal, MemberSafetyCheck, MemberState
from tandem.groups import selectors as groups
from tandem.groups.models import Enrolment, GroupSession
from tandem.people.models import User


@dataclass(frozen=True)
class ForFacilitator:
    session: GroupSession
    call: GroupCall | None


@dataclass(frozen=True)
class ForMember:
    session: GroupSession
    enrolment: Enrolment
    call: GroupCall | None
    attendee: Attendee | None


def for_facilitator(*, user: User, session_id: int) -> ForFacilitator:
    session = groups.session_for_facilitator(user=user, session_id=session_id)
    return ForFacilitator(session=session, call=GroupCall.objects.filter(session=session).first())


def for_member(*, user: User, session_id: int) -> ForMember:
    enrolment = groups.enrolment_for_session(user=user, session_id=session_id)
    session = enrolment.programme.sessions.select_related("programme__team").get(pk=session_id)
    call = GroupCall.objects.filter(session=session).first()
    attendee = Attendee.objects.filter(call=call, user=user).first() if call else None
    return ForMember(session=session, enrolment=enrolment, call=call, attendee=attendee)


def admitted_attendee(*, user: Any, session_id: int) -> Attendee | None:
    """The user's place in a session's open call, if they are let in (for the chat socket)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Attendee.objects.filter(
            call__session_id=session_id,
            call__ended_at__isnull=True,
            user=user,
            state=MemberState.ADMITTED,
        )
        .select_related("call")
        .first()
    )


def attendee_in(*, call: GroupCall, attendee_id: int) -> Attendee:
    """Someone in the facilitator's own call (the caller has checked the call)."""
    found = Attendee.objects.filter(call=call, pk=attendee_id).select_related("call").first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def signal_in(*, call: GroupCall, signal_id: int) -> GroupSignal:
    found = GroupSignal.objects.filter(attendee__call=call, pk=signal_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def display_name(enrolment: Enrolment) -> str:
    return groups.display_name(enrolment=enrolment)


@dataclass(frozen=True)
class Row:
    attendee: Attendee
    check: MemberSafetyCheck | None
    agreed: AgreedSignal | None


@dataclass(frozen=True)
class Panel:
    """What the facilitators see beside the call; never shown to a member."""

    waiting: list[Row]
    in_call: list[Row]
    removed: list[Row]
    signals: list[GroupSignal]


def panel(*, call: GroupCall) -> Panel:
    attendees = list(
        call.attendees.filter(is_facilitator=False).select_related("enrolment__service_user")
    )
    checks: dict[int, MemberSafetyCheck] = {}
    for check in MemberSafetyCheck.objects.filter(attendee__call=call).order_by("recorded_at"):
        checks[check.attendee_id] = check
    people = [a.enrolment.service_user_id for a in attendees if a.enrolment]
    agreed: dict[int, AgreedSignal] = {}
    for signal in AgreedSignal.objects.filter(service_user_id__in=people).order_by("agreed_at"):
        agreed[signal.service_user_id] = signal

    def rows(state: str) -> list[Row]:
        return [
            Row(
                attendee=a,
                check=checks.get(a.pk),
                agreed=agreed.get(a.enrolment.service_user_id) if a.enrolment else None,
            )
            for a in attendees
            if a.state == state
        ]

    return Panel(
        waiting=rows(MemberState.WAITING),
        in_call=rows(MemberState.ADMITTED),
        removed=rows(MemberState.REMOVED),
        signals=list(
            GroupSignal.objects.filter(attendee__call=call, seen_at__isnull=True).select_related(
                "attendee"
            )
        ),
    )


def signal_control(enrolment: Enrolment) -> tuple[str, str]:
    """The member's agreed control and the ordinary words it answers with.

    Read for the member's own page, so it says nothing of what it means."""
    found = (
        AgreedSignal.objects.filter(service_user_id=enrolment.service_user_id)
        .values_list("control", flat=True)
        .first()
    )
    control = SignalControl(found) if found else SignalControl.SOUND
    return control.label, HARMLESS_REPLIES[control]
