"""Appointments for staff: the diary, a person's appointments, booking in steps
(no JavaScript needed: choices travel in the address, a shared decision in
hidden fields of posted forms), one appointment and what can be done to it,
and availability."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from tandem.access import records, scopes
from tandem.appointments import availability, guardrails, links, self_service, services
from tandem.appointments.forms_staff import (
    ANYONE,
    NOT_SWITCHED,
    CancelForm,
    ChooseForm,
    ConfirmForm,
    DecisionForm,
    EndSessionForm,
    LeaveForm,
    OneOffForm,
    OutcomeForm,
    SessionForm,
    SlotForm,
)
from tandem.appointments.models import Appointment, AppointmentModality, AppointmentType, Status
from tandem.appointments.slots import Slot, at, find_slot, open_slots
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.guidance.queries import ADVISORY_NOTE, guidance_for
from tandem.notify.queries import messages_about
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.people.models import ServiceUser, StaffMember, User
from tandem.preferences import selectors as preferences_selectors
from tandem.preferences.models import SharedDecision
from tandem.preferences.queries import Choices, choices_of, contact_times_for, decisions_about
from tandem.preferences.times import ContactTimes, service_zone
from tandem.web.forms import error_summary, nhs

DIARY_DAYS = 15  # today and the next 14 days
WEEKS_AHEAD = 26
NO_LONGER_FREE = "That time is no longer free. Choose another time"


def page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render with the helpers every staff appointment page uses (times in UK local time)."""
    return render(request, template, {"local": timezone.localtime, **context})


def not_found() -> Http404:
    return Http404(records.NOT_FOUND)


# --- Diary -----


@dataclass
class DiaryRow:
    appointment: Appointment
    flags: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


@require_GET
@role_required(*STAFF)
def diary(request: HttpRequest) -> HttpResponse:
    """The signed-in clinician's appointments for today and the next 14 days, with
    what they must know before a remote contact. Three queries, whatever the length."""
    user = signed_in_user(request)
    today = timezone.localdate()
    last = today + dt.timedelta(days=DIARY_DAYS - 1)
    booked = list(
        scopes.appointments_visible_to(user)
        .filter(
            clinician__user=user,
            status=Status.BOOKED,
            starts_at__gte=at(today, dt.time.min),
            starts_at__lte=at(last, dt.time.max),
        )
        .order_by("starts_at", "pk")
    )
    people = {a.service_user_id for a in booked}
    needs = {
        n.service_user_id: n.needs
        for n in preferences_selectors.current_access_needs_visible_to(user).filter(
            service_user_id__in=people
        )
    }
    flags = {
        d.service_user_id: d.flags
        for d in preferences_selectors.current_digital_checks_visible_to(user).filter(
            service_user_id__in=people
        )
    }
    days: dict[dt.date, list[DiaryRow]] = defaultdict(list)
    for a in booked:
        days[timezone.localdate(a.starts_at)].append(
            DiaryRow(a, flags.get(a.service_user_id, []), needs.get(a.service_user_id, []))
        )
    record(
        actor=user,
        action=Action.LIST,
        object_type="appointments.Appointment",
        what="Opened their diary",
    )
    return page(
        request,
        "appointments/staff/diary.jinja",
        {"title": "Your diary", "days": sorted(days.items()), "today": today, "last": last},
    )


# --- A person's appointments ----------------------------------------------------------


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened their appointments")
    now = timezone.now()
    theirs = list(
        scopes.appointments_visible_to(user)
        .filter(service_user=found)
        .order_by("-starts_at", "-pk")[:300]
    )
    upcoming = sorted(
        (a for a in theirs if a.is_booked and a.ends_at >= now), key=lambda a: a.starts_at
    )
    past = [a for a in theirs if a not in upcoming]
    return page(
        request,
        "appointments/staff/person.jinja",
        {
            "title": f"Appointments: {found.display_name}",
            "person": found,
            "upcoming": upcoming,
            "past": past,
            "can_book": user.has_perm("people.change_serviceuser", found),
        },
    )


# --- Booking: shared pieces ----------------------------------------------------------------


@dataclass
class Choice:
    """What step one decided, read back from the address at every later step."""

    person: ServiceUser
    appointment_type: AppointmentType
    way: str
    clinician: StaffMember | None
    choices: Choices
    latest: SharedDecision | None
    members: list[StaffMember]

    @property
    def needs_decision(self) -> bool:
        return self.latest is None or self.latest.decision != self.way

    @property
    def way_label(self) -> str:
        return str(AppointmentModality(self.way).label)

    @property
    def query(self) -> str:
        return urlencode(
            {
                "type": self.appointment_type.pk,
                "way": self.way,
                "clinician": self.clinician.pk if self.clinician else ANYONE,
            }
        )

    def url(self, name: str, **params: object) -> str:
        extra = "&" + urlencode(params) if params else ""
        return reverse(name, kwargs={"pk": self.person.pk}) + "?" + self.query + extra


def _booking_teams(user: User, person: ServiceUser) -> list[Any]:
    teams = [
        entry.team
        for entry in scopes.caseload_entries_of(user)
        .filter(service_user=person)
        .select_related("team")
    ]
    if not teams:
        raise not_found()
    return teams


def _choose_form(user: User, person: ServiceUser, data: QueryDict | None) -> ChooseForm:
    teams = _booking_teams(user, person)
    return ChooseForm(
        data,
        types=availability.types_for(teams),
        members={t.pk: availability.members_of(t) for t in teams},
    )


def _choice(user: User, person: ServiceUser, form: ChooseForm) -> Choice:
    kind = form.chosen_type()
    assert kind is not None
    latest = next((d for d in decisions_about(user, person=person) if d.kind == kind.kind), None)
    return Choice(
        person=person,
        appointment_type=kind,
        way=form.cleaned_data["way"],
        clinician=form.chosen_clinician(),
        choices=choices_of(user, person=person),
        latest=latest,
        members=form.members.get(kind.team_id, []),
    )


def _choice_from_address(request: HttpRequest, user: User, person: ServiceUser) -> Choice | None:
    form = _choose_form(user, person, request.GET)
    return _choice(user, person, form) if form.is_valid() else None


def _decision_form(choice: Choice, data: QueryDict | None) -> DecisionForm:
    preference = choice.choices.seen.get(choice.appointment_type.kind)
    return DecisionForm(
        data,
        kind=choice.appointment_type.kind,
        way=choice.way,
        not_wanted=list(preference.not_wanted) if preference else [],
        initial={"person_preference": preference.preferred if preference else ""},
    )


def _carried_decision(request: HttpRequest, choice: Choice) -> DecisionForm | None:
    """The decision carried in hidden fields, or None when none is needed.

    Raises ``LookupError`` when one is needed but missing or changed on the way."""
    if not choice.needs_decision:
        return None
    form = _decision_form(choice, request.POST if request.method == "POST" else None)
    if not form.is_valid():
        raise LookupError("decision missing")
    return form


def _week(raw: str | None) -> dt.date:
    today = timezone.localdate()
    try:
        first = dt.date.fromisoformat(raw) if raw else today
    except ValueError:
        first = today
    return min(max(first, today), today + dt.timedelta(weeks=WEEKS_AHEAD))


def _slots(
    choice: Choice,
    *,
    first_day: dt.date,
    days: int = 7,
    clinician: StaffMember | None = None,
    ignore: Appointment | None = None,
) -> list[Slot]:
    wanted = clinician or choice.clinician
    members = {s.pk for s in choice.members}
    return [
        s
        for s in open_slots(
            team=choice.appointment_type.team,
            appointment_type=choice.appointment_type,
            first_day=first_day,
            days=days,
            modality=choice.way,
            clinician=wanted,
            not_before=timezone.now(),
        )
        if s.clinician_id in members
    ]


def _slot_from_key(choice: Choice, key: str) -> Slot | None:
    """The open slot a form names, checked again against what is free now."""
    try:
        staff_id, stamp = (int(part) for part in key.split(":"))
    except ValueError:
        return None
    clinician = next((s for s in choice.members if s.pk == staff_id), None)
    if clinician is None or (choice.clinician is not None and choice.clinician.pk != staff_id):
        return None
    day = timezone.localdate(dt.datetime.fromtimestamp(stamp, tz=dt.UTC))
    return find_slot(_slots(choice, first_day=day, days=1, clinician=clinician), key)


AVOID_HINT = "Inside a time they asked us to avoid: "


def _times(choices: Choices) -> ContactTimes | None:
    times = choices.contact.contact_times if choices.contact else None
    return None if times is None or times.is_empty else times


def _avoid_hint(times: ContactTimes | None, slot: Slot) -> str:
    """Beside a time: which of the person's times to avoid it falls in."""
    if times is None:
        return ""
    reasons = times.clash_reasons(slot.starts_at, slot.ends_at, service_zone())
    return AVOID_HINT + ", ".join(reasons) if reasons else ""


def _slot_groups(form: SlotForm, times: ContactTimes | None = None) -> list[dict[str, Any]]:
    """Radio groups of the slot list, one per day (a long list stays usable), each
    time marked when it falls in the person's times to avoid."""
    base = nhs(form["slot"])
    error = base.get("errorMessage")
    chosen = str(form["slot"].value() or "")
    by_day: dict[dt.date, list[Slot]] = defaultdict(list)
    for slot in form.slots:
        by_day[timezone.localdate(slot.starts_at)].append(slot)
    groups = []
    for n, (day, slots) in enumerate(sorted(by_day.items())):
        groups.append(
            {
                "name": "slot",
                "idPrefix": "slot" if n == 0 else f"slot-{day:%Y-%m-%d}",
                "fieldset": {"legend": {"text": f"{day:%A %-d %B}", "size": "m"}},
                "errorMessage": error if n == 0 else None,
                "items": [
                    {
                        "value": s.key,
                        "text": f"{timezone.localtime(s.starts_at):%H:%M} to "
                        f"{timezone.localtime(s.ends_at):%H:%M}, {s.clinician_name}",
                        "checked": s.key == chosen,
                        **({"hint": {"text": hint}} if (hint := _avoid_hint(times, s)) else {}),
                    }
                    for s in slots
                ],
            }
        )
    return [{k: v for k, v in g.items() if v is not None} for g in groups]


def _slot_form(slots: list[Slot], data: QueryDict | None, *, taken: bool = False) -> SlotForm:
    """The slot list; bound when a choice was submitted, with 'no longer free' when
    the time chosen has gone."""
    if data is None and not taken:
        return SlotForm(slots=slots)
    form = SlotForm(data if data is not None else QueryDict(""), slots=slots)
    form.is_valid()
    if taken:
        form.errors["slot"] = form.error_class([NO_LONGER_FREE])
    return form


def _weeks(first_day: dt.date) -> dict[str, str | None]:
    today = timezone.localdate()
    previous = first_day - dt.timedelta(days=7)
    following = first_day + dt.timedelta(days=7)
    return {
        "previous": (max(previous, today)).isoformat() if first_day > today else None,
        "next": following.isoformat()
        if following <= today + dt.timedelta(weeks=WEEKS_AHEAD)
        else None,
        "label": f"{first_day:%-d %B} to {first_day + dt.timedelta(days=6):%-d %B %Y}",
    }


def _slot_page(
    request: HttpRequest,
    choice: Choice,
    *,
    decision: DecisionForm | None,
    first_day: dt.date,
    form: SlotForm | None = None,
) -> HttpResponse:
    form = form or SlotForm(slots=_slots(choice, first_day=first_day))
    return page(
        request,
        "appointments/staff/book_slot.jinja",
        {
            "title": f"Choose a time: {choice.person.display_name}",
            "person": choice.person,
            "choice": choice,
            "form": form,
            "form_errors": error_summary(form),
            "groups": _slot_groups(form, _times(choice.choices)),
            "times_to_avoid": _times(choice.choices),
            "weeks": _weeks(first_day),
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


def _info(user: User, choice: Choice | None, person: ServiceUser) -> dict[str, Any]:
    """What staff should see beside the booking form."""
    choices = choice.choices if choice else choices_of(user, person=person)
    kind = choice.appointment_type.kind if choice else ""
    return {
        "choices": choices,
        "preference": choices.seen.get(kind) if kind else None,
        "guidance": guidance_for(kind) if kind else {},
        "advisory_note": ADVISORY_NOTE,
        "latest": choice.latest if choice else None,
    }


# --- Booking: the steps ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Step one: type, way and clinician; and the shared decision if one is needed."""
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened booking an appointment")
    if not user.has_perm("people.change_serviceuser", found):
        raise not_found()
    form = _choose_form(user, found, request.GET if "type" in request.GET else None)
    choice = _choice(user, found, form) if form.is_bound and form.is_valid() else None
    decision: DecisionForm | None = None
    if choice is not None:
        if not choice.needs_decision:
            return redirect(choice.url("appointments:book-slot"))
        decision = _decision_form(choice, request.POST if request.method == "POST" else None)
        if request.method == "POST" and decision.is_valid():
            return _slot_page(request, choice, decision=decision, first_day=timezone.localdate())
    shown = decision if decision is not None else form
    return page(
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
            **_info(user, choice, found),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book_slot(request: HttpRequest, pk: int) -> HttpResponse:
    """Step two: open times, a week at a time, grouped by day."""
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened booking an appointment")
    choice = _choice_from_address(request, user, found)
    if choice is None:
        return redirect("appointments:book", pk=found.pk)
    try:
        decision = _carried_decision(request, choice)
    except LookupError:
        return redirect(choice.url("appointments:book"))
    week = request.POST.get("week") if request.method == "POST" else request.GET.get("week")
    return _slot_page(request, choice, decision=decision, first_day=_week(week))


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def book_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step three: check and book; a guardrail breach needs a reason."""
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened booking an appointment")
    choice = _choice_from_address(request, user, found)
    if choice is None:
        return redirect("appointments:book", pk=found.pk)
    try:
        decision = _carried_decision(request, choice)
    except LookupError:
        return redirect(choice.url("appointments:book"))
    # The slot comes in the posted form (with a decision) or in the address.
    source = request.POST if request.POST.get("slot") else request.GET
    key = source.get("slot", "")
    first_day = _week(source.get("week"))
    slot = _slot_from_key(choice, key)
    if slot is None:
        slot_form = _slot_form(_slots(choice, first_day=first_day), source, taken=bool(key))
        return _slot_page(request, choice, decision=decision, first_day=first_day, form=slot_form)
    team = choice.appointment_type.team
    clinician = next(s for s in choice.members if s.pk == slot.clinician_id)
    breaches = guardrails.breaches_for(
        team=team,
        clinician=clinician,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        modality=choice.way,
    )
    booking = request.method == "POST" and request.POST.get("step") == "book"
    avoid = _avoid_hint(_times(choice.choices), slot)
    form = ConfirmForm(request.POST if booking else None, breaches=breaches, avoid=avoid)
    site, room = (
        availability.place(slot.site_id, slot.room_id)
        if choice.way == "face_to_face"
        else (None, None)
    )
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
            slot_form = _slot_form(_slots(choice, first_day=first_day), None, taken=True)
            return _slot_page(
                request, choice, decision=decision, first_day=first_day, form=slot_form
            )
        except services.NeedsReason as exc:
            form.breaches = exc.breaches
            form.add_error("guardrail_reason", "Enter why the booking needs to go ahead")
        except services.NeedsAvoidReason as exc:
            # Their times changed while this page was open.
            form.avoid = f"{AVOID_HINT}{exc.times}"
            form.add_error(
                "avoid_reason",
                "Enter why the appointment must be at a time they asked us to avoid",
            )
        except (services.InvalidInput, ValidationError) as exc:
            form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, "Appointment booked")
            return redirect("appointments:appointment", pk=appointment.pk)
    return page(
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


# --- One appointment -----


def _appointment(request: HttpRequest, pk: int, what: str) -> tuple[User, Appointment]:
    user = signed_in_user(request)
    return user, records.appointment_for(user, pk=pk, what=what)


@require_GET
@role_required(*STAFF)
def appointment(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _appointment(request, pk, "Opened an appointment")
    moved_to = scopes.appointments_visible_to(user).filter(moved_from=found).first()
    return page(
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
    user, found = _appointment(request, pk, "Opened an appointment to move it")
    if not user.has_perm("people.change_serviceuser", found.service_user):
        raise not_found()
    # No shared decision travels with a move: every choice is in the address.
    source = request.GET
    anyone = source.get("anyone") == "yes"
    choice = _move_choice(found, anyone)
    first_day = _week(source.get("week"))
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
        return page(request, "appointments/staff/move.jinja", {**context, "closed": True})
    key = source.get("slot", "")
    slot = _slot_from_key(choice, key) if key else None

    def slot_list(*, taken: bool) -> HttpResponse:
        submitted = bool(key) or "choose" in source
        slot_form = _slot_form(
            _slots(choice, first_day=first_day), source if submitted else None, taken=taken
        )
        return page(
            request,
            "appointments/staff/move.jinja",
            {
                **context,
                "form": slot_form,
                "form_errors": error_summary(slot_form),
                "groups": _slot_groups(slot_form, contact_times_for(found.service_user)),
                "weeks": _weeks(first_day),
            },
        )

    if slot is None:
        return slot_list(taken=bool(key))
    clinician = next(s for s in choice.members if s.pk == slot.clinician_id)
    breaches = guardrails.breaches_for(
        team=found.team,
        clinician=clinician,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        modality=found.modality,
        ignore_pk=found.pk,
    )
    form = ConfirmForm(request.POST if request.method == "POST" else None, breaches=breaches)
    site, room = (
        availability.place(slot.site_id, slot.room_id)
        if found.modality == "face_to_face"
        else (None, None)
    )
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
            form.add_error("guardrail_reason", "Enter why the booking needs to go ahead")
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, "Appointment moved")
            return redirect("appointments:appointment", pk=moved.pk)
    return page(
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
    user, found = _appointment(request, pk, "Opened an appointment to cancel it")
    if not user.has_perm("people.change_serviceuser", found.service_user):
        raise not_found()
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(
                actor=user,
                appointment=found,
                by_person=form.cleaned_data["by"] == "person",
                reason=form.cleaned_data["reason"],
            )
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, "Appointment cancelled")
            return redirect("appointments:appointment", pk=found.pk)
    return page(
        request,
        "appointments/staff/cancel.jinja",
        {
            "title": f"Cancel the appointment: {found.service_user.display_name}",
            "appointment": found,
            "person": found.service_user,
            "form": form,
            "form_errors": error_summary(form),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def send_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a person without an account a single-use link to confirm, move or cancel."""
    user, found = _appointment(request, pk, "Opened an appointment to send a link")
    if not user.has_perm("people.change_serviceuser", found.service_user):
        raise not_found()
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
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, "Link sent")
            return redirect("appointments:appointment", pk=found.pk)
    return page(
        request,
        "appointments/staff/send_link.jinja",
        {
            "title": f"Send a link: {found.service_user.display_name}",
            "appointment": found,
            "person": found.service_user,
            "problem": problem,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF)
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    user, found = _appointment(request, pk, "Opened an appointment to record what happened")
    if not user.has_perm("people.change_serviceuser", found.service_user):
        raise not_found()
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
    form = OutcomeForm(request.POST or None, modality=found.modality, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        switched = "" if d["switched_to"] == NOT_SWITCHED else d["switched_to"]
        try:
            services.record_outcome(
                actor=user,
                appointment=found,
                outcome=services.Outcome(
                    attendance=d["attendance"],
                    technical_failure=d["technical_failure"] == "yes",
                    switched_to=switched,
                    switched_by=d["switched_by"] if switched else "",
                    notes=d["notes"],
                ),
            )
        except services.InvalidInput as exc:
            form.add_error(None, str(exc))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            messages.success(request, "What happened has been recorded")
            return redirect("appointments:appointment", pk=found.pk)
    return page(
        request,
        "appointments/staff/outcome.jinja",
        {
            "title": f"Record what happened: {found.service_user.display_name}",
            "appointment": found,
            "person": found.service_user,
            "started": found.starts_at <= timezone.now(),
            "form": form,
            "form_errors": error_summary(form),
        },
    )


# --- Availability -----


def _staff_for(request: HttpRequest, user: User) -> StaffMember:
    """Whose availability: the signed-in clinician's, or ?staff= someone they manage."""
    raw = request.GET.get("staff", "")
    if not raw:
        return user.staff
    if not raw.isdigit():
        raise not_found()
    found = scopes.staff_manageable_by(user).filter(pk=int(raw)).first()
    if found is None:
        raise not_found()
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
    return page(
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
        raise not_found()
    sites = availability.sites_of(teams[0])
    return {"teams": teams, "sites": sites, "rooms": availability.rooms_at(sites)}


def _availability_form_page(
    request: HttpRequest, template: str, title: str, form: Any, staff: StaffMember, user: User
) -> HttpResponse:
    return page(
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
        except PermissionDenied as exc:
            raise not_found() from exc
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
    session = scopes.availability_sessions_manageable_by(user).filter(pk=pk).first()
    if session is None:
        raise not_found()
    form = EndSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            to_move = availability.end_session(
                actor=user, session=session, last_day=form.cleaned_data["last_day"]
            )
        except availability.InvalidAvailability as exc:
            form.add_error("last_day", str(exc))
        except PermissionDenied as exc:
            raise not_found() from exc
        else:
            note = (
                f". {to_move} booked appointment{'s' if to_move != 1 else ''} after that date "
                "need moving"
                if to_move
                else ""
            )
            messages.success(request, "Session ended" + note)
            return _back_to_availability(session.staff, user)
    return page(
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
        except PermissionDenied as exc:
            raise not_found() from exc
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
        except PermissionDenied as exc:
            raise not_found() from exc
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
