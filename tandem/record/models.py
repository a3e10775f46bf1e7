"""A copy of everything held about a person, made when they ask for it (the
right of access, UK GDPR article 15).

A ``RecordExport`` is asked for in one step and built by a background task
(``tandem.record.tasks``): a readable PDF and a FHIR Bundle. It can be
downloaded by the person for seven days and then it is emptied. The database
refuses a second export waiting to be built for the same person, so double
clicks and two tabs make one. See ADR 0012.

Read only through ``tandem.record.selectors``; written only through
``tandem.record.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from tandem.people.models import ServiceUser

KEPT_FOR = dt.timedelta(days=7)


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be prepared"


class RecordExport(models.Model):
    service_user = models.ForeignKey(
        ServiceUser, on_delete=models.CASCADE, related_name="record_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Plain words for the person when it could not be made; details go to the log.
    failure = models.CharField(max_length=300, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    fhir_json = models.BinaryField(null=True, blank=True)
    pdf_size = models.PositiveIntegerField(default=0)
    json_size = models.PositiveIntegerField(default=0)
    # Emptied after expiry: the row stays as the record that a copy was given.
    emptied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service_user"],
                condition=models.Q(status="pending"),
                name="one_pending_export_per_person",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | models.Q(expires_at__isnull=False),
                name="ready_export_expires",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["service_user", "created_at"])]

    def __str__(self) -> str:
        return f"Record export {self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == ExportStatus.PENDING

    def is_downloadable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == ExportStatus.READY
            and self.emptied_at is None
            and self.expires_at is not None
            and now < self.expires_at
        )
