"""Secure messaging between a service user (or their carer) and a care team.

A thread belongs to a team's inbox, not to one clinician, so it is not lost
when someone is away. Messages and their attachments are written once: the
database refuses to change or remove them (migration ``0002``), and a
correction is a new message. The thread row itself carries the working
state staff change: who it is with, whether it needs clinical follow-up,
and since when a reply has been awaited.

Read only through ``tandem.messaging.selectors``; written only through
``tandem.messaging.services``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from tandem.people.models import Carer, CareTeam, ServiceUser, StaffMember, User

SUBJECT_MAX = 120
BODY_MAX = 5000
NOTE_MAX = 500
DEFAULT_ANSWERED_WHEN = "Monday to Friday, 9am to 5pm, except bank holidays"
DEFAULT_RESPONSE_DAYS = 2
MAX_RESPONSE_DAYS = 10


class InboxSettings(models.Model):
    """When a team's inbox is read and how quickly it aims to reply."""

    team = models.OneToOneField(CareTeam, on_delete=models.CASCADE, related_name="inbox_settings")
    answered_when = models.CharField(max_length=200, default=DEFAULT_ANSWERED_WHEN)
    response_working_days = models.PositiveSmallIntegerField(
        default=DEFAULT_RESPONSE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RESPONSE_DAYS)],
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "inbox settings"
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(response_working_days__gte=1, response_working_days__lte=10),
                name="inbox_response_1_to_10_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} inbox"

    @property
    def promise(self) -> str:
        days = self.response_working_days
        # Two whole sentences rather than ngettext: the catalogue checks
        # (tandem.translations.catalogue) read singular entries only, and for 1
        # to 10 days these two read right in Welsh and Arabic too.
        if days == 1:
            return gettext("We aim to reply within %(days)s working day") % {"days": days}
        return gettext("We aim to reply within %(days)s working days") % {"days": days}


class AuthorKind(models.TextChoices):
    SERVICE_USER = "service_user", "Service user"
    CARER = "carer", "Carer"
    STAFF = "staff", "Care team"


class Thread(models.Model):
    """One conversation in a team's inbox about one service user.

    ``carer`` is set when a carer started the thread: it is then between the
    carer and the team, and the service user does not see it (ADR 0010).
    """

    team = models.ForeignKey(CareTeam, on_delete=models.PROTECT, related_name="message_threads")
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.PROTECT, related_name="message_threads"
    )
    subject = models.CharField(max_length=SUBJECT_MAX)
    carer = models.ForeignKey(
        Carer, on_delete=models.PROTECT, null=True, blank=True, related_name="message_threads"
    )
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    # The first unanswered message from the person or carer; cleared by a staff reply.
    awaiting_reply_since = models.DateTimeField(null=True, blank=True)
    needs_follow_up = models.BooleanField(default=False)
    follow_up_note = models.CharField(max_length=NOTE_MAX, blank=True)
    assigned_to = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_threads",
    )
    assigned_note = models.CharField(max_length=NOTE_MAX, blank=True)

    class Meta:
        indexes: ClassVar = [
            # The inbox, newest first, one page at a time.
            models.Index(fields=["team", "-last_message_at", "-id"], name="thread_inbox_all"),
            # Awaiting a reply, oldest first; also the overdue view and its counts.
            models.Index(
                fields=["team", "awaiting_reply_since", "id"],
                condition=Q(awaiting_reply_since__isnull=False),
                name="thread_inbox_awaiting",
            ),
            models.Index(
                fields=["team", "-last_message_at", "-id"],
                condition=Q(needs_follow_up=True),
                name="thread_inbox_follow_up",
            ),
            models.Index(
                fields=["assigned_to", "-last_message_at", "-id"],
                condition=Q(assigned_to__isnull=False),
                name="thread_inbox_assigned",
            ),
            models.Index(fields=["service_user", "-last_message_at"], name="thread_person"),
        ]

    def __str__(self) -> str:
        return f"Thread {self.pk} in {self.team}"


class Message(models.Model):
    """One message, written once. Never edited or removed; see migration 0002."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    author_kind = models.CharField(max_length=20, choices=AuthorKind.choices)
    body = models.TextField(max_length=BODY_MAX)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["sent_at", "id"]
        indexes: ClassVar = [models.Index(fields=["thread", "sent_at"], name="message_thread")]

    def __str__(self) -> str:
        return f"Message {self.pk} in thread {self.thread_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A sent message cannot be changed; send a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("A sent message cannot be removed.")


class Attachment(models.Model):
    """A file sent with a message, kept in the database with the message it
    belongs to, so a backup holds both or neither. Written once, like messages."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    filename = models.CharField(max_length=120)
    # Told from the content, never from the name or the browser's claim.
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        ordering: ClassVar = ["id"]

    def __str__(self) -> str:
        return self.filename

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("A sent attachment cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("A sent attachment cannot be removed.")


class EventKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Marked as needing clinical follow-up"
    FOLLOW_UP_DONE = "follow_up_done", "Follow-up no longer needed"
    HANDED_OVER = "handed_over", "Handed over"


class ThreadEvent(models.Model):
    """What staff did to a thread (follow-up, hand-over), shown on its page so
    the next person to pick it up knows why."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    to = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.thread_id})"
