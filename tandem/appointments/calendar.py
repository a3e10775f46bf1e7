"""Calendar files (.ics) sent with appointment emails.

The event says only 'Appointment' and where: nothing clinical, because
calendars are shared, synced and shown on lock screens.
"""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from tandem.appointments.models import Appointment

PRODID = "-//Tandem//Appointments//EN"


def ics_for(appointment: Appointment, *, cancelled: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    # The same UID across a move's cancel and rebook lets calendars replace the event.
    event.add("uid", f"appointment-{appointment.pk}@tandem")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at)
    event.add("dtend", appointment.ends_at)
    event.add("summary", "Appointment")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if appointment.modality == "face_to_face" and appointment.site is not None:
        event.add("location", f"{appointment.site.address}, {appointment.site.postcode}")
    calendar.add_component(event)
    return calendar.to_ical()
