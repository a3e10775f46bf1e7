"""Support recommended to a person (issue 25, ADR 0043): a directory entry or an
assessed digital tool a clinician points a person to, with a note, and the
person's choice of which go in their support pack.

A recommendation names one thing: an entry or a tool, never both. It keeps the
thing it points to (PROTECT), so the record download can always say what was
recommended, even after the entry or tool has lapsed.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from tandem.directory.models import Entry, Tool
from tandem.people.models import ServiceUser, User

MAX_NOTE = 500


class Recommendation(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="support_recommendations"
    )
    entry = models.ForeignKey(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tool = models.ForeignKey(
        Tool, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Shown to the person; never to their carers, who see only what was recommended.
    note = models.TextField(max_length=MAX_NOTE, blank=True)
    recommended_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recommended_at = models.DateTimeField(default=timezone.now)
    # The person's own choice: what goes in their support pack.
    in_pack = models.BooleanField(default=False)

    class Meta:
        ordering: ClassVar = ["-recommended_at", "-pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(
                    models.Q(entry__isnull=False, tool__isnull=True)
                    | models.Q(entry__isnull=True, tool__isnull=False)
                ),
                name="support_recommends_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.service_user}"

    @property
    def name(self) -> str:
        return str(self.entry or self.tool)

    @property
    def kind(self) -> str:
        """What kind of support, in words: the entry's kind, or 'Digital tool'."""
        return self.entry.get_need_display() if self.entry else gettext("Digital tool")
