"""How an appointment reads to the person it is for, and to their carer: the
date, time, way and place in plain words, and what happened. Used by the
appointment pages and by the record (its view and FHIR export), so kept apart
from any view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.appointments.models import Appointment, Attendance, Status
from tandem.web.dates import time_of_day, weekday


def day_text(value: dt.date) -> str:
    return weekday(value)


def time_text(value: dt.datetime) -> str:
    return time_of_day(value)


def way_text(modality: str, site_name: str = "", address: str = "") -> str:
    if modality == "video":
        return _("Video call")
    if modality == "phone":
        return _("Phone call")
    if site_name:
        return _("Face to face at %(site)s, %(address)s") % {"site": site_name, "address": address}
    return _("Face to face")


@dataclass(frozen=True)
class Shown:
    """One appointment as a person reads it."""

    appointment: Appointment
    date: str
    time: str
    way: str
    outcome: str = ""


OUTCOMES = {
    Attendance.ATTENDED: gettext_lazy("You were seen"),
    Attendance.LATE_SEEN: gettext_lazy("You arrived late and were seen"),
    Attendance.LATE_NOT_SEEN: gettext_lazy("You arrived late and could not be seen"),
    Attendance.DID_NOT_ATTEND: gettext_lazy(
        "We have this down as missed. If that is not right, tell your care team"
    ),
}

# How a call that changed way part-way through continued (Appointment.switched_to).
CONTINUED_BY = {
    "video": gettext_lazy("%(outcome)s, and it continued by video call"),
    "phone": gettext_lazy("%(outcome)s, and it continued by phone call"),
    "face_to_face": gettext_lazy("%(outcome)s, and it continued by face to face"),
}


def outcome_text(appointment: Appointment) -> str:
    if appointment.status == Status.CANCELLED:
        moved_to = getattr(appointment, "moved_to", None)
        if moved_to is not None:
            local = timezone.localtime(moved_to.starts_at)
            return _("Moved to %(day)s at %(time)s") % {
                "day": day_text(local.date()),
                "time": time_text(moved_to.starts_at),
            }
        if appointment.attendance == Attendance.CANCELLED_BY_PERSON:
            return _("Cancelled by you")
        return _("Cancelled by your care team")
    if not appointment.attendance:
        return _("Not recorded yet") if appointment.starts_at <= timezone.now() else ""
    text = str(OUTCOMES.get(Attendance(appointment.attendance), ""))
    if appointment.switched_to:
        text = str(CONTINUED_BY[appointment.switched_to]) % {"outcome": text}
    if appointment.technical_failure:
        text = _("%(outcome)s. There was a problem with the technology") % {"outcome": text}
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
