"""The insights roll-up: counts worked out once a night so the report reads
thousands of rows instead of millions of appointments.

``manage.py refresh_insights`` (``tandem.insights.rollup.refresh``) replaces
every row here in one transaction, from the definitions in
``tandem.insights.definitions``, and records a ``Build``; the report reads the
latest build and says 'Figures as of' its time. Nothing here is entered by
anyone, and nothing here names a person outside ``PersonFact`` (which holds
codes, never names). Months are numbered from the build's first month (0), so
a person's months with a booked appointment fit in one 64-bit number.

Decision record: docs/adr/0020-insights-rollup.md.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from tandem.people.models import CareTeam, ServiceUser, StaffMember

# Months a build covers (bit 0 to bit 59 of a person's month masks).
WINDOW_MONTHS = 60
# Of which ahead of the build's month (appointments already booked).
MONTHS_AHEAD = 12


class Build(models.Model):
    """One refresh of the roll-up: when, which months it covers, how long it took."""

    built_at = models.DateTimeField()  # 'Figures as of'
    first_month = models.DateField()  # month 0
    last_month = models.DateField()  # the first day of the last month covered
    took_ms = models.PositiveIntegerField()

    class Meta:
        ordering: ClassVar = ["-built_at", "-pk"]

    def __str__(self) -> str:
        return f"Insights built at {self.built_at:%Y-%m-%d %H:%M}"


class ContactCount(models.Model):
    """Appointment counts of one team, month and way, for everyone (``group`` blank)
    or for one value of one group. For the age group ``value`` is blank and
    ``date_of_birth`` holds the last day of the birth month (28 February for 1 to
    28 February of a leap year), which gives the same age band as the birth date
    itself on the last day of any month."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField()
    way = models.CharField(max_length=20)
    group = models.CharField(max_length=20, blank=True)
    value = models.CharField(max_length=20, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    offered = models.PositiveIntegerField(default=0)
    booked = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    dna = models.PositiveIntegerField(default=0)
    cancelled_person = models.PositiveIntegerField(default=0)
    cancelled_service = models.PositiveIntegerField(default=0)
    no_outcome = models.PositiveIntegerField(default=0)
    technical_failure = models.PositiveIntegerField(default=0)
    switched = models.PositiveIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["team", "month"])]

    def __str__(self) -> str:
        return f"{self.team_id} month {self.month} {self.way} {self.group}={self.value}"


class PersonFact(models.Model):
    """One person's booked months with one team, by way (bit n set: at least one
    booked appointment that way in month n of the build), and their group codes
    as the definitions give them (age as ``ContactCount.date_of_birth``)."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="+")
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="+")
    face_to_face = models.BigIntegerField(default=0)
    video = models.BigIntegerField(default=0)
    phone = models.BigIntegerField(default=0)
    date_of_birth = models.DateField(null=True, blank=True)
    g_sex = models.CharField(max_length=20)
    g_ethnicity = models.CharField(max_length=20)
    g_imd = models.CharField(max_length=20)
    g_disability = models.CharField(max_length=20)
    g_language = models.CharField(max_length=20)
    g_private_space = models.CharField(max_length=20)
    g_video_device = models.CharField(max_length=20)
    g_internet = models.CharField(max_length=20)
    g_video_help = models.CharField(max_length=20)
    # Booked with more than one team in the build's months: the report counts
    # such a person once when it covers several teams.
    shared = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["team"])]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.service_user_id}"


class HeldCount(models.Model):
    """Held appointments (codes 5, 6) of one person with one team in one month, by
    way booked; only for people with two or more complete PHQ-9 answers in the
    build's months (the only people the outcomes section needs a way for)."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="+")
    service_user = models.ForeignKey(ServiceUser, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField()
    way = models.CharField(max_length=20)
    held = models.PositiveIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["team", "month"])]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.service_user_id} month {self.month} {self.way}"


class ClinicianDay(models.Model):
    """Remote appointments not cancelled, per team, clinician and local day."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="+")
    clinician = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    appointments = models.PositiveIntegerField(default=0)
    minutes = models.PositiveIntegerField(default=0)
    over_guardrails = models.PositiveIntegerField(default=0)
    short_break = models.PositiveIntegerField(default=0)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["team", "day"])]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.clinician_id} {self.day}"


class Disengaged(models.Model):
    """People of one team who may have disengaged on the build's day, by the way
    they were last seen ('never' if never seen)."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="+")
    way = models.CharField(max_length=20)
    people = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.team_id} {self.way}: {self.people}"
