"""Taking part in a video call: the service user, the clinician, and a carer or
interpreter holding an invitation.

The way in for the person: their video appointments -> device check -> confirm
the fallback phone number -> waiting room -> call. Every page but the check and
the call works without JavaScript; the waiting room refreshes itself.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.access import records
from tandem.consult import (
    admitting,
    calls,
    ice,
    invitations,
    join_links,
    live,
    remote_safety,
    selectors,
    sockets,
    window,
)
from tandem.consult.forms import FallbackForm, SafetyCheckForm
from tandem.consult.models import HARMLESS_REPLIES, ParticipantKind, ParticipantState
from tandem.errors import InvalidInput
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.web.forms import submit_form

# The waiting room page reloads itself this often without JavaScript.
WAITING_REFRESH_SECONDS = 10
MAX_QUALITY_BODY = 4096


def _place(request: HttpRequest, pk: int) -> selectors.Place | HttpResponse:
    """The caller's place in the call, or a sign-in redirect for a stranger."""
    held = selectors.guest_in(request.session, appointment_pk=pk)
    if held is None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    return selectors.participant_in(user, request.session, appointment_pk=pk)  # type: ignore[arg-type]


def _place_in_open_call(request: HttpRequest, pk: int) -> selectors.Place | HttpResponse:
    """As ``_place``, but a call that is over answers with the page saying so."""
    if (over := over_if_over(request, pk)) is not None:
        return over
    return _place(request, pk)


def over_if_over(request: HttpRequest, pk: int, *, modality: str = "video") -> HttpResponse | None:
    """The page saying the call is over, if it is: nothing to check, join or record."""
    found = selectors.call_over(
        request.user,  # type: ignore[arg-type]
        request.session,
        appointment_pk=pk,
        modality=modality,
    )
    if found is None:
        return None
    return over_page(request, found)


def over_page(request: HttpRequest, found: selectors.CallOver) -> HttpResponse:
    cancelled = found.why == window.Over.CANCELLED
    return render(
        request,
        "consult/over.jinja",
        {
            "title": _("This appointment was cancelled") if cancelled else _("This call has ended"),
            "appointment": found.appointment,
            "cancelled": cancelled,
            "for_staff": found.for_staff,
            # The person themselves, signed in, gets a link to their appointments.
            "own": request.user.is_authenticated
            and found.appointment.service_user.user_id == request.user.pk,
        },
    )


def _next_step(place: selectors.Place) -> str:
    """Where this participant goes next on their way into the call."""
    pk = place.appointment.pk
    participant = place.participant
    if place.is_staff or participant.state == ParticipantState.ADMITTED:
        return reverse("consult:call", args=[pk])
    if participant.device_checked_at is None:
        return reverse("consult:check", args=[pk])
    if participant.kind == ParticipantKind.SERVICE_USER and participant.state != (
        ParticipantState.WAITING
    ):
        return reverse("consult:fallback", args=[pk])
    return reverse("consult:waiting", args=[pk])


@never_cache
@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    """The person's video appointments, each with a way to join."""
    return render(
        request,
        "consult/mine.jinja",
        {
            "title": _("Your video appointments"),
            "appointments": selectors.upcoming_video_for_person(signed_in_user(request)),
            "is_open": calls.is_open,
            "opens_at": window.opens_at,
        },
    )


@never_cache
@require_GET
def join(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_in_open_call(request, pk)
    if isinstance(place, HttpResponse):
        return place
    return redirect(_next_step(place))


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Camera, microphone and connection, in plain words. Needs JavaScript to test."""
    place = _place_in_open_call(request, pk)
    if isinstance(place, HttpResponse):
        return place
    if request.method == "POST":
        actor = request.user if isinstance(request.user, User) else None
        participant = admitting.device_checked(actor=actor, participant=place.participant)
        if participant.kind in (ParticipantKind.CARER, ParticipantKind.INTERPRETER):
            try:
                admitting.guest_waits(participant=participant)
            except InvalidInput as error:
                messages.info(request, str(error))
                return redirect("consult:check", pk=pk)
        return redirect(_next_step(selectors.Place(place.appointment, participant, False)))
    return render(
        request,
        "consult/check.jinja",
        {
            "title": _("Check your camera, microphone and connection"),
            "appointment": place.appointment,
            "place": place,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def fallback(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm the number to ring if the video fails, then wait to be let in."""
    place = _place_in_open_call(request, pk)
    if isinstance(place, HttpResponse):
        return place
    participant = place.participant
    if participant.kind != ParticipantKind.SERVICE_USER:
        raise Http404(records.NOT_FOUND)
    # A person who came in by the link in their reminder has no account.
    actor = signed_in_user(request) if participant.user_id is not None else None
    appointment = place.appointment
    room = participant.room
    return submit_form(
        request,
        FallbackForm(
            request.POST if request.method == "POST" else None,
            initial={"phone": room.fallback_phone or appointment.service_user.phone},
        ),
        save=lambda data: admitting.confirm_fallback(
            actor=actor, participant=participant, phone=data["phone"]
        ),
        then=lambda _: redirect("consult:waiting", pk=pk),
        template="consult/fallback.jinja",
        title=_("Confirm your phone number"),
        appointment=appointment,
    )


@never_cache
@require_GET
def waiting(request: HttpRequest, pk: int) -> HttpResponse:
    """'You are waiting.' Reloads itself every few seconds; the socket speeds it up."""
    place = _place_in_open_call(request, pk)
    if isinstance(place, HttpResponse):
        return place
    participant = place.participant
    if place.is_staff or participant.state == ParticipantState.ADMITTED:
        return redirect("consult:call", pk=pk)
    if participant.state != ParticipantState.WAITING:
        return redirect(_next_step(place))
    signal = selectors.signal_control(place.appointment)
    return render(
        request,
        "consult/waiting.jinja",
        {
            "title": _("You are waiting"),
            "appointment": place.appointment,
            "place": place,
            "refresh_seconds": WAITING_REFRESH_SECONDS,
            # Without JavaScript the page reloads itself; people can turn that off
            # (WCAG 2.2.1) and check when they choose.
            "auto": request.GET.get("auto") != "off",
            "socket_path": f"/ws/video/{pk}/",
            "signal": signal,
            "signal_reply": HARMLESS_REPLIES[signal],
        },
    )


@never_cache
@require_GET
def call(request: HttpRequest, pk: int) -> HttpResponse:
    place = _place_in_open_call(request, pk)
    if isinstance(place, HttpResponse):
        return place
    if not place.is_staff and place.participant.state != ParticipantState.ADMITTED:
        return redirect(_next_step(place))
    signal = selectors.signal_control(place.appointment)
    context: dict[str, Any] = {
        "title": _("Video call"),
        "appointment": place.appointment,
        "place": place,
        "is_open": calls.is_open(place.appointment),
        "opens_at": window.opens_at(place.appointment),
        "config": {
            "socket": f"/ws/video/{pk}/",
            "me": place.participant.pk,
            "name": place.participant.name,
            "iceServers": ice.ice_servers(place.participant.pk),
            "iceTransportPolicy": settings.TANDEM_ICE_TRANSPORT_POLICY,
            "quality": reverse("consult:quality", args=[pk]),
            "soundCheck": reverse("consult:sound-check", args=[pk]),
        },
        "signal": signal,
        "signal_reply": HARMLESS_REPLIES[signal],
    }
    if place.is_staff:
        user = signed_in_user(request)
        context["staff"] = selectors.call_for_staff(user, appointment=place.appointment)
        context["check_form"] = SafetyCheckForm()
    return render(request, "consult/call.jinja", context)


@require_POST
def sound_check(request: HttpRequest, pk: int) -> HttpResponse:
    """'Check my sound': the control agreed in advance for 'I can't talk freely'.

    The person sees only an ordinary sound check; staff are told privately.
    """
    place = _place(request, pk)
    if isinstance(place, HttpResponse):
        return place
    if place.participant.kind == ParticipantKind.SERVICE_USER:
        remote_safety.cant_talk(participant=place.participant)
        live.cant_talk(pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"ok": True})
    messages.info(request, HARMLESS_REPLIES[selectors.signal_control(place.appointment)])
    return redirect(_next_step(place))


@require_POST
def quality(request: HttpRequest, pk: int) -> HttpResponse:
    """How well the call worked, posted by the call page when it ends."""
    place = _place(request, pk)
    if isinstance(place, HttpResponse):
        return place
    if len(request.body) > MAX_QUALITY_BODY:
        return JsonResponse({"error": "Too large"}, status=400)
    try:
        data = json.loads(request.body or b"{}")
        connect = data.get("timeToConnectMs")
        report = sockets.QualityReport(
            time_to_connect_ms=None if connect is None else int(connect),
            relay_used=bool(data.get("relayUsed")),
            packet_loss_percent=Decimal(str(data.get("packetLossPercent", 0))),
            duration_seconds=int(data.get("durationSeconds", 0)),
            ending=str(data.get("ending", "")),
        )
        sockets.record_quality(participant=place.participant, report=report)
    except (ValueError, TypeError, AttributeError, InvalidOperation, InvalidInput):
        return JsonResponse({"error": "Not a call quality report"}, status=400)
    return JsonResponse({"ok": True})


@never_cache
@require_http_methods(["GET", "POST"])
def invite_link(request: HttpRequest, token: str) -> HttpResponse:
    """A carer's or interpreter's single-use invitation. Opening it does not use it up
    (link previews in messaging apps open links); pressing 'Join' does."""
    found = invitations.find_invite(token)
    if found is None:
        return render(
            request, "consult/invite_not_usable.jinja", {"title": _("This link does not work")}
        )
    if request.method == "POST":
        try:
            participant = invitations.redeem_invite(token=token)
        except invitations.InviteNotUsable:
            return render(
                request, "consult/invite_not_usable.jinja", {"title": _("This link does not work")}
            )
        selectors.remember_guest(request.session, participant)
        return redirect("consult:check", pk=participant.room.appointment_id)
    appointment = found.room.appointment
    return render(
        request,
        "consult/invite.jinja",
        {"title": _("Join a video appointment"), "participant": found, "appointment": appointment},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def person_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a video appointment's reminder. Someone with an account signs in;
    someone without one gives their date of birth and goes on to the device check."""
    found = join_links.find(token)
    if found is None:
        ended = join_links.find_over(token)
        if ended is None:
            return join_links.not_working(request)
        link, why = ended
        return over_page(request, selectors.CallOver(link.appointment, why, False))
    appointment = found.appointment
    if appointment.service_user.user_id is not None:
        # Links are only made for people without an account; one made before the
        # person signed up still works, through sign-in.
        return redirect("consult:join", pk=appointment.pk)

    def admit() -> HttpResponse:
        participant = admitting.person_by_link(appointment=appointment)
        selectors.remember_guest(request.session, participant)
        return redirect(_next_step(selectors.Place(appointment, participant, False)))

    return join_links.date_of_birth_page(request, link=found, token=token, admit=admit)
