"""Questionnaires: instruments held as data, and the answers people give.

An ``Instrument`` is a questionnaire's definition as JSON (items, answer
options, scoring, bands, items that need review), validated by
``tandem.measures.instruments`` before it is saved. PHQ-9, GAD-7, PHQ-2 and
GAD-2 ship with Tandem; a service adds its own licensed instruments without
code. A definition never changes once answers refer to it: a change is a new
version (ADR 0015).

A ``Response`` is one completed questionnaire. Its total is kept only when
every scored item was answered: a missing answer makes the result
'incomplete', never a guessed total.

Read through ``tandem.measures.selectors``; written only through
``tandem.measures.services``.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.people.models import CareTeam, ServiceUser, User


class Instrument(models.Model):
    code = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=40)
    # The whole definition; see tandem/measures/instruments.py for its shape.
    definition = models.JSONField()
    builtin = models.BooleanField(default=False)
    # Who holds the licence and on what terms, in the service's words.
    licence_note = models.CharField(max_length=300, blank=True)
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["code", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.short_title} (version {self.version})"


class Response(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="measure_responses"
    )
    # The team that asked for it, whose queue a review item goes to.
    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="+")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="responses")
    schedule = models.ForeignKey(
        "diary.CheckInSchedule",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    # {item key: the option's value}; an item left out was not answered.
    answers = models.JSONField(default=dict)
    complete = models.BooleanField()
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=60, blank=True)
    # Keys of items answered at or above their review threshold (PHQ-9 item 9 > 0).
    review_items = models.JSONField(default=list)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Sent with the form, so a second press of 'Submit' saves nothing twice.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        ordering: ClassVar = ["-submitted_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["service_user", "instrument", "submitted_at"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(complete=True, total__isnull=False)
                | Q(complete=False, total__isnull=True),
                name="response_total_only_when_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} from {self.service_user_id} at {self.submitted_at:%Y-%m-%d}"
