"""When a video call can be joined: from a little before the appointment until a
while after it starts. Kept apart from the services so the appointments app can
make join links for its reminders without importing the call's services."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from tandem.appointments.models import Appointment


def opens_at(appointment: Appointment) -> dt.datetime:
    return appointment.starts_at - dt.timedelta(minutes=settings.TANDEM_VIDEO_OPENS_MINUTES_BEFORE)


def closes_at(appointment: Appointment) -> dt.datetime:
    return appointment.starts_at + dt.timedelta(minutes=settings.TANDEM_VIDEO_CLOSES_MINUTES_AFTER)
