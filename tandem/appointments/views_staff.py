"""Appointments for staff: their diary, and one person's appointments.

Booking is in ``views_booking``, one appointment and what can be done to it in
``views_appointment``, availability in ``views_availability``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from tandem.access import records
from tandem.appointments import elsewhere, selectors
from tandem.appointments.models import Appointment, Status
from tandem.appointments.slots import at
from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.decorators import STAFF, role_required, signed_in_user
from tandem.preferences import selectors as preferences_selectors

DIARY_DAYS = 15  # today and the next 14 days


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
        selectors.appointments_visible_to(user)
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
    staff = getattr(user, "staff", None)
    # Group sessions they facilitate keep them busy though the members' places
    # are in the lead's diary only (one query; ADR 0060).
    elsewhere_busy = (
        elsewhere.busy_between([staff.pk], at(today, dt.time.min), at(last, dt.time.max))
        if staff is not None
        else []
    )
    return render(
        request,
        "appointments/staff/diary.jinja",
        {
            "title": "Your diary",
            "days": sorted(days.items()),
            "today": today,
            "last": last,
            "elsewhere": elsewhere_busy,
        },
    )


# --- A person's appointments ----------------------------------------------------------


@require_GET
@role_required(*STAFF)
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    found = records.service_user_for(user, pk=pk, what="Opened their appointments")
    now = timezone.now()
    theirs = list(
        selectors.appointments_visible_to(user)
        .filter(service_user=found)
        .order_by("-starts_at", "-pk")[:300]
    )
    upcoming = sorted(
        (a for a in theirs if a.is_booked and a.ends_at >= now), key=lambda a: a.starts_at
    )
    past = [a for a in theirs if a not in upcoming]
    return render(
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
