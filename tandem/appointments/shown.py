"""How an appointment reads to the person it is for, and to their carer: the
date, time, way and place in plain words, and what happened. Used by the
appointment pages and by the record (its view and FHIR export), so kept apart
from any view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from tandem.appointments.models import Appointment, Attendance, Status


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
