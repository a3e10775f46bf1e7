"""Single-use links: a person without an account confirms, moves or cancels an
appointment after giving their date of birth. Forged, expired, used and locked
links all get the same answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tandem.appointments import links, notices, self_service
from tandem.appointments.choosing import (
    move_page,
    not_moved,
    pick_new_time,
    taken_errors,
)
from tandem.appointments.forms_person import WRONG_DATE_OF_BIRTH, CancelForm, DateOfBirthForm
from tandem.appointments.models import Appointment, SelfServiceLink
from tandem.appointments.services import InvalidInput
from tandem.appointments.shown import shown
from tandem.web.forms import error_summary, form_page

# --- Single-use links -------------------------------------------------------------------


def link_not_working(request: HttpRequest) -> HttpResponse:
    """The one answer for forged, expired, used and locked links."""
    return render(
        request,
        "appointments/person/link_dead.jinja",
        {"title": _("This link does not work")},
        status=404,
    )


def _link_context(found: SelfServiceLink) -> dict[str, Any]:
    appointment = found.appointment
    return {"shown": shown(appointment, with_outcome=False), "team": appointment.team}


def link_done(request: HttpRequest, appointment: Appointment, what: str) -> HttpResponse:
    links.forget(request.session)
    return render(
        request,
        "appointments/person/link_done.jinja",
        {
            "title": what,
            "shown": shown(appointment, with_outcome=False),
            "team": appointment.team,
            "cancelled": not appointment.is_booked,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    found = links.find(token)
    if found is None:
        return link_not_working(request)
    if not links.is_checked(request.session, found):
        answering = request.method == "POST" and "action" not in request.POST
        form = DateOfBirthForm(request.POST if answering else None)
        if answering and form.is_valid():
            try:
                right = links.check_date_of_birth(
                    link=found, date_of_birth=form.cleaned_data["date_of_birth"]
                )
            except links.LinkNotUsable:
                return link_not_working(request)
            if right:
                links.remember_checked(request.session, found)
                return redirect(request.path)
            if links.find(token) is None:
                return link_not_working(request)
            form.add_error("date_of_birth", WRONG_DATE_OF_BIRTH)
        return form_page(
            request, "appointments/person/link_check.jinja", _("Check it is you"), form
        )
    problem = ""
    if request.method == "POST" and request.POST.get("action") == "confirm":
        try:
            done = links.confirm_by_link(link=found)
        except links.LinkNotUsable:
            return link_not_working(request)
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return link_done(request, done, "You have confirmed your appointment")
    appointment = found.appointment
    return render(
        request,
        "appointments/person/link_choice.jinja",
        {
            "title": _("Your appointment"),
            **_link_context(found),
            "token": token,
            "can_move": self_service.may_self_change(appointment),
            "confirmed": appointment.confirmed_at is not None,
            "how_to_join": notices.how_to_join(appointment),
            "form_errors": [{"text": problem, "href": "#choices"}] if problem else [],
        },
    )


def _checked_link(request: HttpRequest, token: str) -> SelfServiceLink | HttpResponse:
    found = links.find(token)
    if found is None:
        return link_not_working(request)
    if not links.is_checked(request.session, found):
        return redirect("appointments:link", token=token)
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def link_cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = _checked_link(request, token)
    if isinstance(found, HttpResponse):
        return found
    form = CancelForm(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            done = links.cancel_by_link(link=found, reason=form.cleaned_data["reason"])
        except links.LinkNotUsable:
            return link_not_working(request)
        except InvalidInput as exc:
            problem = str(exc)
        else:
            return link_done(request, done, "Your appointment has been cancelled")
    return render(
        request,
        "appointments/person/cancel.jinja",
        {
            "title": _("Cancel your appointment"),
            **_link_context(found),
            "form": form,
            "form_errors": [{"text": problem, "href": "#problem"}]
            if problem
            else error_summary(form),
            "problem": problem,
            "back": reverse("appointments:link", kwargs={"token": token}),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def link_move(request: HttpRequest, token: str) -> HttpResponse:
    found = _checked_link(request, token)
    if isinstance(found, HttpResponse):
        return found
    appointment = found.appointment
    back = reverse("appointments:link", kwargs={"token": token})
    if not self_service.may_self_change(appointment):
        return redirect(back)
    chosen = pick_new_time(request, appointment, appointment.service_user)
    errors = taken_errors() if chosen.slot_missing else None
    if request.method == "POST" and chosen.slot is not None:
        try:
            moved = links.move_by_link(
                link=found,
                **chosen.chosen_time(),
            )
        except links.LinkNotUsable:
            return link_not_working(request)
        except (InvalidInput, PermissionDenied) as exc:
            # Refused here (a change of who may move it meanwhile) reads as the
            # time being gone: a link's visitor has no 404 to make sense of.
            errors = not_moved(chosen, str(exc))
        else:
            return link_done(request, moved, "Your appointment has been moved")
    return move_page(
        request,
        chosen,
        appointment=appointment,
        person=appointment.service_user,
        current=shown(appointment, with_outcome=False),
        back=back,
        errors=errors,
        can_ask=False,
    )
