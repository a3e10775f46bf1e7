"""Worrying words brought to a human's attention.

A ``Flag`` is made when the detector finds worrying words in a message from
a service user or carer. It never acts on its own: it moves the thread to the
top of the team's inbox with the words highlighted and the reason, until a
member of staff records what they did or marks it a false flag. It carries no
score or level: the category words and the matched text only (ADR 0014).

A ``CustomPhrase`` is a phrase a team manager (for their team) or the service
admin (for every team) adds to the built-in list in ``phrases.py``.

Read through ``tandem.warnings.selectors`` and ``tandem.warnings.queries``;
written only through ``tandem.warnings.services``. Messaging sits above this
app (it calls ``services.flag_message``), so the message and thread are named
by string here and nothing in this app imports messaging.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from tandem.people.models import CareTeam, User
from tandem.warnings.phrases import CATEGORY_LABELS, Category

NOTE_MAX = 1000
PHRASE_MAX = 100
REASON_MAX = 200

CATEGORY_CHOICES = [(str(c), label) for c, label in CATEGORY_LABELS.items()]


class FlagStatus(models.TextChoices):
    OPEN = "open", "Waiting for someone to read it"
    ACTIONED = "actioned", "Read and acted on"
    FALSE_FLAG = "false_flag", "False flag"


class FlagAction(models.TextChoices):
    CALLED = "called", "Called the person"
    EARLIER_CONTACT = "earlier_contact", "Booked an earlier appointment or contact"
    SAFETY_PLAN = "safety_plan", "Went through their safety plan with them"
    CRISIS_TEAM = "crisis_team", "Passed to the crisis or duty team"
    SAFEGUARDING = "safeguarding", "Raised a safeguarding concern"
    NO_ACTION = "no_action", "Read it: no action needed"
    FALSE_FLAG = "false_flag", "False flag: the words did not mean someone needed help"


class Flag(models.Model):
    message = models.OneToOneField(
        "messaging.Message", on_delete=models.CASCADE, related_name="flag"
    )
    thread = models.ForeignKey("messaging.Thread", on_delete=models.CASCADE, related_name="flags")
    created_at = models.DateTimeField(default=timezone.now)
    # Each phrase found: key, category, label, reason, the words as written
    # and where they are in the message (message bodies never change).
    matches = models.JSONField(default=list)
    categories = models.CharField(max_length=200)
    reasons = models.CharField(max_length=500)
    status = models.CharField(max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    action = models.CharField(max_length=20, choices=FlagAction.choices, blank=True)
    note = models.TextField(max_length=NOTE_MAX, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            # Threads with an open flag first in the inbox, and the 'Flagged' count.
            models.Index(fields=["thread"], condition=Q(status="open"), name="flag_open_thread"),
            models.Index(fields=["status", "-created_at"], name="flag_status"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False) & ~Q(action="")),
                name="flag_closed_has_action_and_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Flag on message {self.message_id}"

    @property
    def category_labels(self) -> list[str]:
        return [Category(c).label for c in self.categories.split(",") if c]

    @property
    def words(self) -> list[str]:
        return list(dict.fromkeys(str(m["text"]) for m in self.matches))

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class PhraseKind(models.TextChoices):
    WORDS = "words", "Words to look for"
    EXAMPLE = "example", "A statement to compare messages with, for its meaning"


class CustomPhrase(models.Model):
    """Words a service added to the list, or an example statement it added to
    the meaning layer's bank (ADR 0034). ``team`` empty: every team's messages."""

    team = models.ForeignKey(
        CareTeam, on_delete=models.CASCADE, null=True, blank=True, related_name="custom_phrases"
    )
    kind = models.CharField(max_length=10, choices=PhraseKind.choices, default=PhraseKind.WORDS)
    words = models.CharField(max_length=PHRASE_MAX)
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    reason = models.CharField(max_length=REASON_MAX)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    retired_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["words", "id"]

    def __str__(self) -> str:
        return self.words

    @property
    def key(self) -> str:
        return f"custom-{self.pk}"

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def label(self) -> str:
        """As staff read it in a flag and on the phrase list."""
        if self.kind == PhraseKind.EXAMPLE:
            return f'close in meaning to: "{self.words}"'
        return self.words
