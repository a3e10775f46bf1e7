"""A fluent speaker's sign-off of one language's translations (ADR 0061).

Every translation is stored as 'needs review by a fluent speaker' until a
service administrator records who checked it, and when. The sign-off names
the catalogue it was given for (a digest of the compiled file): when any
wording changes, the language needs review again.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from tandem.people.models import User


class TranslationReview(models.Model):
    language = models.CharField(max_length=10)
    catalogue_digest = models.CharField(max_length=64)
    reviewer_name = models.CharField(
        max_length=200, help_text="The fluent speaker who checked the translation"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-signed_off_at", "-id"]

    def __str__(self) -> str:
        return f"{self.language} signed off by {self.reviewer_name}"
