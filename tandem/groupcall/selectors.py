"""Reads for group calls, each scoped to the user asking.

Who may open a session's call, and who may be in it, is the groups app's
question (tandem.groups.selectors): facilitators and the team's managers run
it; a member is someone enrolled in the programme. Every other read here
starts from what those gave, so missing and not yours are the same 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from tandem.consult import join_links
from tandem.consult.models import HARMLESS_REPLIES, AgreedSignal, JoinLink, SignalControl
from tandem.errors import found_or_404
from tandem.groupcall.models import Attendee, GroupCall, GroupSignal, MemberSafetyCheck, MemberState
from tandem.groups import selectors as groups
from tandem.groups.models import Enrolment, EnrolmentState, GroupSession
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
    # In by the join link, without an account: their place is known by the enrolment.
    is_guest: bool = False


def for_facilitator(*, user: User, session_id: int) -> ForFacilitator:
    session = groups.session_for_facilitator(user=user, session_id=session_id)
    return ForFacilitator(session=session, call=GroupCall.objects.filter(session=session).first())


def for_member(*, user: User, session_id: int) -> ForMember:
    enrolment = groups.enrolment_for_session(user=user, session_id=session_id)
    session = enrolment.programme.sessions.select_related("programme__team").get(pk=session_id)
    call = GroupCall.objects.filter(session=session).first()
    attendee = Attendee.objects.filter(call=call, user=user).first() if call else None
    return ForMember(session=session, enrolment=enrolment, call=call, attendee=attendee)


# --- A member without an account, in by the link in their reminder --------------------

# The browser session holds, per group session, the enrolment whose date of birth
# was given on that session's join link; nothing else lets a guest in.
GUEST_SESSION_KEY = "groupcall.guest"


def remember_guest(browser: SessionBase, *, session_id: int, enrolment_id: int) -> None:
    browser.cycle_key()
    held = dict(browser.get(GUEST_SESSION_KEY) or {})
    held[str(session_id)] = enrolment_id
    browser[GUEST_SESSION_KEY] = held


def guest_enrolment(*, session_id: int, service_user_id: int) -> Enrolment | None:
    """The current place, in that session's programme, of a person without an account."""
    return (
        Enrolment.objects.filter(
            service_user_id=service_user_id,
            service_user__user__isnull=True,
            state=EnrolmentState.ENROLLED,
            programme__sessions__pk=session_id,
        )
        .select_related("programme", "service_user")
        .first()
    )


def _held_enrolment(browser: SessionBase | None, *, session_id: int) -> Enrolment | None:
    held = browser.get(GUEST_SESSION_KEY) if browser is not None else None
    if not isinstance(held, dict) or not isinstance(held.get(str(session_id)), int):
        return None
    found = Enrolment.objects.filter(pk=held[str(session_id)]).values_list(
        "service_user_id", flat=True
    )
    person = found.first()
    # Read afresh: a member who left the group, or has since made an account, is not let in.
    return guest_enrolment(session_id=session_id, service_user_id=person) if person else None


def guest_attendee(call: GroupCall | None, enrolment: Enrolment) -> Attendee | None:
    if call is None:
        return None
    return Attendee.objects.filter(call=call, enrolment=enrolment, user__isnull=True).first()


def for_guest(browser: SessionBase, *, session_id: int) -> ForMember | None:
    """The place this browser holds in the session's call, or None."""
    enrolment = _held_enrolment(browser, session_id=session_id)
    if enrolment is None:
        return None
    session = enrolment.programme.sessions.select_related("programme__team").get(pk=session_id)
    call = GroupCall.objects.filter(session=session).first()
    return ForMember(
        session=session,
        enrolment=enrolment,
        call=call,
        attendee=guest_attendee(call, enrolment),
        is_guest=True,
    )


def link_place(token: str) -> tuple[JoinLink, ForMember] | None:
    """The member and session a group place's join link names, while it may still let
    them in: their enrolment current, the call not ended, and not removed from it."""
    link = join_links.find(token, group=True)
    session_id = link.appointment.group_session_id if link is not None else None
    if link is None or session_id is None:
        return None
    enrolment = guest_enrolment(
        session_id=session_id, service_user_id=link.appointment.service_user_id
    )
    if enrolment is None:
        return None
    session = enrolment.programme.sessions.select_related("programme__team").get(pk=session_id)
    call = GroupCall.objects.filter(session=session).first()
    attendee = guest_attendee(call, enrolment)
    if (call is not None and not call.is_open) or (
        attendee is not None and attendee.state == MemberState.REMOVED
    ):
        return None
    return link, ForMember(
        session=session, enrolment=enrolment, call=call, attendee=attendee, is_guest=True
    )


def admitted_attendee(
    *, user: Any, session_id: int, browser: SessionBase | None = None
) -> Attendee | None:
    """The caller's place in a session's open call, if they are let in (for the chat
    socket): by their account, or as a member without one held in ``browser``."""
    found = Attendee.objects.filter(
        call__session_id=session_id,
        call__ended_at__isnull=True,
        state=MemberState.ADMITTED,
    ).select_related("call")
    guest = _held_enrolment(browser, session_id=session_id)
    if guest is not None:
        return found.filter(enrolment=guest, user__isnull=True).first()
    if not getattr(user, "is_authenticated", False):
        return None
    return found.filter(user=user).first()


def attendee_in(*, call: GroupCall, attendee_id: int) -> Attendee:
    """Someone in the facilitator's own call (the caller has checked the call)."""
    return found_or_404(
        Attendee.objects.filter(call=call, pk=attendee_id).select_related("call").first()
    )


def signal_in(*, call: GroupCall, signal_id: int) -> GroupSignal:
    return found_or_404(GroupSignal.objects.filter(attendee__call=call, pk=signal_id).first())


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
