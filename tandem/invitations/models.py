"""Invitations for service users to make their account, and checked changes to
their email address or mobile number.

Only the SHA-256 of an invitation's token (or a letter's short code) and of a
contact-change code is stored, so a copy of the database opens nothing.
Personal data here is read through ``tandem.invitations.selectors`` and written
only through ``tandem.invitations.services``.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_REASON = 300
# Wrong dates of birth (or wrong codes) before an invitation (or a change) stops.
MAX_FAILED_CHECKS = 5


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Printed letter with a short code"


class State(models.TextChoices):
    SENT = "sent", "Sent"
    OPENED = "opened", "Opened"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    STOPPED = "stopped", "Stopped"


class Invitation(models.Model):
    """One invitation to make (or get back into) a service user's account."""

    service_user = models.ForeignKey(
        "people.ServiceUser", on_delete=models.CASCADE, related_name="account_invitations"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    # Why a person who already has an account is invited again ('a new phone').
    reason = models.CharField(max_length=MAX_REASON, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        "people.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stop_reason = models.CharField(max_length=MAX_REASON, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation {self.pk} by {self.get_channel_display().lower()}"

    @property
    def state(self) -> State:
        if self.accepted_at is not None:
            return State.ACCEPTED
        if self.stopped_at is not None:
            return State.STOPPED
        if self.expires_at <= timezone.now():
            return State.EXPIRED
        if self.opened_at is not None:
            return State.OPENED
        return State.SENT

    @property
    def is_live(self) -> bool:
        return self.state in (State.SENT, State.OPENED)


class ContactKind(models.TextChoices):
    EMAIL = "email", _("Email address")
    SMS = "sms", _("Mobile phone number")


class ContactChange(models.Model):
    """A person's request to change their email or mobile, waiting for the code
    sent to the new one."""

    user = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    new_value = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_checks = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Change of {self.get_kind_display().lower()}"
