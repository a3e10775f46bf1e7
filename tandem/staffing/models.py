"""Staff accounts from invitation to leaving (issue 17).

The account itself is people's ``User`` and ``StaffMember``; this app keeps
what happened to it: the invitation a new member sets their password with, each
authenticator reset and the reason given, and the day someone leaves. Foreign
keys to people are string references, so nothing below this app imports it.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class StaffInvitation(models.Model):
    """A single-use link for a new member of staff to set their password.

    Only the SHA-256 of the token is kept (tandem.web.tokens), so a copy of the
    database cannot be turned into working links.
    """

    staff = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.EmailField(max_length=254)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # Set when a newer invitation replaces this one, so only the latest link works.
    stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.staff}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        at = now or timezone.now()
        return self.used_at is None and self.stopped_at is None and self.expires_at > at


class AuthenticatorReset(models.Model):
    """An administrator removed a member's authenticator app, and why."""

    staff = models.ForeignKey(
        "people.StaffMember", on_delete=models.CASCADE, related_name="authenticator_resets"
    )
    reason = models.CharField(max_length=500)
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reset_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-reset_at", "-pk"]

    def __str__(self) -> str:
        return f"Authenticator reset for {self.staff}"


class Leaving(models.Model):
    """The day a member of staff's account ends.

    ``applied_at`` is when it took effect: account switched off, sessions ended
    and the people they coordinated put on their managers' task lists. Until
    then a leaving dated today or earlier is 'due' and is applied by whichever
    comes first: the periodic task, or the check on the next request.
    """

    staff = models.OneToOneField(
        "people.StaffMember", on_delete=models.CASCADE, related_name="leaving"
    )
    leaves_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [
            # The per-request check reads only this small index.
            models.Index(
                fields=["leaves_on"],
                condition=models.Q(applied_at__isnull=True),
                name="leaving_not_yet_applied",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} leaves on {self.leaves_on}"
