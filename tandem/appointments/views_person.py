"""The service user's and carer's side of appointments, and single-use links.

Service users see, confirm, move and cancel their own appointments and book the
kinds their team lets them book. Carers see the appointments of people who
chose to share them: date, time, way and place, nothing else. People without an
account use a single-use link after giving their date of birth.

Every step works without JavaScript: choices are carried in GET parameters
(way, day, slot) until the final POST.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.appointments import face_to_face, links, notices, self_service
from tandem.appointments.forms_person import (
    WRONG_DATE_OF_BIRTH,
    CancelForm,
    DateOfBirthForm,
    FaceToFaceRequestForm,
    TypeForm,
    WayForm,
)
from tandem.appointments.models import (
    Appointment,
    AppointmentType,
    Attendance,
    SelfServiceLink,
    Status,
)
from tandem.appointments.services import InvalidInput
from tandem.appointments.slots import Slot
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.home import queries as people_queries
from tandem.people.decorators import role_required, signed_in_user
from tandem.people.models import CareTeam, ServiceUser, User
from tandem.people.roles import Role
from tandem.preferences.queries import contact_times_for
from tandem.preferences.times import service_zone
from tandem.web.forms import error_summary

PAST_SHOWN = 50


# --- Saying when, how and where, in plain words --------------------------------------


def day_text(value: dt.date) -> str:
    return f"{value:%A %-d %B %Y}"


def time_text(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%-I:%M%p}".lower().replace(":00", "")


def way_text(modality: str, site_name: str = "", address: str = "") -> str:
    if modality == "video":
        return "Video call"
    if modality == "phone":
        return "Phone call"
    return f"Face to face at {site_name}, {address}" if site_name else "Face to face"


@dataclass(frozen=True)
class Shown:
    """One appointment as a person reads it."""

    appointment: Appointment
    date: str
    time: str
    way: str
    outcome: str = ""


OUTCOMES = {
    Attendance.ATTENDED: "You were seen",
    Attendance.LATE_SEEN: "You arrived late and were seen",
    Attendance.LATE_NOT_SEEN: "You arrived late and could not be seen",
    Attendance.DID_NOT_ATTEND: (
        "We have this down as missed. If that is not right, tell your care team"
    ),
}


def outcome_text(appointment: Appointment) -> str:
    if appointment.status == Status.CANCELLED:
        moved_to = getattr(appointment, "moved_to", None)
        if moved_to is not None:
            local = timezone.localtime(moved_to.starts_at)
            return f"Moved to {day_text(local.date())} at {time_text(moved_to.starts_at)}"
        if appointment.attendance == Attendance.CANCELLED_BY_PERSON:
            return "Cancelled by you"
        return "Cancelled by your care team"
    if not appointment.attendance:
        return "Not recorded yet" if appointment.starts_at <= timezone.now() else ""
    text = OUTCOMES.get(Attendance(appointment.attendance), "")
    if appointment.switched_to:
        text += f", and it continued by {appointment.get_switched_to_display().lower()}"
    if appointment.technical_failure:
        text += ". There was a problem with the technology"
    return text


def shown(appointment: Appointment, *, with_outcome: bool = True) -> Shown:
    site = appointment.site
    return Shown(
        appointment=appointment,
        date=day_text(timezone.localtime(appointment.starts_at).date()),
        time=time_text(appointment.starts_at),
        way=way_text(
            appointment.modality,
            site.name if site else "",
            f"{site.address}, {site.postcode}" if site else "",
        ),
        outcome=outcome_text(appointment) if with_outcome else "",
    )


def sent_messages(user: User, appointment: Appointment) -> list[Any] | None:
    """Messages sent about the appointment, once the notify app can list them."""
    try:
        from tandem.notify import queries as notify_queries
    except ImportError:
        return None
    return list(notify_queries.messages_about(user, about_key=appointment.about_key))


# --- Choosing a time: way, then day, then time -----------------------------------------


@dataclass
class Pick:
    """Where a person is in choosing a time, from the GET parameters."""

    way_form: WayForm
    carry: dict[str, str]
    way: str = ""
    day: dt.date | None = None
    day_links: list[tuple[str, str]] = field(default_factory=list)
    # (text, address, whether it falls in a time the person asked us to avoid)
    time_links: list[tuple[str, str, bool]] = field(default_factory=list)
    # The person's times to avoid in words, when they have any.
    times_to_avoid: str = ""
    slot: Slot | None = None
    slot_missing: bool = False
    change_way_href: str = ""
    change_day_href: str = ""

    @property
    def any_avoided(self) -> bool:
        return any(avoided for _, _, avoided in self.time_links)

    @property
    def stage(self) -> str:
        if not self.way:
            return "way"
        if self.slot is not None:
            return "check"
        return "time" if self.day else "day"


def _query(params: dict[str, str]) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


def pick(
    request: HttpRequest,
    *,
    person: ServiceUser,
    team: CareTeam,
    appointment_type: AppointmentType,
    carry: dict[str, str],
    time_url: str,
    ignore: int | None = None,
    current_way: str = "",
) -> Pick:
    ways = self_service.ways_for(person, appointment_type.kind)
    source: Any = request.POST if request.method == "POST" else request.GET
    form = WayForm(
        source if "way" in source else None,
        ways=ways,
        initial={"way": current_way} if current_way else None,
    )
    here = request.path
    found = Pick(way_form=form, carry=carry)
    if not form.is_valid():
        return found
    found.way = form.cleaned_data["way"]
    found.change_way_href = here + _query(carry)
    chosen = {**carry, "way": found.way}

    def choosable(day: dt.date | None = None) -> list[Slot]:
        return self_service.choosable_slots(
            person=person,
            team=team,
            appointment_type=appointment_type,
            modality=found.way,
            day=day,
            ignore=ignore,
        )

    key = source.get("slot", "")
    if key:
        found.slot = self_service.slot_from_key(
            person=person,
            team=team,
            appointment_type=appointment_type,
            modality=found.way,
            key=key,
            ignore=ignore,
        )
        found.slot_missing = found.slot is None
    found.day = (
        timezone.localtime(found.slot.starts_at).date()
        if found.slot is not None
        else _day(source.get("day"))
    )
    # Times inside the person's times to avoid are marked, not hidden: the
    # times are theirs, and they may choose one this once (HAZ-155).
    times = contact_times_for(person)
    found.times_to_avoid = times.describe() if times is not None else ""
    if found.day is not None:
        found.change_day_href = here + _query(chosen)
        found.time_links = [
            (
                f"{time_text(s.starts_at)} with {s.clinician_name}",
                time_url + _query({**chosen, "day": found.day.isoformat(), "slot": s.key}),
                times is not None and times.clashes(s.starts_at, s.ends_at, service_zone()),
            )
            for s in choosable(found.day)
        ]
    else:
        found.day_links = [
            (
                f"{day_text(day)} ({count} {'time' if count == 1 else 'times'})",
                here + _query({**chosen, "day": day.isoformat()}),
            )
            for day, count in self_service.days_with_slots(choosable())
        ]
    return found


def slot_rows(pick_: Pick, appointment_type: AppointmentType | None) -> list[dict[str, Any]]:
    assert pick_.slot is not None
    slot = pick_.slot
    rows = []
    if appointment_type is not None:
        rows.append({"key": {"text": "Appointment"}, "value": {"text": appointment_type.name}})
    rows += [
        {
            "key": {"text": "Date"},
            "value": {"text": day_text(timezone.localtime(slot.starts_at).date())},
        },
        {"key": {"text": "Time"}, "value": {"text": time_text(slot.starts_at)}},
        {"key": {"text": "How"}, "value": {"text": way_text(pick_.way)}},
        {"key": {"text": "With"}, "value": {"text": slot.clinician_name}},
    ]
    return rows


def pick_page(
    request: HttpRequest,
    *,
    title: str,
    found: Pick,
    back: str,
    window: self_service.Window,
    errors: list[dict[str, str]] | None = None,
    **extra: Any,
) -> HttpResponse:
    context = {
        "title": title,
        "pick": found,
        "back": back,
        "window": window,
        "form": found.way_form,
        "form_errors": errors if errors is not None else error_summary(found.way_form),
        "day_shown": day_text(found.day) if found.day else "",
    }
    context.update(extra)
    return render(request, "appointments/person/pick.jinja", context)


@dataclass(frozen=True)
class FaceToFaceOffer:
    """What the booking page says about face to face (HAZ-153): that it can be
    booked, or honestly that it cannot, with the way to ask the team."""

    available: bool
    type_pk: int
    team: CareTeam
    can_ask: bool  # signed in; a single-use link's visitor is told to call instead
    asked_by: str = ""  # when a request is open: the date the team will contact them by
    would_be_by: str = ""  # the date a new request would be answered by
    form: FaceToFaceRequestForm = field(default_factory=FaceToFaceRequestForm)


def face_to_face_offer(
    found: Pick,
    *,
    person: ServiceUser,
    appointment_type: AppointmentType,
    can_ask: bool,
    ignore: int | None = None,
) -> FaceToFaceOffer | None:
    """Worked out only on the steps that talk about it: choosing the way, and
    the list of days when face to face was chosen."""
    if found.stage not in ("way", "day") or found.way not in ("", self_service.FACE_TO_FACE):
        return None
    team = appointment_type.team
    asked = face_to_face.open_request(person, team)
    return FaceToFaceOffer(
        available=self_service.face_to_face_bookable(
            person=person, team=team, appointment_type=appointment_type, ignore=ignore
        ),
        type_pk=appointment_type.pk,
        team=team,
        can_ask=can_ask,
        asked_by=face_to_face.promised_by(asked),
        would_be_by=face_to_face.by_text(face_to_face.respond_by()),
    )


TAKEN_ERRORS = [{"text": self_service.TAKEN, "href": "#choose-another"}]


def _taken(message: str) -> list[dict[str, str]]:
    return [{"text": message, "href": "#choose-another"}]


# --- Service users: their appointments --------------------------------------------------


def _mine(user: User, pk: int, what: str) -> Appointment:
    found = scopes.own_appointments(user).filter(pk=pk).first()
    if found is None:
        raise Http404(records.NOT_FOUND)
    record(actor=user, action=Action.VIEW, obj=found, subject_id=found.service_user_id, what=what)
    return found


@require_GET
@role_required(Role.SERVICE_USER)
def mine(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    records.own_service_user(user)
    now = timezone.now()
    own = scopes.own_appointments(user)
    upcoming = own.filter(status=Status.BOOKED, ends_at__gt=now).order_by("starts_at")
    past = own.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:PAST_SHOWN]
    return render(
        request,
        "appointments/person/mine.jinja",
        {
            "title": "Your appointments",
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
            "title": "Your appointment",
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
            messages.success(request, "Thank you. You have confirmed you will come")
            return redirect("appointments:my-appointment", pk=found.pk)
    return render(
        request,
        "appointments/person/confirm.jinja",
        {
            "title": "Confirm your appointment",
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
            messages.success(request, "Your appointment has been cancelled")
            return redirect("appointments:my-appointment", pk=found.pk)
    errors = error_summary(form)
    if problem and request.method == "POST":
        errors = [{"text": problem, "href": "#problem"}]
    return render(
        request,
        "appointments/person/cancel.jinja",
        {
            "title": "Cancel your appointment",
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
    chosen = pick(
        request,
        person=person,
        team=found.team,
        appointment_type=found.appointment_type,
        carry={},
        time_url=request.path,
        ignore=found.pk,
        current_way=found.modality,
    )
    errors = None
    if chosen.slot_missing:
        errors = TAKEN_ERRORS
    elif request.method == "POST" and chosen.slot is not None:
        try:
            moved = self_service.self_move(
                actor=user,
                appointment=found,
                clinician=self_service.clinician_of(chosen.slot),
                starts_at=chosen.slot.starts_at,
                modality=chosen.way,
            )
        except InvalidInput as exc:
            errors = _taken(str(exc))
            chosen.slot, chosen.slot_missing = None, True
        else:
            messages.success(request, "Your appointment has been moved")
            return redirect("appointments:my-appointment", pk=moved.pk)
    return pick_page(
        request,
        title="Move your appointment",
        found=chosen,
        back=back,
        window=self_service.window_for(found.team),
        errors=errors,
        face_to_face=face_to_face_offer(
            chosen,
            person=person,
            appointment_type=found.appointment_type,
            can_ask=True,
            ignore=found.pk,
        ),
        current=shown(found),
        rows=slot_rows(chosen, None) if chosen.slot else [],
        submit_text="Move to this time",
    )


# --- Service users: booking for themselves ------------------------------------------------


def _type_from(request: HttpRequest, person: ServiceUser) -> AppointmentType | None:
    source: Any = request.POST if request.method == "POST" else request.GET
    return self_service.bookable_type(person, source.get("type", ""))


@require_GET
@role_required(Role.SERVICE_USER)
def self_book(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    types = self_service.bookable_types(person)
    form = TypeForm(request.GET if "type" in request.GET else None, types=types)
    if form.is_bound and form.is_valid():
        return redirect(
            reverse("appointments:self-book-slot") + _query({"type": form.cleaned_data["type"]})
        )
    return render(
        request,
        "appointments/person/book_type.jinja",
        {
            "title": "Book an appointment",
            "form": form,
            "form_errors": error_summary(form),
            "types": types,
        },
    )


@require_GET
@role_required(Role.SERVICE_USER)
def self_book_slot(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    kind = _type_from(request, person)
    if kind is None:
        return redirect("appointments:self-book")
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
        title=f"Book: {kind.name}",
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
    user = signed_in_user(request)
    person = records.own_service_user(user)
    kind = _type_from(request, person)
    if kind is None:
        return redirect("appointments:self-book")
    here = reverse("appointments:ask-face-to-face") + _query({"type": str(kind.pk)})
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
                    request, f"Your request has been sent. The team will contact you by {by}"
                )
            else:
                messages.info(
                    request,
                    f"You have already asked. Your request is with the team, "
                    f"and they will contact you by {by}",
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
            "title": "Your request for a face-to-face appointment"
            if asked is not None
            else "Ask for a face-to-face appointment",
            "form": form,
            "form_errors": error_summary(form),
            "kind": kind,
            "asked": asked,
            "asked_by": face_to_face.promised_by(asked),
            "would_be_by": face_to_face.by_text(face_to_face.respond_by()),
            "back": reverse("appointments:self-book-slot") + _query({"type": str(kind.pk)}),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SERVICE_USER)
def self_book_confirm(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    person = records.own_service_user(user)
    kind = _type_from(request, person)
    if kind is None:
        return redirect("appointments:self-book")
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
        return redirect(slot_url + _query({"type": str(kind.pk)}))
    errors = TAKEN_ERRORS if chosen.slot_missing else None
    if request.method == "POST" and chosen.slot is not None:
        try:
            booked = self_service.self_book(
                actor=user,
                team=kind.team,
                appointment_type=kind,
                clinician=self_service.clinician_of(chosen.slot),
                starts_at=chosen.slot.starts_at,
                modality=chosen.way,
            )
        except InvalidInput as exc:
            errors = _taken(str(exc))
            chosen.slot, chosen.slot_missing = None, True
        else:
            messages.success(request, "Your appointment is booked")
            return redirect("appointments:my-appointment", pk=booked.pk)
    day = chosen.day.isoformat() if chosen.day else ""
    return render(
        request,
        "appointments/person/check.jinja",
        {
            "title": "Check your appointment",
            "pick": chosen,
            "rows": slot_rows(chosen, kind) if chosen.slot else [],
            "form_errors": errors or [],
            "hidden": {"type": str(kind.pk), "way": chosen.way},
            "choose_another": slot_url
            + _query({"type": str(kind.pk), "way": chosen.way, "day": day}),
            "submit_text": "Book this appointment",
        },
    )


# --- Carers ---------------------------------------------------------------------------


@require_GET
@role_required(Role.CARER)
def carer(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    shared = scopes.appointments_shared_with_carer(user).filter(
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
        request, "appointments/person/carer.jinja", {"title": "Appointments", "people": people}
    )


# --- Single-use links -------------------------------------------------------------------


def link_not_working(request: HttpRequest) -> HttpResponse:
    """The one answer for forged, expired, used and locked links."""
    return render(
        request,
        "appointments/person/link_dead.jinja",
        {"title": "This link does not work"},
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
        return render(
            request,
            "appointments/person/link_check.jinja",
            {"title": "Check it is you", "form": form, "form_errors": error_summary(form)},
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
            "title": "Your appointment",
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
            "title": "Cancel your appointment",
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
    chosen = pick(
        request,
        person=appointment.service_user,
        team=appointment.team,
        appointment_type=appointment.appointment_type,
        carry={},
        time_url=request.path,
        ignore=appointment.pk,
        current_way=appointment.modality,
    )
    errors = TAKEN_ERRORS if chosen.slot_missing else None
    if request.method == "POST" and chosen.slot is not None:
        try:
            moved = links.move_by_link(
                link=found,
                clinician=self_service.clinician_of(chosen.slot),
                starts_at=chosen.slot.starts_at,
                modality=chosen.way,
            )
        except links.LinkNotUsable:
            return link_not_working(request)
        except (InvalidInput, PermissionDenied) as exc:
            errors = _taken(str(exc))
            chosen.slot, chosen.slot_missing = None, True
        else:
            return link_done(request, moved, "Your appointment has been moved")
    return pick_page(
        request,
        title="Move your appointment",
        found=chosen,
        back=back,
        window=self_service.window_for(appointment.team),
        errors=errors,
        face_to_face=face_to_face_offer(
            chosen,
            person=appointment.service_user,
            appointment_type=appointment.appointment_type,
            can_ask=False,
            ignore=appointment.pk,
        ),
        current=shown(appointment, with_outcome=False),
        rows=slot_rows(chosen, None) if chosen.slot else [],
        submit_text="Move to this time",
    )
