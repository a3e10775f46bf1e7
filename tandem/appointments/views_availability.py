"""Staff availability: weekly and one-off sessions, and leave, for the signed-in
clinician or someone in a team they manage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.appointments import availability, selectors
from tandem.appointments.forms_staff import (
    EndSessionForm,
    LeaveForm,
    OneOffForm,
    SessionForm,
)
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import StaffMember, User
from tandem.web.forms import error_summary

# --- Availability -----


def _staff_for(request: HttpRequest, user: User) -> StaffMember:
    """Whose availability: the signed-in clinician's, or ?staff= someone they manage."""
    raw = request.GET.get("staff", "")
    if not raw:
        return user.staff
    if not raw.isdigit():
        raise Http404(records.NOT_FOUND)
    found = scopes.staff_manageable_by(user).filter(pk=int(raw)).first()
    if found is None:
        raise Http404(records.NOT_FOUND)
    return found


def _for_staff(staff: StaffMember, user: User) -> str:
    return "" if staff.pk == user.staff.pk else f"?staff={staff.pk}"


@require_GET
@role_required(*STAFF)
def availability_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    mine = staff.pk == user.staff.pk
    record(
        actor=user,
        action=Action.VIEW,
        object_type="appointments.AvailabilitySession",
        what=f"Opened the availability of {staff}",
    )
    return render(
        request,
        "appointments/staff/availability.jinja",
        {
            "title": "Your availability" if mine else f"Availability: {staff}",
            "staff": staff,
            "mine": mine,
            "suffix": _for_staff(staff, user),
            "found": availability.availability_of(staff),
            "team_staff": list(scopes.staff_manageable_by(user).exclude(pk=user.staff.pk)),
            "weekdays": availability.WEEKDAYS,
        },
    )


def _place_kwargs(staff: StaffMember, user: User) -> dict[str, Any]:
    teams = availability.teams_for_sessions(user, staff)
    if not teams:
        raise Http404(records.NOT_FOUND)
    sites = availability.sites_of(teams[0])
    return {"teams": teams, "sites": sites, "rooms": availability.rooms_at(sites)}


def _availability_form_page(
    request: HttpRequest, template: str, title: str, form: Any, staff: StaffMember, user: User
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "title": title,
            "form": form,
            "form_errors": error_summary(form),
            "staff": staff,
            "suffix": _for_staff(staff, user),
        },
    )


def _back_to_availability(staff: StaffMember, user: User) -> HttpResponse:
    return redirect(reverse("appointments:availability") + _for_staff(staff, user))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def session_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = SessionForm(request.POST or None, **_place_kwargs(staff, user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            availability.add_session(
                actor=user,
                staff=staff,
                details=availability.SessionDetails(
                    weekday=int(d["weekday"]),
                    valid_from=d["valid_from"],
                    valid_until=d["valid_until"],
                    **form.place(),
                ),
            )
        except availability.InvalidAvailability as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Session added")
            return _back_to_availability(staff, user)
    return _availability_form_page(
        request, "appointments/staff/session_add.jinja", "Add a weekly session", form, staff, user
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    session = selectors.availability_sessions_manageable_by(user).filter(pk=pk).first()
    if session is None:
        raise Http404(records.NOT_FOUND)
    form = EndSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            to_move = availability.end_session(
                actor=user, session=session, last_day=form.cleaned_data["last_day"]
            )
        except availability.InvalidAvailability as exc:
            form.add_error("last_day", str(exc))
        else:
            note = (
                f". {to_move} booked appointment{'s' if to_move != 1 else ''} after that date "
                "need moving"
                if to_move
                else ""
            )
            messages.success(request, "Session ended" + note)
            return _back_to_availability(session.staff, user)
    return render(
        request,
        "appointments/staff/session_end.jinja",
        {
            "title": "End a weekly session",
            "form": form,
            "form_errors": error_summary(form),
            "session": session,
            "weekday": availability.WEEKDAYS[session.weekday],
            "suffix": _for_staff(session.staff, user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def one_off_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = OneOffForm(request.POST or None, **_place_kwargs(staff, user))
    if request.method == "POST" and form.is_valid():
        try:
            availability.add_one_off(
                actor=user,
                staff=staff,
                details=availability.OneOffDetails(day=form.cleaned_data["day"], **form.place()),
            )
        except availability.InvalidAvailability as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "One-off session added")
            return _back_to_availability(staff, user)
    return _availability_form_page(
        request, "appointments/staff/one_off_add.jinja", "Add a one-off session", form, staff, user
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def leave_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = LeaveForm(request.POST or None, colleagues=list(availability.colleagues_of(staff)))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _leave, booked = availability.add_leave(
                actor=user,
                staff=staff,
                kind=d["kind"],
                first_day=d["first_day"],
                last_day=d["last_day"],
                cover=form.chosen_cover(),
            )
        except availability.InvalidAvailability as exc:
            form.add_error(None, str(exc))
        else:
            note = (
                f". {booked} booked appointment{'s are' if booked != 1 else ' is'} in this time "
                "and need moving or covering"
                if booked
                else ""
            )
            messages.success(request, "Leave recorded" + note)
            return _back_to_availability(staff, user)
    return _availability_form_page(
        request, "appointments/staff/leave_add.jinja", "Record leave", form, staff, user
    )
