"""Staff in video calls: the waiting room, admitting people, the safety check at
the start, inviting a carer or an interpreter, and switching to phone.

Staff outside the appointment's team get 404. Every opening is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.access import consult as consult_access
from tandem.consult import live, sending, services
from tandem.consult.forms import InviteForm, SafetyCheckForm, SwitchForm
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.web.forms import form_page
from tandem.web.links import full_url


@never_cache
@require_GET
@role_required(*STAFF)
def waiting_room(request: HttpRequest) -> HttpResponse:
    """Everyone waiting for the user and their team colleagues, longest first."""
    return render(
        request,
        "consult/waiting_room.jinja",
        {
            "title": "Video waiting room",
            "waiting": consult_access.waiting_room(signed_in_user(request)),
            "refresh_seconds": 15,
        },
    )


@require_POST
@role_required(*STAFF)
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    participant = consult_access.participant_for_staff(user, pk=pk)
    try:
        services.admit(actor=user, participant=participant)
    except services.InvalidInput as error:
        messages.info(request, str(error))
    else:
        live.admitted(participant.pk)
        messages.success(request, f"{participant.name} is now in the call.")
    if request.POST.get("back") == "call":
        return redirect("consult:call", pk=participant.room.appointment_id)
    return redirect("consult:waiting-room")


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def safety_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The short check at the start of every remote contact."""
    user = signed_in_user(request)
    appointment = consult_access.staff_appointment(
        user, pk=pk, what="Opened the safety check for a video call"
    )
    place = services.staff_participant(actor=user, appointment=appointment)
    form = SafetyCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_safety_check(
                actor=user,
                room=place.room,
                answers=services.SafetyAnswers(
                    identity_confirmed=data["identity_confirmed"],
                    location=data["location"],
                    others_present=data["others_present"],
                    private_and_safe=data["private_and_safe"],
                ),
            )
        except services.InvalidInput as error:
            form.add_error(None, str(error))
        else:
            if data["private_and_safe"] == "no":
                messages.info(
                    request,
                    "Safety check recorded. It is not private or safe to talk: ask only "
                    "yes or no questions, and offer another time or a face-to-face appointment.",
                )
            else:
                messages.success(request, "Safety check recorded. The call has started.")
            return redirect("consult:call", pk=pk)
    return form_page(
        request,
        "consult/safety_check.jinja",
        "Safety check",
        form,
        appointment=appointment,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def switch_to_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: ring the fallback number, recording the failure and the change."""
    user = signed_in_user(request)
    appointment = consult_access.staff_appointment(
        user, pk=pk, what="Opened the switch to phone for a video call"
    )
    place = services.staff_participant(actor=user, appointment=appointment)
    form = SwitchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.switch_to_phone(actor=user, room=place.room, notes=form.cleaned_data["notes"])
        except services.InvalidInput as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Recorded: the video failed and the appointment continued by phone.",
            )
            return redirect("consult:waiting-room")
    return form_page(
        request,
        "consult/switch.jinja",
        "Switch to phone",
        form,
        appointment=appointment,
        room=place.room,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a carer (only with the person's consent) or an interpreter."""
    user = signed_in_user(request)
    appointment = consult_access.staff_appointment(
        user, pk=pk, what="Opened the invitation page for a video call"
    )
    place = services.staff_participant(actor=user, appointment=appointment)
    may_join = consult_access.carers_who_may_join(appointment)
    carers = [
        (str(link.pk), f"{link.carer.display_name} ({link.relationship})") for link in may_join
    ]
    form = InviteForm(request.POST if request.method == "POST" else None, carers=carers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["who"] == "interpreter":
                issued = services.invite_interpreter(
                    actor=user,
                    room=place.room,
                    name=data["interpreter_name"],
                    channel=data["channel"],
                    address=data["address"],
                )
            else:
                link = next(link for link in may_join if str(link.pk) == data["who"])
                issued = services.invite_carer(
                    actor=user, room=place.room, link=link, channel=data["channel"]
                )
        except services.InvalidInput as error:
            form.add_error(None, str(error))
        else:
            sent = sending.send_invite(actor=user, issued=issued)
            return render(
                request,
                "consult/invited.jinja",
                {
                    "title": "Invitation made",
                    "appointment": appointment,
                    "issued": issued,
                    "sent": sent,
                    # Shown once, so staff can pass it on if it could not be sent.
                    "link": full_url(issued.path),
                },
            )
    return form_page(
        request,
        "consult/invite_form.jinja",
        "Invite someone to the call",
        form,
        appointment=appointment,
        no_carers=not carers,
    )
