"""One appointment, for staff: seeing it, moving it, cancelling it, recording
what happened, and sending the person a single-use link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.appointments import (
    availability,
    guardrails,
    interpreting,
    links,
    selectors,
    self_service,
    services,
)
from tandem.appointments.booking import (
    NEEDS_REASON,
    Choice,
    bound_slot_form,
    open_slots_for,
    place_for,
    slot_clinician,
    slot_from_key,
    slot_groups,
    week_from,
    weeks_around,
)
from tandem.appointments.forms_staff import (
    NOT_SWITCHED,
    ArrangedForm,
    CancelForm,
    ConfirmForm,
    OutcomeForm,
)
from tandem.appointments.models import Appointment
from tandem.notify.queries import messages_about
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import User
from tandem.preferences.queries import Choices, contact_times_for
from tandem.web.forms import error_summary, submit_form

# --- One appointment -----


def _appointment(request: HttpRequest, pk: int, what: str) -> tuple[User, Appointment]:
    user = signed_in_user(request)
    return user, selectors.appointment_for(user, pk=pk, what=what)


def _to_change(request: HttpRequest, pk: int, what: str) -> tuple[User, Appointment]:
    """An appointment the user may change (staff of the person's team); 404 otherwise."""
    user, found = _appointment(request, pk, what)
    if not user.has_perm("people.change_serviceuser", found.service_user):
        raise Http404(records.NOT_FOUND)
    return user, found


def _back_to(found: Appointment) -> str:
    return reverse("appointments:appointment", kwargs={"pk": found.pk})


@require_GET
@role_required(*STAFF)
def appointment(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _appointment(request, pk, "Opened an appointment")
    moved_to = selectors.appointments_visible_to(user).filter(moved_from=found).first()
    return render(
        request,
        "appointments/staff/appointment.jinja",
        {
            "title": f"Appointment: {found.service_user.display_name}",
            "appointment": found,
            "person": found.service_user,
            "moved_to": moved_to,
            "started": found.starts_at <= timezone.now(),
            "messages_sent": messages_about(user, about_key=found.about_key),
        },
    )


def _move_choice(found: Appointment, anyone: bool) -> Choice:
    members = availability.members_of(found.team)
    clinician = None if anyone else found.clinician
    return Choice(
        person=found.service_user,
        appointment_type=found.appointment_type,
        way=found.modality,
        clinician=clinician,
        choices=Choices(),
        latest=None,
        members=members,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a new time for the same type and way, check, and move."""
    user, found = _to_change(request, pk, "Opened an appointment to move it")
    # No shared decision travels with a move: every choice is in the address.
    source = request.GET
    anyone = source.get("anyone") == "yes"
    choice = _move_choice(found, anyone)
    first_day = week_from(source.get("week"))
    context: dict[str, Any] = {
        "title": f"Move the appointment: {found.service_user.display_name}",
        "appointment": found,
        "person": found.service_user,
        "anyone": anyone,
        "choice": choice,
        "carried": [],
        "week_url": reverse("appointments:move", kwargs={"pk": found.pk})
        + f"?anyone={'yes' if anyone else 'no'}",
        "confirm_url": reverse("appointments:move", kwargs={"pk": found.pk}),
        "get_hidden": [("anyone", "yes" if anyone else "no"), ("choose", "1")],
    }
    if not found.is_booked or found.has_outcome:
        return render(request, "appointments/staff/move.jinja", {**context, "closed": True})
    key = source.get("slot", "")
    slot = slot_from_key(choice, key) if key else None

    def slot_list(*, taken: bool) -> HttpResponse:
        submitted = bool(key) or "choose" in source
        slot_form = bound_slot_form(
            open_slots_for(choice, first_day=first_day), source if submitted else None, taken=taken
        )
        return render(
            request,
            "appointments/staff/move.jinja",
            {
                **context,
                "form": slot_form,
                "form_errors": error_summary(slot_form),
                "groups": slot_groups(slot_form, contact_times_for(found.service_user)),
                "weeks": weeks_around(first_day),
            },
        )

    if slot is None:
        return slot_list(taken=bool(key))
    clinician = slot_clinician(choice, slot)
    breaches = guardrails.breaches_for(
        team=found.team,
        clinician=clinician,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        modality=found.modality,
        ignore_pk=found.pk,
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None, breaches=breaches)
    site, room = place_for(slot, found.modality)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move(
                actor=user,
                appointment=found,
                starts_at=slot.starts_at,
                clinician=clinician,
                site=site,
                room=room,
                guardrail_reason=form.cleaned_data["guardrail_reason"],
            )
        except services.SlotTaken:
            return slot_list(taken=True)
        except services.NeedsReason as exc:
            form.breaches = exc.breaches
            form.add_error("guardrail_reason", NEEDS_REASON)
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Appointment moved")
            return redirect("appointments:appointment", pk=moved.pk)
    return render(
        request,
        "appointments/staff/move_confirm.jinja",
        {
            **context,
            "slot": slot,
            "clinician": clinician,
            "site": site,
            "room": room,
            "form": form,
            "form_errors": error_summary(form),
            "breaches": form.breaches,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _to_change(request, pk, "Opened an appointment to cancel it")
    return submit_form(
        request,
        CancelForm(request.POST or None),
        save=lambda data: services.cancel(
            actor=user,
            appointment=found,
            by_person=data["by"] == "person",
            reason=data["reason"],
        ),
        success="Appointment cancelled",
        then=_back_to(found),
        template="appointments/staff/cancel.jinja",
        title=f"Cancel the appointment: {found.service_user.display_name}",
        appointment=found,
        person=found.service_user,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def arranged(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the interpreter or communication professional is booked (HAZ-263)."""
    user, found = _to_change(request, pk, "Opened an appointment to record support arranged")
    return submit_form(
        request,
        ArrangedForm(request.POST or None),
        save=lambda data: interpreting.record_arranged(
            actor=user, appointment=found, note=data["note"]
        ),
        success="Recorded as arranged",
        then=_back_to(found),
        template="appointments/staff/arranged.jinja",
        title=f"Record support arranged: {found.service_user.display_name}",
        appointment=found,
        person=found.service_user,
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a person without an account a single-use link to confirm, move or cancel."""
    user, found = _to_change(request, pk, "Opened an appointment to send a link")
    problem = ""
    try:
        self_service.check_changeable(found)
    except services.InvalidInput as exc:
        problem = str(exc)
    if request.method == "POST" and not problem:
        try:
            links.send_link(actor=user, appointment=found)
        except services.InvalidInput as exc:
            problem = str(exc)
        else:
            messages.success(request, "Link sent")
            return redirect(_back_to(found))
    return render(
        request,
        "appointments/staff/send_link.jinja",
        {
            "title": f"Send a link: {found.service_user.display_name}",
            "appointment": found,
            "person": found.service_user,
            "problem": problem,
        },
    )


def _outcome(data: dict[str, Any]) -> services.Outcome:
    switched = "" if data["switched_to"] == NOT_SWITCHED else data["switched_to"]
    return services.Outcome(
        attendance=data["attendance"],
        technical_failure=data["technical_failure"] == "yes",
        switched_to=switched,
        switched_by=data["switched_by"] if switched else "",
        notes=data["notes"],
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _to_change(request, pk, "Opened an appointment to record what happened")
    initial = (
        {
            "attendance": found.attendance,
            "technical_failure": "yes" if found.technical_failure else "no",
            "switched_to": found.switched_to or NOT_SWITCHED,
            "switched_by": found.switched_by,
            "notes": found.outcome_notes,
        }
        if found.has_outcome
        else {}
    )
    return submit_form(
        request,
        OutcomeForm(request.POST or None, modality=found.modality, initial=initial),
        save=lambda data: services.record_outcome(
            actor=user, appointment=found, outcome=_outcome(data)
        ),
        success="What happened has been recorded",
        then=_back_to(found),
        template="appointments/staff/outcome.jinja",
        title=f"Record what happened: {found.service_user.display_name}",
        appointment=found,
        person=found.service_user,
        started=found.starts_at <= timezone.now(),
    )
