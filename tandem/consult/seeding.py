"""Synthetic calls for the demo: Sam has a video appointment with Dr Lee starting
in a few minutes of the demo being seeded, and a phone appointment later, so the
device check, waiting room, safety check and phone check can be walked through
straight away. Dr Lee and Sam have agreed the discreet signal."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from tandem.appointments.models import Appointment, AppointmentType, Status
from tandem.consult.models import AgreedSignal, SignalControl
from tandem.people.models import CareTeam, StaffMember

# Far enough ahead that the person has time to check their camera, near enough
# that the waiting room is already open (it opens 30 minutes before).
VIDEO_STARTS_IN = dt.timedelta(minutes=10)
PHONE_AFTER_VIDEO = dt.timedelta(hours=1)
STEP = dt.timedelta(minutes=15)


def _free_start(
    *, after: dt.datetime, length: dt.timedelta, sam_pk: int, staff: StaffMember
) -> dt.datetime:
    """The first start from ``after`` (on a five-minute mark) when neither Dr Lee nor
    Sam is already booked: seeded clinics fill some hours of every weekday."""
    start = after.replace(second=0, microsecond=0)
    start += dt.timedelta(minutes=-start.minute % 5)
    for _ in range(96):
        clash = Appointment.objects.filter(
            Q(clinician=staff) | Q(service_user_id=sam_pk),
            status=Status.BOOKED,
            starts_at__lt=start + length,
            ends_at__gt=start,
        )
        if not clash.exists():
            return start
        start += STEP
    return start


def seed_calls(*, sam_pk: int, team: CareTeam, staff: StaffMember) -> int:
    """Book the demo's video and phone appointments for Sam; returns how many."""
    kind = AppointmentType.objects.filter(team=team).order_by("pk").first()
    if kind is None:
        return 0
    now = timezone.now()
    made = 0
    after = now + VIDEO_STARTS_IN
    for modality in ("video", "phone"):
        starts = _free_start(after=after, length=kind.duration, sam_pk=sam_pk, staff=staff)
        Appointment.objects.create(
            service_user_id=sam_pk,
            team=team,
            clinician=staff,
            appointment_type=kind,
            starts_at=starts,
            ends_at=starts + kind.duration,
            modality=modality,
            booked_via="staff",
            booked_by=staff.user,
            booked_at=now - dt.timedelta(days=7),
        )
        made += 1
        after = starts + PHONE_AFTER_VIDEO
    AgreedSignal.objects.create(
        service_user_id=sam_pk,
        control=SignalControl.SOUND,
        phone_words="Did you remember to feed the cat?",
        agreed_by=staff.user,
        agreed_at=now - dt.timedelta(days=30),
    )
    return made
