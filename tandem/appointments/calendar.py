"""Calendar files (.ics) sent with appointment emails, built by notify's
``appointment_invite``.

The event says only 'Appointment' and where: nothing clinical, because
calendars are shared, synced and shown on lock screens.
"""

from __future__ import annotations

from tandem.appointments.models import Appointment
from tandem.notify.invites import appointment_invite


def _first_booking(appointment: Appointment) -> tuple[Appointment, int]:
    """The appointment a chain of moves started from, and how many moves since."""
    first, moves = appointment, 0
    while first.moved_from_id is not None:
        first, moves = first.moved_from, moves + 1  # type: ignore[assignment]
    return first, moves


def ics_for(appointment: Appointment, *, cancelled: bool = False) -> bytes:
    # A move books a new row; one UID for the whole chain, with a higher
    # sequence each time, lets the person's calendar move the event rather
    # than keep the old one beside the new.
    first, moves = _first_booking(appointment)
    location = ""
    if appointment.modality == "face_to_face" and appointment.site is not None:
        location = f"{appointment.site.address}, {appointment.site.postcode}"
    return appointment_invite(
        uid=f"appointment-{first.pk}@tandem",
        start=appointment.starts_at,
        end=appointment.ends_at,
        location=location,
        sequence=moves,
        cancelled=cancelled,
    )
