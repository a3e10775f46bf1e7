"""The audit log: append-only rows, each carrying the hash of the one before.

A row is inserted unsealed (no ``seq`` or hashes) in the same transaction as
the change it records, without any lock. The sealer (``seal.py``) later gives
settled rows gap-free sequence numbers and chains their hashes, in order, and
moves ``ChainHead``, the single row holding the last sealed number and hash.
Sealing fills those three columns once; nothing else about a row can change
(ADR 0033).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Removed"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_OUT = "sign_out", "Signed out"
    MFA_ENROL = "mfa_enrol", "Set up two-step verification"


class AuditEvent(models.Model):
    # Position in the hash chain; empty until the sealer reaches the row.
    seq = models.BigIntegerField(unique=True, null=True, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Role and team as they were at the time, so the record reads true later.
    actor_name = models.CharField(max_length=200, blank=True)
    actor_role = models.CharField(max_length=40, blank=True)
    actor_team = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60, blank=True)
    # Whose record this touched, for 'Who has looked at my record'.
    subject_id = models.BigIntegerField(null=True, blank=True)
    what = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    # The inserting transaction's id, stamped by a database trigger on
    # PostgreSQL, so the sealer can tell rows that may still be joined by
    # earlier-numbered ones from rows that are settled. Empty on SQLite.
    txid = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        # Insertion order: readers see unsealed rows at once, in place.
        ordering: ClassVar = ["id"]
        indexes: ClassVar = [
            models.Index(fields=["subject_id", "at"]),
            models.Index(
                fields=["txid", "id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} by {self.actor_name or 'system'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be removed.")


class ChainHead(models.Model):
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Audit chain head at #{self.seq}"
