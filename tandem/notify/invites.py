"""Calendar invitations (.ics) to attach to appointment emails.

The summary and description are neutral, like every message: a calendar is
often shared or shown on a lock screen.
"""

from __future__ import annotations

import datetime as dt

import icalendar


def appointment_invite(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str = "Appointment",
    location: str = "",
    description: str = "",
    sequence: int = 0,
    cancelled: bool = False,
) -> bytes:
    """An iCalendar file for one appointment. Use the same ``uid`` and a higher
    ``sequence`` for a moved appointment so calendars update the event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tandem//Appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("sequence", sequence)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if cancelled:
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    return calendar.to_ical()
