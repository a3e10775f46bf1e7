"""Group programmes: a series of sessions for several people at once, in a room,
by video, or either (ADR 0053).

Each enrolled member has an ordinary ``Appointment`` per session, linked back
to its ``GroupSession``, so confirmations, reminders, cancellations, the
appointments list, the record, FHIR, continuity checks and insights treat a
group place like any other appointment. Attendance is recorded on those
appointments, with the same NHS Data Dictionary codes.

Read only through ``tandem.groups.selectors``; written only through the
modules named after what they do: ``setting_up``, ``enrolling``, ``leaving``,
``session_changes`` and ``registers``, which book members' places through
``places`` and start from ``checks``.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.appointments.models import Room, Site
from tandem.people.models import CareTeam, ServiceUser, StaffMember

MAX_FREE_TEXT = 1000


class Way(models.TextChoices):
    ROOM = "room", "In a room"
    VIDEO = "video", "By video"
    BOTH = "both", "In a room or by video"


class JoinsBy(models.TextChoices):
    ROOM = "room", "In the room"
    VIDEO = "video", "By video"


class SessionStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    LEFT = "left", "Left the group"


class GroupProgramme(models.Model):
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="group_programmes")
    name = models.CharField(max_length=120)
    purpose = models.CharField(max_length=MAX_FREE_TEXT)
    capacity = models.PositiveSmallIntegerField()
    way = models.CharField(max_length=10, choices=Way.choices)
    facilitators = models.ManyToManyField(StaffMember, related_name="group_programmes")
    # The facilitator whose diary the members' appointments are booked in:
    # the database refuses their other bookings over a session (ADR 0053).
    lead = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["name", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1, capacity__lte=50),
                name="group_capacity_sensible",
            ),
            models.CheckConstraint(
                condition=models.Q(way="video") | models.Q(site__isnull=False),
                name="group_in_a_room_has_a_site",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def meets_in_a_room(self) -> bool:
        return self.way in (Way.ROOM, Way.BOTH)

    @property
    def meets_by_video(self) -> bool:
        return self.way in (Way.VIDEO, Way.BOTH)


class GroupSession(models.Model):
    programme = models.ForeignKey(GroupProgramme, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.BOOKED
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    register_taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="group_session_starts_before_it_ends",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.programme.name} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_booked(self) -> bool:
        return self.status == SessionStatus.BOOKED


class Enrolment(models.Model):
    programme = models.ForeignKey(
        GroupProgramme, on_delete=models.CASCADE, related_name="enrolments"
    )
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.PROTECT, related_name="group_enrolments"
    )
    state = models.CharField(max_length=10, choices=EnrolmentState.choices)
    joins_by = models.CharField(max_length=10, choices=JoinsBy.choices)
    # Members see each other's first names only unless the person chose otherwise.
    show_full_name = models.BooleanField(default=False)
    enrolled_at = models.DateTimeField(default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Why the room was offered (no device or no private space at home), in words.
    room_offered_because = models.CharField(max_length=300, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["enrolled_at", "pk"]
        constraints: ClassVar = [
            # One standing place or waiting-list entry per person per programme.
            models.UniqueConstraint(
                fields=["programme", "service_user"],
                condition=~models.Q(state="left"),
                name="one_current_enrolment_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment {self.pk} in {self.programme_id}"

    @property
    def is_enrolled(self) -> bool:
        return self.state == EnrolmentState.ENROLLED
