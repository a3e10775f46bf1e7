"""Staff in video calls: the waiting room, admitting people, the safety check at
the start, inviting a carer or an interpreter, and switching to phone.

Staff outside the appointment's team get 404. Every opening is audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tandem.access import records
from tandem.appointments.models import Appointment
from tandem.consult import (
    admitting,
    invitations,
    live,
    remote_safety,
    selectors,
    sending,
    switching,
    views,
)
from tandem.consult.forms import AgreeSignalForm, InviteForm, SafetyCheckForm, SwitchForm
from tandem.consult.models import Participant, SafetyCheck
from tandem.errors import InvalidInput
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import User
from tandem.web.forms import form_page, submit_form
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
            "waiting": selectors.waiting_room(signed_in_user(request)),
            "refresh_seconds": 15,
        },
    )


@require_POST
@role_required(*STAFF)
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    participant = selectors.participant_for_staff(user, pk=pk)
    try:
        admitting.admit(actor=user, participant=participant)
    except InvalidInput as error:
        messages.info(request, str(error))
    else:
        live.admitted(participant.pk)
        messages.success(request, f"{participant.name} is now in the call.")
    if request.POST.get("back") == "call":
        return redirect("consult:call", pk=participant.room.appointment_id)
    return redirect("consult:waiting-room")


@require_POST
@role_required(*STAFF)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a carer or an interpreter out of the call, at once."""
    user = signed_in_user(request)
    participant = selectors.participant_for_staff(user, pk=pk)
    try:
        admitting.remove(actor=user, participant=participant)
    except InvalidInput as error:
        messages.info(request, str(error))
    else:
        live.removed(participant.pk)
        messages.success(request, f"{participant.name} has been removed from the call.")
    return redirect("consult:call", pk=participant.room.appointment_id)


def _staff_place(
    request: HttpRequest, user: User, pk: int, *, what: str
) -> tuple[Appointment, Participant] | HttpResponse:
    """The video appointment of the user's team and their place in its call (the
    read recorded as ``what``), or the page saying the call is over."""
    if (over := views.over_if_over(request, pk)) is not None:
        return over
    appointment = selectors.staff_appointment(user, pk=pk, what=what)
    return appointment, admitting.staff_participant(actor=user, appointment=appointment)


def _answers(data: dict[str, object]) -> remote_safety.SafetyAnswers:
    return remote_safety.SafetyAnswers(
        identity_confirmed=bool(data["identity_confirmed"]),
        location=str(data["location"]),
        others_present=str(data["others_present"]),
        private_and_safe=str(data["private_and_safe"]),
    )


def _checked(request: HttpRequest, check: SafetyCheck, then: str, pk: int) -> HttpResponse:
    """Say the check is recorded (and what to do when it is not safe to talk); go on."""
    if check.private_and_safe == "no":
        messages.info(
            request,
            "Safety check recorded. It is not private or safe to talk: ask only "
            "yes or no questions, and offer another time or a face-to-face appointment.",
        )
    else:
        messages.success(request, "Safety check recorded. The call has started.")
    return redirect(then, pk=pk)


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def safety_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The short check at the start of every remote contact."""
    user = signed_in_user(request)
    found = _staff_place(request, user, pk, what="Opened the safety check for a video call")
    if isinstance(found, HttpResponse):
        return found
    appointment, place = found
    return submit_form(
        request,
        SafetyCheckForm(request.POST if request.method == "POST" else None),
        save=lambda data: remote_safety.record_safety_check(
            actor=user, room=place.room, answers=_answers(data)
        ),
        then=lambda check: _checked(request, check, "consult:call", pk),
        template="consult/safety_check.jinja",
        title="Safety check",
        appointment=appointment,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def phone_call(request: HttpRequest, pk: int) -> HttpResponse:
    """A phone appointment: the number to ring, the agreed signal, and the same safety
    check as a video call, recorded before anything else."""
    if (over := views.over_if_over(request, pk, modality="phone")) is not None:
        return over
    user = signed_in_user(request)
    appointment = selectors.staff_phone_appointment(user, pk=pk)
    room = remote_safety.phone_call_room(actor=user, appointment=appointment)
    # Not submit_form: what staff see of the call is read (and audited) only when
    # the page is drawn, not when the check is saved and the page moves on.
    form = SafetyCheckForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            check = remote_safety.record_safety_check(
                actor=user, room=room, answers=_answers(form.cleaned_data)
            )
        except InvalidInput as error:
            form.add_error(error.field, str(error))
        else:
            return _checked(request, check, "consult:phone-call", pk)
    return form_page(
        request,
        "consult/phone_call.jinja",
        f"Phone call with {appointment.service_user.display_name}",
        form,
        appointment=appointment,
        staff=selectors.call_for_staff(user, appointment=appointment),
        check_action=reverse("consult:phone-call", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def switch_to_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: ring the fallback number, recording the failure and the change."""
    user = signed_in_user(request)
    found = _staff_place(request, user, pk, what="Opened the switch to phone for a video call")
    if isinstance(found, HttpResponse):
        return found
    appointment, place = found
    return submit_form(
        request,
        SwitchForm(request.POST if request.method == "POST" else None),
        save=lambda data: switching.switch_to_phone(
            actor=user, room=place.room, notes=data["notes"]
        ),
        success="Recorded: the video failed and the appointment continued by phone.",
        then="consult:waiting-room",
        template="consult/switch.jinja",
        title="Switch to phone",
        appointment=appointment,
        room=place.room,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a carer (only with the person's consent) or an interpreter."""
    user = signed_in_user(request)
    found = _staff_place(request, user, pk, what="Opened the invitation page for a video call")
    if isinstance(found, HttpResponse):
        return found
    appointment, place = found
    may_join = selectors.carers_who_may_join(appointment)
    carers = [
        (str(link.pk), f"{link.carer.display_name} ({link.relationship})") for link in may_join
    ]

    def issue(data: dict[str, Any]) -> invitations.IssuedInvite:
        if data["who"] == "interpreter":
            return invitations.invite_interpreter(
                actor=user,
                room=place.room,
                name=data["interpreter_name"],
                channel=data["channel"],
                address=data["address"],
            )
        link = next(link for link in may_join if str(link.pk) == data["who"])
        return invitations.invite_carer(
            actor=user, room=place.room, link=link, channel=data["channel"]
        )

    def invited(issued: invitations.IssuedInvite) -> HttpResponse:
        return render(
            request,
            "consult/invited.jinja",
            {
                "title": "Invitation made",
                "appointment": appointment,
                "issued": issued,
                "sent": sending.send_invite(actor=user, issued=issued),
                # Shown once, so staff can pass it on if it could not be sent.
                "link": full_url(issued.path),
            },
        )

    return submit_form(
        request,
        InviteForm(request.POST if request.method == "POST" else None, carers=carers),
        save=issue,
        then=invited,
        template="consult/invite_form.jinja",
        title="Invite someone to the call",
        appointment=appointment,
        no_carers=not carers,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def agree_signal(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the discreet signal agreed with the person for when they cannot talk
    freely. Only staff see it: it is never shown on the person's own pages."""
    user = signed_in_user(request)
    person = records.service_user_for(
        user, pk=pk, what="Opened the signal agreed for when they cannot talk freely"
    )
    current = selectors.agreed_signal(person)
    return submit_form(
        request,
        AgreeSignalForm(
            request.POST if request.method == "POST" else None,
            initial={"control": current.control, "phone_words": current.phone_words}
            if current
            else {},
        ),
        save=lambda data: remote_safety.agree_signal(
            actor=user, person=person, control=data["control"], phone_words=data["phone_words"]
        ),
        success="Signal recorded. Only staff can see it.",
        then=lambda _: redirect("consult:agree-signal", pk=pk),
        template="consult/agree_signal.jinja",
        title="The signal for 'I can't talk freely'",
        person=person,
        history=selectors.signal_history(person),
    )
