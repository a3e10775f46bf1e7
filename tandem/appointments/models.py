"""Appointments people can rely on: where and when staff are available, what is
booked, what happened, the contact agreed with each person, and the team's
rules for self-booking, continuity and staff workload.

Double booking is refused by the database itself (see migration 0002): an
exclusion constraint on PostgreSQL, triggers on SQLite. Services check first
so people get a clear message; the database is what makes it true under
concurrent requests.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import CareTeam, Organisation, ServiceUser, StaffMember
from tandem.preferences.codes import REMOTE_MODALITIES, ContactKind, Modality

MAX_FREE_TEXT = 1000

# The ways an appointment can be held (messaging is not an appointment).
APPOINTMENT_MODALITIES = (Modality.FACE_TO_FACE, Modality.VIDEO, Modality.PHONE)


class AppointmentModality(models.TextChoices):
    FACE_TO_FACE = Modality.FACE_TO_FACE.value, Modality.FACE_TO_FACE.label
    VIDEO = Modality.VIDEO.value, Modality.VIDEO.label
    PHONE = Modality.PHONE.value, Modality.PHONE.label


def is_remote(modality: str) -> bool:
    return modality in REMOTE_MODALITIES


class Site(models.Model):
    """A clinic site where face-to-face appointments are held."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=300, help_text="Street, town")
    postcode = models.CharField(max_length=8)
    directions = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["site__name", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "name"], name="room_name_unique_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.site.name}"


class AppointmentType(models.Model):
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="appointment_types")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    duration_minutes = models.PositiveSmallIntegerField()
    self_bookable = models.BooleanField(
        default=False, help_text="People on the caseload may book this type themselves"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="appointment_type_duration_sensible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} minutes)"

    @property
    def duration(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.duration_minutes)


class TeamRules(models.Model):
    """What a team has decided about self-booking, continuity and staff workload."""

    team = models.OneToOneField(CareTeam, on_delete=models.CASCADE, related_name="rules")
    # Self-booking
    self_book_days_ahead = models.PositiveSmallIntegerField(default=42)
    self_book_notice_hours = models.PositiveSmallIntegerField(default=24)
    # Continuity
    no_contact_days = models.PositiveSmallIntegerField(
        default=28, help_text="Alert managers when a person has had no contact for this long"
    )
    # Staff workload guardrails for remote sessions
    max_consecutive_remote = models.PositiveSmallIntegerField(default=4)
    min_break_minutes = models.PositiveSmallIntegerField(default=10)
    max_remote_hours_per_day = models.DecimalField(max_digits=4, decimal_places=1, default=5)

    def __str__(self) -> str:
        return f"Rules for {self.team}"


class AvailabilitySession(models.Model):
    """A recurring weekly session when a clinician can be booked."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="sessions")
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="sessions")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday")
    starts = models.TimeField()
    ends = models.TimeField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)
    modalities = models.JSONField(help_text="Appointment modalities offered in this session")
    self_bookable = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["weekday", "starts"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="session_starts_before_it_ends",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="session_weekday_valid"
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["team", "weekday"])]

    def __str__(self) -> str:
        return f"{self.staff} {self.weekday} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def runs_on(self, day: dt.date) -> bool:
        return (
            day.weekday() == self.weekday
            and day >= self.valid_from
            and (self.valid_until is None or day <= self.valid_until)
        )


class OneOffSession(models.Model):
    """Extra availability on one date."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="one_off_sessions"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="one_off_sessions")
    day = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)
    modalities = models.JSONField()
    self_bookable = models.BooleanField(default=False)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(starts__lt=models.F("ends")),
                name="one_off_starts_before_it_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.day} {self.starts:%H:%M}-{self.ends:%H:%M}"


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", "Annual leave"
    SICKNESS = "sickness", "Sickness"
    TRAINING = "training", "Training"
    OTHER = "other", "Other absence"
    LEFT = "left", "Left the team"


class Leave(models.Model):
    """Whole days a clinician cannot be booked, and who covers their caseload."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="leave")
    kind = models.CharField(max_length=10, choices=LeaveKind.choices)
    first_day = models.DateField()
    last_day = models.DateField(null=True, blank=True, help_text="Blank when they have left")
    cover = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="covering"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(last_day__isnull=True)
                | models.Q(first_day__lte=models.F("last_day")),
                name="leave_first_day_not_after_last",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.get_kind_display()} from {self.first_day}"

    def covers(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.last_day is None or day <= self.last_day)


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class BookedVia(models.TextChoices):
    STAFF = "staff", "Booked by staff"
    SELF = "self", "Booked by the person"
    LINK = "link", "Changed by the person from a link"


class Attendance(models.TextChoices):
    """NHS Data Dictionary ATTENDED OR DID NOT ATTEND codes."""

    ATTENDED = "5", "Attended on time"
    LATE_SEEN = "6", "Arrived late and was seen"
    LATE_NOT_SEEN = "7", "Arrived late and could not be seen"
    CANCELLED_BY_PERSON = "2", "Cancelled by the person"
    DID_NOT_ATTEND = "3", "Did not attend, no warning given"
    CANCELLED_BY_SERVICE = "4", "Cancelled by the service"


HELD = frozenset({Attendance.ATTENDED, Attendance.LATE_SEEN})


class SwitchedBy(models.TextChoices):
    PERSON = "person", "The person"
    CLINICIAN = "clinician", "The clinician"


class Appointment(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.PROTECT, related_name="appointments"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="appointments")
    clinician = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="appointments"
    )
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    modality = models.CharField(max_length=20, choices=AppointmentModality.choices)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    booked_via = models.CharField(max_length=10, choices=BookedVia.choices)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(default=timezone.now)
    shared_decision = models.ForeignKey(
        "preferences.SharedDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A move cancels the old appointment and books a new one pointing back to it.
    moved_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="moved_to"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Workload guardrails broken at booking, and why it went ahead.
    guardrail_breaches = models.JSONField(default=list, blank=True)
    guardrail_reason = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    # Cancellation
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    # Outcome
    attendance = models.CharField(max_length=1, choices=Attendance.choices, blank=True)
    technical_failure = models.BooleanField(default=False)
    switched_to = models.CharField(max_length=20, choices=AppointmentModality.choices, blank=True)
    switched_by = models.CharField(max_length=10, choices=SwitchedBy.choices, blank=True)
    outcome_notes = models.CharField(max_length=MAX_FREE_TEXT, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who must be there for the person to take part (an interpreter, a
    # lipspeaker), in words; blank if nobody. Set at booking and brought up to
    # date when the needs change before the appointment, never after it
    # (tandem.appointments.interpreting, ADR 0062).
    to_arrange = models.CharField(max_length=300, blank=True)
    arranged_at = models.DateTimeField(null=True, blank=True)
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    arranged_note = models.CharField(max_length=300, blank=True)
    # A member's place in one session of a group programme (tandem.groups,
    # ADR 0053). Members of one session share the lead facilitator and the
    # room without clashing with each other (migration 0004).
    group_session = models.ForeignKey(
        "groups.GroupSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )

    class Meta:
        ordering: ClassVar = ["starts_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(starts_at__lt=models.F("ends_at")),
                name="appointment_starts_before_it_ends",
            ),
            models.CheckConstraint(
                condition=~models.Q(modality="face_to_face") | models.Q(site__isnull=False),
                name="face_to_face_has_a_site",
            ),
            models.CheckConstraint(
                condition=models.Q(status="booked") | models.Q(cancelled_at__isnull=False),
                name="cancelled_has_a_time",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["clinician", "starts_at"]),
            models.Index(fields=["service_user", "starts_at"]),
            models.Index(fields=["team", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_type.name} at {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def about_key(self) -> str:
        """How messages and tasks refer to this appointment."""
        return f"appointment:{self.pk}"

    @property
    def is_booked(self) -> bool:
        return self.status == Status.BOOKED

    @property
    def is_remote(self) -> bool:
        return is_remote(self.modality)

    @property
    def has_outcome(self) -> bool:
        return bool(self.attendance)

    @property
    def was_held(self) -> bool:
        return self.attendance in HELD

    @property
    def awaits_arranging(self) -> bool:
        """Someone the person needs there has not been arranged yet."""
        return bool(self.to_arrange) and self.arranged_at is None and self.is_booked

    @property
    def not_arranged_words(self) -> str:
        """What staff see while it waits: 'Interpreter not yet arranged' when one is needed."""
        if "interpreter" in self.to_arrange:
            return "Interpreter not yet arranged"
        return "Communication support not yet arranged"

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class Referral(models.Model):
    """A referral to a team, so waits to first contact can be reported by modality."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="referrals"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField()
    source = models.CharField(max_length=120, blank=True, help_text="For example 'GP'")
    first_offered_on = models.DateField(null=True, blank=True)
    first_offered_modality = models.CharField(
        max_length=20, choices=AppointmentModality.choices, blank=True
    )
    first_held_on = models.DateField(null=True, blank=True)
    first_held_modality = models.CharField(
        max_length=20, choices=AppointmentModality.choices, blank=True
    )
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["received_on", "pk"]
        indexes: ClassVar = [models.Index(fields=["team", "received_on"])]

    def __str__(self) -> str:
        return f"Referral of {self.service_user_id} to {self.team_id} on {self.received_on}"


class ContactPlan(models.Model):
    """Contact agreed with a person, e.g. 'weekly phone call on Tuesdays with Dr Lee'."""

    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="contact_plans"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="contact_plans")
    clinician = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="contact_plans"
    )
    modality = models.CharField(max_length=20, choices=AppointmentModality.choices)
    every_days = models.PositiveSmallIntegerField(help_text="7 for weekly, 14 for fortnightly")
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.CharField(max_length=200)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(every_days__gte=1, every_days__lte=365),
                name="plan_interval_sensible",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class SelfServiceLink(models.Model):
    """A single-use link sent to a person without an account to confirm, move or
    cancel one appointment. Only a hash of the token is stored."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_for = models.CharField(max_length=10, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)

    def __str__(self) -> str:
        return f"Link for appointment {self.appointment_id}"
