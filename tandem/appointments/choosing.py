"""Choosing a time without JavaScript, for a person moving or booking their own
appointment (signed in or from a single-use link): way, then day, then time,
each choice carried in the address until the final POST."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.appointments import face_to_face, self_service
from tandem.appointments.forms_person import FaceToFaceRequestForm, WayForm
from tandem.appointments.models import Appointment, AppointmentType
from tandem.appointments.shown import Shown, day_text, time_text, way_text
from tandem.appointments.slots import Slot
from tandem.people.models import CareTeam, ServiceUser
from tandem.preferences.queries import contact_times_for
from tandem.preferences.times import service_zone
from tandem.web.forms import error_summary

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

    def chosen_time(self) -> dict[str, Any]:
        """The time chosen, as the services that book and move take it."""
        assert self.slot is not None
        return {
            "clinician": self_service.clinician_of(self.slot),
            "starts_at": self.slot.starts_at,
            "modality": self.way,
        }

    @property
    def stage(self) -> str:
        if not self.way:
            return "way"
        if self.slot is not None:
            return "check"
        return "time" if self.day else "day"


def query(params: dict[str, str]) -> str:
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
    found.change_way_href = here + query(carry)
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
        found.change_day_href = here + query(chosen)
        found.time_links = [
            (
                f"{time_text(s.starts_at)} with {s.clinician_name}",
                time_url + query({**chosen, "day": found.day.isoformat(), "slot": s.key}),
                times is not None and times.clashes(s.starts_at, s.ends_at, service_zone()),
            )
            for s in choosable(found.day)
        ]
    else:
        found.day_links = [
            (
                f"{day_text(day)} ({count} {'time' if count == 1 else 'times'})",
                here + query({**chosen, "day": day.isoformat()}),
            )
            for day, count in self_service.days_with_slots(choosable())
        ]
    return found


def slot_rows(pick_: Pick, appointment_type: AppointmentType | None) -> list[dict[str, Any]]:
    assert pick_.slot is not None
    slot = pick_.slot
    rows = []
    if appointment_type is not None:
        rows.append({"key": {"text": _("Appointment")}, "value": {"text": appointment_type.name}})
    rows += [
        {
            "key": {"text": _("Date")},
            "value": {"text": day_text(timezone.localtime(slot.starts_at).date())},
        },
        {"key": {"text": _("Time")}, "value": {"text": time_text(slot.starts_at)}},
        {"key": {"text": _("How")}, "value": {"text": way_text(pick_.way)}},
        {"key": {"text": _("With")}, "value": {"text": slot.clinician_name}},
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


def taken(message: str) -> list[dict[str, str]]:
    return [{"text": message, "href": "#choose-another"}]


def taken_errors() -> list[dict[str, str]]:
    """'That time has just been taken', in the reader's language."""
    return taken(_(self_service.TAKEN))


def pick_new_time(request: HttpRequest, appointment: Appointment, person: ServiceUser) -> Pick:
    """Choosing a new time for an appointment: its own type and team, starting
    from the way it is now, its own time counted as free."""
    return pick(
        request,
        person=person,
        team=appointment.team,
        appointment_type=appointment.appointment_type,
        carry={},
        time_url=request.path,
        ignore=appointment.pk,
        current_way=appointment.modality,
    )


def not_moved(found: Pick, message: str) -> list[dict[str, str]]:
    """The time chosen could not be had: back to the list of times, saying why."""
    found.slot, found.slot_missing = None, True
    return taken(message)


def move_page(
    request: HttpRequest,
    found: Pick,
    *,
    appointment: Appointment,
    person: ServiceUser,
    current: Shown,
    back: str,
    errors: list[dict[str, str]] | None,
    can_ask: bool,
) -> HttpResponse:
    """The page for moving an appointment, signed in or from a single-use link."""
    return pick_page(
        request,
        title=_("Move your appointment"),
        found=found,
        back=back,
        window=self_service.window_for(appointment.team),
        errors=errors,
        face_to_face=face_to_face_offer(
            found,
            person=person,
            appointment_type=appointment.appointment_type,
            can_ask=can_ask,
            ignore=appointment.pk,
        ),
        current=current,
        rows=slot_rows(found, None) if found.slot else [],
        submit_text=_("Move to this time"),
    )
