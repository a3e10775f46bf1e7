"""Group video calls: one Janus room for each group session held by video.

What is kept is who opened and ended the call, who joined, was admitted,
removed or readmitted and by whom, each member's answers to the safety check
(seen by the facilitators only) and the discreet signal when used. No sound or
picture is kept, and the chat is relayed, never stored (ADR 0054).

Nothing secret is stored either: the room's secret and pin and each
participant's token are derived from the ids (tandem/groupcall/room_keys.py).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.groups.models import Enrolment, GroupSession

MAX_PLACE = 300


class GroupCall(models.Model):
    """The video room of one group session, made when a facilitator opens it."""

    session = models.OneToOneField(GroupSession, on_delete=models.CASCADE, related_name="call")
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Group call for session {self.session_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class MemberState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    ADMITTED = "admitted", "In the call"
    REMOVED = "removed", "Removed"
    LEFT = "left", "Left"


class Attendee(models.Model):
    """Someone in one group call: a member (by enrolment) or a facilitator.

    The id is the participant id in the Janus room, so the server knows who to
    mute or remove. ``admission`` counts readmissions: each makes a new token.
    ``user`` is empty for a member without an account, in by the link in their
    reminder after their date of birth (they are known by their enrolment)."""

    call = models.ForeignKey(GroupCall, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_facilitator = models.BooleanField(default=False)
    # What the other people in the call see: a member's first name unless they chose otherwise.
    shown_as = models.CharField(max_length=120)
    state = models.CharField(
        max_length=10, choices=MemberState.choices, default=MemberState.WAITING
    )
    admission = models.PositiveIntegerField(default=0)
    device_checked_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(default=timezone.now)
    admitted_at = models.DateTimeField(null=True, blank=True)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["call", "user"], name="groupcall_one_attendee_each"),
            # A member without an account has one place per call, as one with an account does.
            models.UniqueConstraint(
                fields=["call", "enrolment"],
                condition=models.Q(user__isnull=True),
                name="groupcall_one_guest_member_each",
            ),
        ]

    def __str__(self) -> str:
        return self.shown_as


class CanTalk(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class MemberSafetyCheck(models.Model):
    """A member's own answers before joining: seen by the facilitators only."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="checks")
    location = models.CharField(max_length=MAX_PLACE)
    can_talk_freely = models.CharField(max_length=3, choices=CanTalk.choices)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Safety check for attendee {self.attendee_id}"


class GroupSignal(models.Model):
    """The member used their agreed discreet signal: it reaches the facilitators only."""

    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="signals")
    at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-at"]

    def __str__(self) -> str:
        return f"Signal from attendee {self.attendee_id}"
