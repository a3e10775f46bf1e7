"""When a video call can be joined: from a little before the appointment until a
while after it starts. Kept apart from the services so the appointments app can
make join links for its reminders without importing the call's services."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.utils import timezone

from tandem.appointments.models import Appointment, Status


class Over(StrEnum):
    """Why a call can no longer be joined, in the words its pages use."""

    CANCELLED = "cancelled"
    ENDED = "ended"


def opens_at(appointment: Appointment) -> dt.datetime:
    return appointment.starts_at - dt.timedelta(minutes=settings.TANDEM_VIDEO_OPENS_MINUTES_BEFORE)


def closes_at(appointment: Appointment) -> dt.datetime:
    return appointment.starts_at + dt.timedelta(minutes=settings.TANDEM_VIDEO_CLOSES_MINUTES_AFTER)


def over(appointment: Appointment, now: dt.datetime | None = None) -> Over | None:
    """Whether the call is over: cancelled, or ended (past its join window, or its
    outcome recorded). Its pages then say so and offer nothing to do in it, so
    nobody records a safety check for a call held last June."""
    if appointment.status == Status.CANCELLED:
        return Over.CANCELLED
    if appointment.attendance or (now or timezone.now()) >= closes_at(appointment):
        return Over.ENDED
    return None
