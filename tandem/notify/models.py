"""The outbox: every SMS, email and letter Tandem sends, and what happened to it.

A ``Message`` is written in the same transaction as the change that causes it
(a booking, a discharge) and sent later by a background worker, so a change
that rolls back sends nothing and a change that commits is never forgotten.
``MessageEvent`` rows are the message's status history; they are only ever
added to. See ADR 0008.

Read only through ``tandem.notify.queries`` (built on ``tandem.access``);
written only through ``tandem.notify.services`` and ``tandem.notify.outbox``.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import Carer, CareTeam, ServiceUser


class MessageChannel(models.TextChoices):
    """The channels a message can go by: ``preferences.codes.Channel`` less phone calls."""

    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to send"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Not delivered"
    CANCELLED = "cancelled", "Cancelled"


class Provider(models.TextChoices):
    NOTIFY = "notify", "GOV.UK Notify"
    EMAIL = "email", "Email server"
    PRINT = "print", "Printed by the service"


class Message(models.Model):
    # The caller's name for this logical message. Unique, so queuing it twice
    # does nothing, and sent to Notify as ``reference`` so a worker recovering
    # from a crash can ask Notify whether it already has it.
    idempotency_key = models.CharField(max_length=200, unique=True)
    # What the message is about (for example ``appointment:42``), so a moved
    # appointment's reminders can be found and cancelled together.
    about_key = models.CharField(max_length=100, db_index=True)
    template = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    carer = models.ForeignKey(
        Carer, on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    team = models.ForeignKey(
        CareTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Email address or phone number as it was when queued; letters are
    # addressed when they are sent or printed.
    to = models.CharField(max_length=254, blank=True)
    personalisation = models.JSONField(default=dict)
    calendar = models.BinaryField(null=True, blank=True)
    # For a letter only: a document printed after it in the same envelope (a
    # support pack, ADR 0043), as HTML made when it was asked for. Inside the
    # envelope, so the no-clinical-words rule for what is seen outside does not apply.
    enclosure = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    send_after = models.DateTimeField(default=timezone.now)
    # When a worker may next try: send_after at first, later after back-off,
    # or held to a time the person allows (tandem.notify.timing).
    due_at = models.DateTimeField(default=timezone.now)
    # The start of the appointment the message is about: a held message must
    # still go before it (HAZ-156).
    deadline = models.DateTimeField(null=True, blank=True)
    # The language it is written in (a code in tandem.translations.languages),
    # decided when it is queued, not when it is sent: the values the caller
    # filled in (a date, how to join) were written then, and a message half in
    # one language and half in another is worse than one in the language the
    # person read when it was queued (ADR 0061, HAZ-342).
    language = models.CharField(max_length=10, default="en-gb")
    # Why it went inside a time the person asked us to avoid (a WHY_LINES code
    # in tandem.notify.timing); the message then carries a line saying so.
    why_now = models.CharField(max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    leased_by = models.CharField(max_length=64, blank=True)
    provider = models.CharField(max_length=10, choices=Provider.choices, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)
    checks = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    fallback_of = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fallback"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        indexes: ClassVar = [
            # Workers look for due, expired and unconfirmed messages by these.
            models.Index(fields=["status", "due_at"], name="message_due"),
            models.Index(fields=["status", "lease_until"], name="message_lease"),
            models.Index(fields=["status", "next_check_at"], name="message_check"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(service_user__isnull=False) | models.Q(carer__isnull=False),
                name="message_has_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.pk} ({self.template} by {self.channel})"

    @property
    def is_pending(self) -> bool:
        return self.status in (MessageStatus.QUEUED, MessageStatus.SENDING)

    @property
    def recipient_label(self) -> str:
        if self.carer_id is not None:
            return "Carer"
        return "Service user"

    @property
    def when_text(self) -> str:
        """The moment that matters now, in words, for the message list."""

        def at(moment: dt.datetime) -> str:
            return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"

        if self.delivered_at:
            return f"Delivered {at(self.delivered_at)}"
        if self.failed_at:
            return f"Failed {at(self.failed_at)}"
        if self.sent_at:
            return f"Sent {at(self.sent_at)}"
        if self.status == MessageStatus.CANCELLED:
            return f"Was due {at(self.send_after)}"
        return f"Due {at(self.due_at)}"

    @property
    def times_note(self) -> str:
        """For the message list: how the person's times to avoid shaped this one."""
        if (
            self.status == MessageStatus.QUEUED
            and self.attempts == 0
            and self.due_at > self.send_after
        ):
            return "Held for the times to avoid"
        if self.why_now and not self.is_pending:
            return "Sent inside the times to avoid, saying why"
        return ""

    @property
    def template_label(self) -> str:
        from tandem.notify.templates import TEMPLATES

        found = TEMPLATES.get(self.template)
        return found.label if found else self.template


class MessageEvent(models.Model):
    """One step in a message's life. Added, never changed."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=MessageStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    attempt = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.status}"


class LetterBatch(models.Model):
    """Letters printed together by a service that posts its own."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    letters = models.PositiveIntegerField()
    pages = models.PositiveIntegerField()
    pdf = models.BinaryField()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Letter batch {self.pk} ({self.letters} letters)"
