"""A service user's own appointments (seeing, confirming, moving, cancelling),
and a carer's view of the appointments shared with them.

Carers see the date, time, way and place of appointments of people who chose
to share them, nothing else."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.appointments import notices, selectors, self_service
from tandem.appointments.choosing import (
    move_page,
    not_moved,
    pick_new_time,
    taken_errors,
)
from tandem.appointments.forms_person import CancelForm
from tandem.appointments.models import Appointment, Status
from tandem.appointments.services import InvalidInput
from tandem.appointments.shown import Shown, shown
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.home import queries as people_queries
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import User
from tandem.people.roles import Role
from tandem.web import reading
from tandem.web.forms import error_summary

PAST_SHOWN = 50


def sent_messages(user: User, appointment: Appointment) -> list[Any] | None:
    """Messages sent about the appointment, once the notify app can list them."""
    try:
        from tandem.notify import queries as notify_queries
    except ImportError:
        return None
    return list(notify_queries.messages_about(user, about_key=appointment.about_key))


# --- Service users: their appointments --------------------------------------------------


def _mine(user: User, pk: int, what: str) -> Appointment:
    return records.fetch_one(
        selectors.own_appointments(user),
        actor=user,
        what=what,
        subject_of=lambda found: found.service_user_id,
        pk=pk,
    )


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    now = timezone.now()
    own = selectors.own_appointments(user)
    upcoming = own.filter(status=Status.BOOKED, ends_at__gt=now).order_by("starts_at")
    past = own.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:PAST_SHOWN]
    return reading.render_page(
        request,
        "appointments/person/mine.jinja",
        {
            "title": _("Your appointments"),
            "upcoming": [shown(a, with_outcome=False) for a in upcoming],
            "past": [shown(a) for a in past],
            "can_book": bool(self_service.bookable_types(records.own_service_user(user))),
        },
    )


@require_GET
@role_required(Role.SERVICE_USER)
def my_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = _mine(user, pk, "Opened their own appointment")
    upcoming = found.is_booked and found.starts_at > timezone.now()
    return render(
        request,
        "appointments/person/appointment.jinja",
        {
            "title": _("Your appointment"),
            "shown": shown(found),
            "appointment": found,
            "upcoming": upcoming,
            "can_move": upcoming and self_service.may_self_change(found),
            "how_to_join": notices.how_to_join(found),
            "messages_sent": sent_messages(user, found),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = _mine(user, pk, "Opened their own appointment to confirm it")
    problem = ""
    if request.method == "POST":
        try:
            self_service.self_confirm(actor=user, appointment=found)
        except InvalidInput as exc:
            problem = str(exc)
        else:
            messages.success(request, _("Thank you. You have confirmed you will come"))
            return redirect("appointments:my-appointment", pk=found.pk)
    return render(
        request,
        "appointments/person/confirm.jinja",
        {
            "title": _("Confirm your appointment"),
            "shown": shown(found),
            "appointment": found,
            "problem": problem or _unchangeable(found),
            "form_errors": [{"text": problem, "href": "#problem"}] if problem else [],
        },
    )


def _unchangeable(appointment: Appointment) -> str:
    try:
        self_service.check_changeable(appointment)
    except InvalidInput as exc:
        return str(exc)
    return ""


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = _mine(user, pk, "Opened their own appointment to cancel it")
    form = CancelForm(request.POST or None)
    problem = _unchangeable(found)
    if request.method == "POST" and not problem and form.is_valid():
        try:
            self_service.self_cancel(
                actor=user, appointment=found, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as exc:
            problem = str(exc)
        else:
            messages.success(request, _("Your appointment has been cancelled"))
            return redirect("appointments:my-appointment", pk=found.pk)
    errors = error_summary(form)
    if problem and request.method == "POST":
        errors = [{"text": problem, "href": "#problem"}]
    return render(
        request,
        "appointments/person/cancel.jinja",
        {
            "title": _("Cancel your appointment"),
            "shown": shown(found),
            "form": form,
            "form_errors": errors,
            "problem": problem,
            "team": found.team,
            "back": reverse("appointments:my-appointment", kwargs={"pk": found.pk}),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def my_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = _mine(user, pk, "Opened their own appointment to move it")
    back = reverse("appointments:my-appointment", kwargs={"pk": found.pk})
    if not self_service.may_self_change(found) or _unchangeable(found):
        return redirect(back)
    person = records.own_service_user(user)
    chosen = pick_new_time(request, found, person)
    errors = None
    if chosen.slot_missing:
        errors = taken_errors()
    elif request.method == "POST" and chosen.slot is not None:
        try:
            moved = self_service.self_move(
                actor=user,
                appointment=found,
                **chosen.chosen_time(),
            )
        except InvalidInput as exc:
            errors = not_moved(chosen, str(exc))
        else:
            messages.success(request, _("Your appointment has been moved"))
            return redirect("appointments:my-appointment", pk=moved.pk)
    return move_page(
        request,
        chosen,
        appointment=found,
        person=person,
        current=shown(found),
        back=back,
        errors=errors,
        can_ask=True,
    )


# --- Carers ---------------------------------------------------------------------------


@require_GET
@role_required(Role.CARER)
def carer(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    shared = selectors.appointments_shared_with_carer(user).filter(
        status=Status.BOOKED, ends_at__gt=timezone.now()
    )
    # One query for everyone the carer supports, grouped here.
    by_person: dict[int, list[Shown]] = defaultdict(list)
    for a in shared.order_by("starts_at"):
        by_person[a.service_user_id].append(shown(a, with_outcome=False))
    people = [
        (link, by_person[link.service_user_id] if link.can_see_appointments else [])
        for link in people_queries.links_for_carer(user)
    ]
    record(
        actor=user,
        action=Action.LIST,
        object_type="appointments.Appointment",
        what="Carer viewed the appointments shared with them",
    )
    return render(
        request, "appointments/person/carer.jinja", {"title": _("Appointments"), "people": people}
    )
