"""Group call pages, under /group-calls/<session id>/.

Members: the way in (device and safety check), the waiting room, the call and
the discreet signal, signed in or, without an account, by the join link in
their reminder after their date of birth (the same link and check as a
one-to-one call's, tandem.consult.join_links). Facilitators: open the room, admit, mute, remove and
readmit, see the safety answers and signals, and end the session. Without
Janus configured, or with Janus down, every page says plainly that group video
is not available and how to join by phone.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.consult import join_links
from tandem.errors import InvalidInput
from tandem.groupcall import attending, live, rooms, selectors
from tandem.groupcall.janus import JanusUnavailable, from_settings
from tandem.groupcall.models import CanTalk, GroupCall, MemberState
from tandem.groups.models import GroupSession
from tandem.people.decorators import STAFF, role_required, signed_in_user

WAITING_REFRESH_SECONDS = 5


def _janus_up() -> bool:
    control = from_settings()
    return control is not None and control.is_up()


def _by_phone(request: HttpRequest, session: GroupSession, *, staff: bool) -> HttpResponse:
    return render(
        request,
        "groupcall/by_phone.jinja",
        {
            "title": _("Group video is not available"),
            "session": session,
            "team": session.programme.team,
            "staff": staff,
        },
    )


def _ended(request: HttpRequest, session: GroupSession, *, removed: bool = False) -> HttpResponse:
    return render(
        request,
        "groupcall/ended.jinja",
        {
            "title": _("You are no longer in this group call")
            if removed
            else _("This group call has ended"),
            "session": session,
            "team": session.programme.team,
            "removed": removed,
        },
    )


def _asked_by_the_call_page(request: HttpRequest) -> bool:
    """The call page asking whether its person is still in the call.

    It asks when Janus says the room is gone or they were removed, or stops
    answering: Tandem's record decides where the page goes next (HAZ-305)."""
    return request.headers.get("X-Requested-With") == "fetch"


def _config(*, call: GroupCall, attendee_id: int, token: str, shown_as: str) -> dict[str, Any]:
    room = rooms.room_of(call)
    return {
        "server": settings.TANDEM_JANUS_PUBLIC_URL,
        "room": room.room_id,
        "pin": room.pin,
        "token": token,
        "id": attendee_id,
        "name": shown_as,
        "socket": f"/ws/group-calls/{call.session_id}/",
    }


# --- Members ---------------------------------------------------------------------------


def _member(request: HttpRequest, session_id: int) -> selectors.ForMember | HttpResponse:
    """The caller's place in the session: held by this browser after the join link's
    date of birth, or by their account (a stranger is sent to sign in; anyone else
    who is not a member gets the one 404)."""
    guest = selectors.for_guest(request.session, session_id=session_id)
    if guest is not None:
        return guest
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return selectors.for_member(user=signed_in_user(request), session_id=session_id)


@never_cache
@require_http_methods(["GET", "POST"])
def person_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a group place's reminder, for a member without an account: their
    date of birth, then the group call's way in as that member. A forged or locked
    link, another person's or a finished session's, and a removed member's all get
    the one answer a one-to-one call's link gives."""
    link = join_links.find(token, group=True)
    if link is not None and link.appointment.service_user.user_id is not None:
        # Made before the person signed up: it still works, through sign-in.
        return redirect("groupcall:join", session_id=link.appointment.group_session_id)
    found = selectors.link_place(token)
    if found is None:
        return join_links.not_working(request)
    link, place = found

    def admit() -> HttpResponse:
        selectors.remember_guest(
            request.session, session_id=place.session.pk, enrolment_id=place.enrolment.pk
        )
        return redirect("groupcall:join", session_id=place.session.pk)

    return join_links.date_of_birth_page(request, link=link, token=token, admit=admit)


@never_cache
@require_GET
def join(request: HttpRequest, session_id: int) -> HttpResponse:
    place = _member(request, session_id)
    if isinstance(place, HttpResponse):
        return place
    if place.attendee is not None and place.attendee.state == MemberState.REMOVED:
        return _ended(request, place.session, removed=True)
    if place.call is not None and not place.call.is_open:
        return _ended(request, place.session)
    if not _janus_up():
        return _by_phone(request, place.session, staff=False)
    if place.call is None:
        return render(
            request,
            "groupcall/not_open.jinja",
            {
                "title": _("The group call has not started yet"),
                "session": place.session,
                "refresh_seconds": WAITING_REFRESH_SECONDS * 3,
            },
        )
    attending.arrive(
        user=None if place.is_guest else signed_in_user(request),
        call=place.call,
        enrolment=place.enrolment,
        shown_as=selectors.display_name(place.enrolment),
    )
    return redirect("groupcall:check", session_id=session_id)


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, session_id: int) -> HttpResponse:
    """The camera and microphone, then where they are and whether they can talk freely."""
    place = _member(request, session_id)
    if isinstance(place, HttpResponse):
        return place
    if place.attendee is None or place.call is None or not place.call.is_open:
        return redirect("groupcall:join", session_id=session_id)
    error = ""
    if request.method == "POST":
        try:
            attending.record_check(
                attendee=place.attendee,
                location=request.POST.get("location", ""),
                can_talk_freely=request.POST.get("can_talk_freely", ""),
            )
        except InvalidInput as problem:
            error = str(problem)
        else:
            attending.device_checked(attendee=place.attendee)
            return redirect("groupcall:waiting", session_id=session_id)
    return render(
        request,
        "groupcall/check.jinja",
        {
            "title": _("Before you join the group"),
            "session": place.session,
            "error": error,
            "answers": request.POST,
            "choices": CanTalk.choices,
        },
        status=400 if error else 200,
    )


@never_cache
@require_GET
def waiting(request: HttpRequest, session_id: int) -> HttpResponse:
    place = _member(request, session_id)
    if isinstance(place, HttpResponse):
        return place
    if place.attendee is None or place.call is None or not place.call.is_open:
        return redirect("groupcall:join", session_id=session_id)
    if place.attendee.state == MemberState.ADMITTED:
        return redirect("groupcall:call", session_id=session_id)
    if place.attendee.state == MemberState.REMOVED:
        return _ended(request, place.session, removed=True)
    return render(
        request,
        "groupcall/waiting.jinja",
        {
            "title": _("You are waiting to join the group"),
            "session": place.session,
            "team": place.session.programme.team,
            "refresh_seconds": WAITING_REFRESH_SECONDS,
        },
    )


@never_cache
@require_GET
def call(request: HttpRequest, session_id: int) -> HttpResponse:
    place = _member(request, session_id)
    if isinstance(place, HttpResponse):
        return place
    attendee = place.attendee
    if attendee is None or place.call is None or attendee.state != MemberState.ADMITTED:
        return redirect("groupcall:join", session_id=session_id)
    if not place.call.is_open:
        return _ended(request, place.session)
    if _asked_by_the_call_page(request):
        return HttpResponse(status=204)
    label, reply = selectors.signal_control(place.enrolment)
    return render(
        request,
        "groupcall/call.jinja",
        {
            "title": place.session.programme.name,
            "session": place.session,
            "team": place.session.programme.team,
            "config": _config(
                call=place.call,
                attendee_id=attendee.pk,
                token=rooms.token_of(attendee),
                shown_as=attendee.shown_as,
            ),
            "signal_label": label,
            "signal_reply": reply,
            "facilitator": False,
        },
    )


@require_POST
def signal(request: HttpRequest, session_id: int) -> HttpResponse:
    """The agreed control: the member's page answers with ordinary words only."""
    place = _member(request, session_id)
    if isinstance(place, HttpResponse):
        return place
    _, reply = selectors.signal_control(place.enrolment)
    if place.attendee is not None:
        # Not in the call: the same ordinary answer, nothing to show.
        with contextlib.suppress(InvalidInput):
            attending.signal(attendee=place.attendee)
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(reply, content_type="text/plain")
    messages.info(request, reply)
    return redirect("groupcall:call", session_id=session_id)


# --- Facilitators ------------------------------------------------------------------------


@never_cache
@require_GET
@role_required(*STAFF)
def facilitate(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.for_facilitator(user=user, session_id=session_id)
    if place.call is not None and not place.call.is_open:
        return _ended(request, place.session)
    if place.call is not None and _asked_by_the_call_page(request):
        return HttpResponse(status=204)
    if not _janus_up():
        return _by_phone(request, place.session, staff=True)
    context: dict[str, Any] = {
        "title": f"Group call: {place.session.programme.name}",
        "session": place.session,
        "team": place.session.programme.team,
        "call": place.call,
        "facilitator": True,
    }
    if place.call is not None:
        try:
            me = rooms.join_as_facilitator(actor=user, call=place.call, shown_as=user.full_name)
        except (JanusUnavailable, InvalidInput):
            return _by_phone(request, place.session, staff=True)
        context["config"] = _config(
            call=place.call, attendee_id=me.pk, token=rooms.token_of(me), shown_as=me.shown_as
        )
        context["panel"] = selectors.panel(call=place.call)
        return render(request, "groupcall/call.jinja", context)
    return render(request, "groupcall/open.jinja", context)


@never_cache
@require_GET
@role_required(*STAFF)
def panel(request: HttpRequest, session_id: int) -> HttpResponse:
    """The facilitators' side panel alone, which their page fetches every few seconds."""
    place = selectors.for_facilitator(user=signed_in_user(request), session_id=session_id)
    if place.call is None:
        return HttpResponse(status=204)
    return render(
        request,
        "groupcall/_panel.jinja",
        {"session": place.session, "panel": selectors.panel(call=place.call), "call": place.call},
    )


def _act(request: HttpRequest, session_id: int, action: str, attendee_id: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.for_facilitator(user=user, session_id=session_id)
    if place.call is None:
        return redirect("groupcall:facilitate", session_id=session_id)
    attendee = selectors.attendee_in(call=place.call, attendee_id=attendee_id)
    done = {
        "admit": (rooms.admit, f"{attendee.shown_as} is now in the call."),
        "remove": (rooms.remove, f"{attendee.shown_as} has been removed from the call."),
        "mute": (rooms.mute, f"{attendee.shown_as} has been muted."),
    }
    service, message = done[action]
    # The facilitator's page posts by fetch and refreshes its panel: no banner to queue.
    by_fetch = request.headers.get("X-Requested-With") == "fetch"
    try:
        service(actor=user, attendee=attendee)
    except InvalidInput as problem:
        if not by_fetch:
            messages.info(request, str(problem))
    except JanusUnavailable:
        if not by_fetch:
            messages.error(request, _("Group video is not answering. Nothing was changed."))
    else:
        if action == "remove":
            live.removed(attendee.pk)
        if not by_fetch:
            messages.success(request, message)
    if by_fetch:
        return HttpResponse(status=204)
    return redirect("groupcall:facilitate", session_id=session_id)


@require_POST
@role_required(*STAFF)
def admit(request: HttpRequest, session_id: int, attendee_id: int) -> HttpResponse:
    return _act(request, session_id, "admit", attendee_id)


@require_POST
@role_required(*STAFF)
def remove(request: HttpRequest, session_id: int, attendee_id: int) -> HttpResponse:
    return _act(request, session_id, "remove", attendee_id)


@require_POST
@role_required(*STAFF)
def mute(request: HttpRequest, session_id: int, attendee_id: int) -> HttpResponse:
    return _act(request, session_id, "mute", attendee_id)


@require_POST
@role_required(*STAFF)
def signal_seen(request: HttpRequest, session_id: int, signal_id: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.for_facilitator(user=user, session_id=session_id)
    if place.call is not None:
        attending.signal_seen(
            actor=user, used=selectors.signal_in(call=place.call, signal_id=signal_id)
        )
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect("groupcall:facilitate", session_id=session_id)


@require_POST
@role_required(*STAFF)
def open_call(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.for_facilitator(user=user, session_id=session_id)
    try:
        rooms.open_call(actor=user, session=place.session, shown_as=user.full_name)
    except JanusUnavailable:
        return _by_phone(request, place.session, staff=True)
    except InvalidInput as problem:
        messages.info(request, str(problem))
    return redirect("groupcall:facilitate", session_id=session_id)


@require_POST
@role_required(*STAFF)
def end(request: HttpRequest, session_id: int) -> HttpResponse:
    user = signed_in_user(request)
    place = selectors.for_facilitator(user=user, session_id=session_id)
    if place.call is not None:
        try:
            rooms.end_call(actor=user, call=place.call)
        except JanusUnavailable:
            messages.error(request, _("Group video is not answering. Try ending the call again."))
            return redirect("groupcall:facilitate", session_id=session_id)
    return _ended(request, place.session)
