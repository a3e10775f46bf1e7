"""A service user booking for themselves the kinds their team lets them book,
or asking the team for a face-to-face appointment (HAZ-153)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records
from tandem.appointments import face_to_face, self_service
from tandem.appointments.choosing import (
    face_to_face_offer,
    not_moved,
    pick,
    pick_page,
    query,
    slot_rows,
    taken_errors,
)
from tandem.appointments.forms_person import FaceToFaceRequestForm, TypeForm
from tandem.appointments.models import AppointmentType
from tandem.appointments.services import InvalidInput
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import ServiceUser, User
from tandem.people.roles import Role
from tandem.web.forms import error_summary

# --- Service users: booking for themselves ------------------------------------------------


def _chosen_type(request: HttpRequest) -> tuple[User, ServiceUser, AppointmentType] | HttpResponse:
    """The signed-in person and the kind of appointment they chose to book, or back
    to choosing one when it is missing or not theirs to book."""
    user = signed_in_user(request)
    person = records.own_service_user(user)
    source: Any = request.POST if request.method == "POST" else request.GET
    kind = self_service.bookable_type(person, source.get("type", ""))
    if kind is None:
        return redirect("appointments:self-book")
    return user, person, kind


@require_GET
@role_required(Role.SERVICE_USER)
def self_book(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    types = self_service.bookable_types(person)
    form = TypeForm(request.GET if "type" in request.GET else None, types=types)
    if form.is_bound and form.is_valid():
        return redirect(
            reverse("appointments:self-book-slot") + query({"type": form.cleaned_data["type"]})
        )
    return render(
        request,
        "appointments/person/book_type.jinja",
        {
            "title": _("Book an appointment"),
            "form": form,
            "form_errors": error_summary(form),
            "types": types,
        },
    )


@require_GET
@role_required(Role.SERVICE_USER)
def self_book_slot(request: HttpRequest) -> HttpResponse:
    chosen_type = _chosen_type(request)
    if isinstance(chosen_type, HttpResponse):
        return chosen_type
    _user, person, kind = chosen_type
    chosen = pick(
        request,
        person=person,
        team=kind.team,
        appointment_type=kind,
        carry={"type": str(kind.pk)},
        time_url=reverse("appointments:self-book-confirm"),
    )
    return pick_page(
        request,
        title=_("Book: %(kind)s") % {"kind": kind.name},
        found=chosen,
        back=reverse("appointments:self-book"),
        window=self_service.window_for(kind.team),
        face_to_face=face_to_face_offer(chosen, person=person, appointment_type=kind, can_ask=True),
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def ask_face_to_face(request: HttpRequest) -> HttpResponse:
    """Ask the team for a face-to-face appointment (HAZ-153). The booking page
    posts here; a GET shows whether a request is open, and the form if not."""
    chosen_type = _chosen_type(request)
    if isinstance(chosen_type, HttpResponse):
        return chosen_type
    user, person, kind = chosen_type
    here = reverse("appointments:ask-face-to-face") + query({"type": str(kind.pk)})
    form = FaceToFaceRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item, new = face_to_face.ask(
                actor=user, person=person, appointment_type=kind, note=form.cleaned_data["note"]
            )
        except InvalidInput as exc:
            form.add_error("note", str(exc))
        else:
            by = face_to_face.promised_by(item)
            if new:
                messages.success(
                    request,
                    _("Your request has been sent. The team will contact you by %(by)s")
                    % {"by": by},
                )
            else:
                messages.info(
                    request,
                    _(
                        "You have already asked. Your request is with the team, "
                        "and they will contact you by %(by)s"
                    )
                    % {"by": by},
                )
            return redirect(here)
    asked = face_to_face.open_request(person, kind.team)
    if asked is not None:
        record(
            actor=user,
            action=Action.VIEW,
            obj=asked,
            subject_id=person.pk,
            what="Opened their request for a face-to-face appointment",
        )
    return render(
        request,
        "appointments/person/ask_face_to_face.jinja",
        {
            "title": _("Your request for a face-to-face appointment")
            if asked is not None
            else _("Ask for a face-to-face appointment"),
            "form": form,
            "form_errors": error_summary(form),
            "kind": kind,
            "asked": asked,
            "asked_by": face_to_face.promised_by(asked),
            "would_be_by": face_to_face.by_text(face_to_face.respond_by()),
            "back": reverse("appointments:self-book-slot") + query({"type": str(kind.pk)}),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def self_book_confirm(request: HttpRequest) -> HttpResponse:
    chosen_type = _chosen_type(request)
    if isinstance(chosen_type, HttpResponse):
        return chosen_type
    user, person, kind = chosen_type
    slot_url = reverse("appointments:self-book-slot")
    chosen = pick(
        request,
        person=person,
        team=kind.team,
        appointment_type=kind,
        carry={"type": str(kind.pk)},
        time_url=request.path,
    )
    if not chosen.way:
        return redirect(slot_url + query({"type": str(kind.pk)}))
    errors = taken_errors() if chosen.slot_missing else None
    if request.method == "POST" and chosen.slot is not None:
        try:
            booked = self_service.self_book(
                actor=user,
                team=kind.team,
                appointment_type=kind,
                **chosen.chosen_time(),
            )
        except InvalidInput as exc:
            errors = not_moved(chosen, str(exc))
        else:
            messages.success(request, _("Your appointment is booked"))
            return redirect("appointments:my-appointment", pk=booked.pk)
    day = chosen.day.isoformat() if chosen.day else ""
    return render(
        request,
        "appointments/person/check.jinja",
        {
            "title": _("Check your appointment"),
            "pick": chosen,
            "rows": slot_rows(chosen, kind) if chosen.slot else [],
            "form_errors": errors or [],
            "hidden": {"type": str(kind.pk), "way": chosen.way},
            "choose_another": slot_url
            + query({"type": str(kind.pk), "way": chosen.way, "day": day}),
            "submit_text": _("Book this appointment"),
        },
    )
