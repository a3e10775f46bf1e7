"""Feedback after a contact or at discharge (issue 24, ADR 0042).

Three kinds of row, kept apart on purpose:

- ``FeedbackRequest``: that a person was asked, by which single-use link
  (only its hash) and for which contact. It belongs to the clinical record.
- ``Answer``: what was said. It has no foreign key to a person, an
  appointment or a request; only the team, the way of contact, the month and
  coarse equity groups, which is what Insights needs. Its key is a random
  UUID, so the order answers were written in cannot be lined up with the
  order requests were used, and it holds no time finer than a month.
- ``NamedAnswer``: for a person who chose to give their name, the link from an
  answer back to them, so their team can follow up. An anonymous answer has
  none, and nothing else joins it back (``tests/test_untraceable.py``).

``YouSaidWeDid``: a note a manager publishes for a team, shown to the people
open to it and their carers.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models

WHY_MAX = 2000
NOTE_MAX = 600


class Occasion(models.TextChoices):
    CONTACT = "contact", "After a contact"
    DISCHARGE = "discharge", "At discharge"


class Overall(models.TextChoices):
    """The NHS Friends and Family Test's six answers, in its order."""

    VERY_GOOD = "very_good", "Very good"
    GOOD = "good", "Good"
    NEITHER = "neither", "Neither good nor poor"
    POOR = "poor", "Poor"
    VERY_POOR = "very_poor", "Very poor"
    DONT_KNOW = "dont_know", "Don't know"


POSITIVE = frozenset({Overall.VERY_GOOD, Overall.GOOD})
NEGATIVE = frozenset({Overall.POOR, Overall.VERY_POOR})


class Reply(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class FeedbackRequest(models.Model):
    service_user = models.ForeignKey(
        "people.ServiceUser", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("people.CareTeam", on_delete=models.PROTECT, related_name="+")
    appointment = models.OneToOneField(
        "appointments.Appointment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    # The way the contact was held ('' at discharge): the technology question is
    # asked only for a remote one.
    modality = models.CharField(max_length=20, blank=True)
    # Once per contact and once per discharge: 'appointment:12', 'discharge:7'.
    about_key = models.CharField(max_length=100, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # Printed on the paper form, so staff can enter one posted back (``paper``).
    # Random, not the row's number: a mistyped reference must not open another
    # person's form. Empty only for requests made before paper entry existed.
    paper_reference = models.CharField(max_length=8, unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # A day, not a time: a finer time could be lined up with an anonymous answer.
    used_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["service_user", "created_at"])]

    def __str__(self) -> str:
        return f"Feedback request {self.about_key}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey("people.CareTeam", on_delete=models.PROTECT, related_name="+")
    occasion = models.CharField(max_length=10, choices=Occasion.choices)
    modality = models.CharField(max_length=20, blank=True)
    # The first day of the month of the contact: never a finer date.
    month = models.DateField()
    anonymous = models.BooleanField()
    overall = models.CharField(max_length=10, choices=Overall.choices)
    # Names, email addresses and long numbers taken out (``anonymising``).
    why = models.TextField(max_length=WHY_MAX, blank=True)
    talk_freely = models.CharField(max_length=6, choices=Reply.choices, blank=True)
    technology_worked = models.CharField(max_length=6, choices=Reply.choices, blank=True)
    listened_to = models.CharField(max_length=6, choices=Reply.choices, blank=True)
    choose_again = models.CharField(max_length=6, choices=Reply.choices, blank=True)
    # Coarse equity groups (``equity.py``), one at a time in Insights, never crossed.
    age_band = models.CharField(max_length=12)
    sex = models.CharField(max_length=1)
    ethnic_group = models.CharField(max_length=12)
    imd_quintile = models.CharField(max_length=8)
    disability = models.CharField(max_length=2)
    language = models.CharField(max_length=12)

    class Meta:
        indexes: ClassVar = [models.Index(fields=["team", "month"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="feedback_answer_month_only"
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback for {self.month:%B %Y}"


class NamedAnswer(models.Model):
    """The way back from an answer to its writer, only when they gave their name."""

    answer = models.OneToOneField(Answer, on_delete=models.PROTECT, related_name="named")
    request = models.OneToOneField(FeedbackRequest, on_delete=models.PROTECT, related_name="+")
    service_user = models.ForeignKey(
        "people.ServiceUser", on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Named feedback {self.request.about_key}"


class YouSaidWeDid(models.Model):
    team = models.ForeignKey("people.CareTeam", on_delete=models.PROTECT, related_name="+")
    you_said = models.TextField(max_length=NOTE_MAX)
    we_did = models.TextField(max_length=NOTE_MAX)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"You said, we did ({self.published_at:%d %b %Y})"
