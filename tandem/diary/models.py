"""A personal diary set up together, and the check-in schedules people agree to.

- ``DiaryPlan``: what the person tracks (mood 0-10, sleep hours, anxiety 0-10,
  medication taken) and who may see it. One per person; set up with a
  clinician, changed by either.
- ``WarningSign``: the person's own early warning signs, in their words
  ('sleeping less than 5 hours'), each rated 0-4 in the diary.
- ``DiaryEntry`` / ``SignRating``: one day's entry. One entry per day: a second
  entry for the same day updates it (the person is told).
- ``CheckInSchedule``: a diary or questionnaire schedule agreed with the
  person: daily, or weekly on chosen weekdays, reminded at a time of day.
  ``tandem.diary.schedules`` says which days are due and which were missed.

Read through ``tandem.diary.selectors``; written only through
``tandem.diary.services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tandem.people.models import CareTeam, ServiceUser, User

NOTE_MAX = 2000
SIGN_MAX = 120
SIGN_RATING_MAX = 4
SIGN_RATING_LABELS = {
    0: _("Not at all"),
    1: _("A little"),
    2: _("Somewhat"),
    3: _("A lot"),
    4: _("Very much"),
}


class DiaryPlan(models.Model):
    service_user = models.OneToOneField(
        ServiceUser, on_delete=models.CASCADE, related_name="diary_plan"
    )
    # The team the diary is shared with and whose alert queue it feeds.
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="+")
    track_mood = models.BooleanField(default=True)
    track_sleep = models.BooleanField(default=True)
    track_anxiety = models.BooleanField(default=True)
    track_medication = models.BooleanField(default=False)
    # Agreed with people whose relapses can start with a lift in mood, so a
    # rise from their usual is noticed as well as a fall.
    watch_high_mood = models.BooleanField(default=False)
    # The person's choice. Off: the team does not see the diary and no
    # early-warning alerts are raised from it (they are told so).
    share_with_team = models.BooleanField(default=True)
    set_up_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_up_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Diary plan for {self.service_user_id}"


class WarningSign(models.Model):
    plan = models.ForeignKey(DiaryPlan, on_delete=models.CASCADE, related_name="signs")
    words = models.CharField(max_length=SIGN_MAX)
    position = models.PositiveSmallIntegerField(default=0)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.words


class DiaryEntry(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="diary_entries"
    )
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    anxiety = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    medication_taken = models.BooleanField(null=True, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    # Why the worrying-words check asked the team to read the note sooner, a
    # line a reason, in words (never a score); empty when it did not (issue 19).
    note_flag = models.JSONField(default=list, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["service_user", "day"], name="one_diary_entry_a_day"),
            models.CheckConstraint(
                condition=(Q(mood__isnull=True) | Q(mood__gte=0, mood__lte=10))
                & (Q(anxiety__isnull=True) | Q(anxiety__gte=0, anxiety__lte=10))
                & (Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=24)),
                name="diary_values_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Diary {self.service_user_id} {self.day}"


class SignRating(models.Model):
    entry = models.ForeignKey(DiaryEntry, on_delete=models.CASCADE, related_name="sign_ratings")
    sign = models.ForeignKey(WarningSign, on_delete=models.CASCADE, related_name="ratings")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(0), MaxValueValidator(SIGN_RATING_MAX)]
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["entry", "sign"], name="one_rating_per_sign"),
            models.CheckConstraint(
                condition=Q(rating__gte=0, rating__lte=SIGN_RATING_MAX),
                name="sign_rating_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sign_id} rated {self.rating}"


class ScheduleKind(models.TextChoices):
    DIARY = "diary", "Diary"
    QUESTIONNAIRE = "questionnaire", "Questionnaire"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("On chosen days of the week")


class CheckInSchedule(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="check_in_schedules"
    )
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ScheduleKind.choices)
    instrument = models.ForeignKey(
        "measures.Instrument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schedules",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    # Monday is 0, as in ``date.weekday()``; comma separated, e.g. "0,3".
    # Ignored for daily schedules.
    weekdays = models.CharField(max_length=13, blank=True)
    remind_at = models.TimeField(
        null=True, blank=True, help_text="Service time; empty: no reminder"
    )
    starts_on = models.DateField()
    agreed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agreed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["starts_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(kind="diary", instrument__isnull=True)
                | Q(kind="questionnaire", instrument__isnull=False),
                name="questionnaire_schedule_has_instrument",
            ),
        ]
        indexes: ClassVar = [
            models.Index(
                fields=["service_user"],
                condition=Q(ended_at__isnull=True),
                name="open_schedule_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} schedule for {self.service_user_id}"

    @property
    def weekday_numbers(self) -> frozenset[int]:
        if self.frequency == Frequency.DAILY:
            return frozenset(range(7))
        return frozenset(int(d) for d in self.weekdays.split(",") if d.strip())
