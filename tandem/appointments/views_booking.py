"""Staff booking an appointment in steps: type, way and clinician (and the
shared decision when one is needed), then a time, then check and book. Choices
travel in the address, a shared decision in hidden fields of posted forms."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tandem.access import records
from tandem.appointments import availability, guardrails, services
from tandem.appointments.booking import (
    AVOID_HINT,
    NEEDS_REASON,
    Choice,
    avoid_hint,
    booking_info,
    bound_slot_form,
    carried_decision,
    choice_from,
    choice_from_address,
    choose_form,
    decision_form,
    open_slots_for,
    place_for,
    slot_clinician,
    slot_from_key,
    slot_groups,
    times_to_avoid,
    week_from,
    weeks_around,
)
from tandem.appointments.forms_staff import (
    ANYONE,
    ConfirmForm,
    DecisionForm,
    SlotForm,
)
from tandem.guidance.queries import guidance_for
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.preferences.queries import decisions_about
from tandem.web.forms import error_summary

# --- Booking: the steps ------------------------------------------------------------------


def _slot_page(
    request: HttpRequest,
    choice: Choice,
    *,
    decision: DecisionForm | None,
    first_day: dt.date,
    form: SlotForm | None = None,
) -> HttpResponse:
    form = form or SlotForm(slots=open_slots_for(choice, first_day=first_day))
    return render(
        request,
        "appointments/staff/book_slot.jinja",
        {
            "title": f"Choose a time: {choice.person.display_name}",
            "person": choice.person,
            "choice": choice,
            "form": form,
            "form_errors": error_summary(form),
            "groups": slot_groups(form, times_to_avoid(choice.choices)),
            "times_to_avoid": times_to_avoid(choice.choices),
            "weeks": weeks_around(first_day),
            "first_day": first_day,
            "carried": decision.hidden_values() if decision else [],
            "way_label": choice.way_label,
            "back_url": choice.url("appointments:book"),
            "week_url": choice.url("appointments:book-slot"),
            "confirm_url": choice.url("appointments:book-confirm"),
            "get_hidden": [
                ("type", choice.appointment_type.pk),
                ("way", choice.way),
                ("clinician", choice.clinician.pk if choice.clinician else ANYONE),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Step one: type, way and clinician; and the shared decision if one is needed."""
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened booking an appointment")
    if not user.has_perm("people.change_serviceuser", found):
        raise Http404(records.NOT_FOUND)
    form = choose_form(user, found, request.GET if "type" in request.GET else None)
    choice = choice_from(user, found, form) if form.is_bound and form.is_valid() else None
    decision: DecisionForm | None = None
    if choice is not None:
        if not choice.needs_decision:
            return redirect(choice.url("appointments:book-slot"))
        decision = decision_form(choice, request.POST if request.method == "POST" else None)
        if request.method == "POST" and decision.is_valid():
            return _slot_page(request, choice, decision=decision, first_day=timezone.localdate())
    shown = decision if decision is not None else form
    return render(
        request,
        "appointments/staff/book.jinja",
        {
            "title": f"Book an appointment: {found.display_name}",
            "person": found,
            "form": form,
            "choice": choice,
            "decision": decision,
            "form_errors": error_summary(shown),
            "decisions": decisions_about(user, person=found)[:5],
            **booking_info(user, choice, found),
        },
    )


def _carried(
    request: HttpRequest, pk: int
) -> tuple[User, ServiceUser, Choice, DecisionForm | None] | HttpResponse:
    """Steps two and three: what step one chose, read back from the address, and
    the decision carried in the form; or back to step one when either is missing."""
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened booking an appointment")
    choice = choice_from_address(request, user, found)
    if choice is None:
        return redirect("appointments:book", pk=found.pk)
    try:
        decision = carried_decision(request, choice)
    except LookupError:
        return redirect(choice.url("appointments:book"))
    return user, found, choice, decision


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book_slot(request: HttpRequest, pk: int) -> HttpResponse:
    """Step two: open times, a week at a time, grouped by day."""
    carried = _carried(request, pk)
    if isinstance(carried, HttpResponse):
        return carried
    _user, _found, choice, decision = carried
    week = request.POST.get("week") if request.method == "POST" else request.GET.get("week")
    return _slot_page(request, choice, decision=decision, first_day=week_from(week))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step three: check and book; a guardrail breach needs a reason."""
    carried = _carried(request, pk)
    if isinstance(carried, HttpResponse):
        return carried
    user, found, choice, decision = carried
    # The slot comes in the posted form (with a decision) or in the address.
    source = request.POST if request.POST.get("slot") else request.GET
    key = source.get("slot", "")
    first_day = week_from(source.get("week"))
    slot = slot_from_key(choice, key)
    if slot is None:
        slot_form = bound_slot_form(
            open_slots_for(choice, first_day=first_day), source, taken=bool(key)
        )
        return _slot_page(request, choice, decision=decision, first_day=first_day, form=slot_form)
    team = choice.appointment_type.team
    clinician = slot_clinician(choice, slot)
    breaches = guardrails.breaches_for(
        team=team,
        clinician=clinician,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        modality=choice.way,
    )
    booking = request.method == "POST" and request.POST.get("step") == "book"
    avoid = avoid_hint(times_to_avoid(choice.choices), slot)
    form = ConfirmForm(request.POST if booking else None, breaches=breaches, avoid=avoid)
    site, room = place_for(slot, choice.way)
    if booking and form.is_valid():
        try:
            appointment = availability.book_with_decision(
                actor=user,
                person=found,
                booking=services.Booking(
                    service_user=found,
                    team=team,
                    clinician=clinician,
                    appointment_type=choice.appointment_type,
                    starts_at=slot.starts_at,
                    modality=choice.way,
                    site=site,
                    room=room,
                    shared_decision=None if decision else choice.latest,
                    guardrail_reason=form.cleaned_data["guardrail_reason"],
                    avoid_reason=form.cleaned_data["avoid_reason"],
                ),
                decision=decision.as_decision() if decision else None,
                guidance_shown={
                    m: c.level for m, c in guidance_for(choice.appointment_type.kind).items()
                },
            )
        except services.SlotTaken:
            slot_form = bound_slot_form(
                open_slots_for(choice, first_day=first_day), None, taken=True
            )
            return _slot_page(
                request, choice, decision=decision, first_day=first_day, form=slot_form
            )
        except services.NeedsReason as exc:
            form.breaches = exc.breaches
            form.add_error("guardrail_reason", NEEDS_REASON)
        except services.NeedsAvoidReason as exc:
            # Their times changed while this page was open.
            form.avoid = f"{AVOID_HINT}{exc.times}"
            form.add_error(
                "avoid_reason",
                "Enter why the appointment must be at a time they asked us to avoid",
            )
        except (services.InvalidInput, ValidationError) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, "Appointment booked")
            return redirect("appointments:appointment", pk=appointment.pk)
    return render(
        request,
        "appointments/staff/book_confirm.jinja",
        {
            "title": f"Check and book: {found.display_name}",
            "person": found,
            "choice": choice,
            "slot": slot,
            "clinician": clinician,
            "site": site,
            "room": room,
            "form": form,
            "form_errors": error_summary(form),
            "breaches": form.breaches,
            "avoid": form.avoid,
            "decision": decision,
            "carried": [*(decision.hidden_values() if decision else []), ("slot", slot.key)],
            "way_label": choice.way_label,
        },
    )
