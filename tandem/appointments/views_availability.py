"""Staff availability: weekly and one-off sessions, and leave, for the signed-in
clinician or someone in a team they manage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
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
from tandem.errors import found_or_404
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import StaffMember, User
from tandem.web.forms import submit_form

# --- Availability -----


def _staff_for(request: HttpRequest, user: User) -> StaffMember:
    """Whose availability: the signed-in clinician's, or ?staff= someone they manage."""
    raw = request.GET.get("staff", "")
    if not raw:
        return user.staff
    if not raw.isdigit():
        raise Http404(records.NOT_FOUND)
    return found_or_404(scopes.staff_manageable_by(user).filter(pk=int(raw)).first())


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


def _availability_form(
    request: HttpRequest,
    form: Any,
    *,
    staff: StaffMember,
    user: User,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str],
    template: str,
    title: str,
    field: str | None = None,
    **extra: object,
) -> HttpResponse:
    """A form about someone's availability; back to their availability when saved."""
    suffix = _for_staff(staff, user)
    return submit_form(
        request,
        form,
        save=save,
        success=success,
        then=reverse("appointments:availability") + suffix,
        template=template,
        title=title,
        field=field,
        staff=staff,
        suffix=suffix,
        **extra,
    )


def _need_moving(count: int, words: str) -> str:
    return f". {count} booked appointment{words}" if count else ""


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def session_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = SessionForm(request.POST or None, **_place_kwargs(staff, user))
    return _availability_form(
        request,
        form,
        staff=staff,
        user=user,
        save=lambda data: availability.add_session(
            actor=user,
            staff=staff,
            details=availability.SessionDetails(
                weekday=int(data["weekday"]),
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                **form.place(),
            ),
        ),
        success="Session added",
        template="appointments/staff/session_add.jinja",
        title="Add a weekly session",
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    session = found_or_404(
        selectors.availability_sessions_manageable_by(user).filter(pk=pk).first()
    )
    return _availability_form(
        request,
        EndSessionForm(request.POST or None),
        staff=session.staff,
        user=user,
        save=lambda data: availability.end_session(
            actor=user, session=session, last_day=data["last_day"]
        ),
        field="last_day",
        success=lambda to_move: (
            "Session ended"
            + _need_moving(to_move, f"{'s' if to_move != 1 else ''} after that date need moving")
        ),
        template="appointments/staff/session_end.jinja",
        title="End a weekly session",
        session=session,
        weekday=availability.WEEKDAYS[session.weekday],
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def one_off_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = OneOffForm(request.POST or None, **_place_kwargs(staff, user))
    return _availability_form(
        request,
        form,
        staff=staff,
        user=user,
        save=lambda data: availability.add_one_off(
            actor=user,
            staff=staff,
            details=availability.OneOffDetails(day=data["day"], **form.place()),
        ),
        success="One-off session added",
        template="appointments/staff/one_off_add.jinja",
        title="Add a one-off session",
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def leave_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    staff = _staff_for(request, user)
    form = LeaveForm(request.POST or None, colleagues=list(availability.colleagues_of(staff)))
    return _availability_form(
        request,
        form,
        staff=staff,
        user=user,
        save=lambda data: availability.add_leave(
            actor=user,
            staff=staff,
            kind=data["kind"],
            first_day=data["first_day"],
            last_day=data["last_day"],
            cover=form.chosen_cover(),
        ),
        success=lambda added: (
            "Leave recorded"
            + _need_moving(
                added[1],
                f"{'s are' if added[1] != 1 else ' is'} in this time and need moving or covering",
            )
        ),
        template="appointments/staff/leave_add.jinja",
        title="Record leave",
    )
