"""A record of each signed-in session, and each password reset asked for."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class SignedInSession(models.Model):
    """One browser or device a person is signed in on. Made when they sign in,
    removed when they sign out or the session is ended from another device."""

    user = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    device = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering: ClassVar = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device or 'Unknown device'} since {self.started_at:%Y-%m-%d %H:%M}"


class ResetRequest(models.Model):
    """One 'Forgotten your password?' request, once the background task has
    looked at it. ``address_digest`` (a SHA-256 of the address typed) lets
    requests be counted per address without keeping the address itself; a
    request that sent a link keeps only the link's digest, never the link."""

    address_digest = models.CharField(max_length=64, db_index=True)
    user = models.ForeignKey(
        "people.User", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Reset request {self.pk}"
