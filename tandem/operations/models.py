"""What operations stores: the task worker's heartbeat, and a recorded date of
death for retention (listed in ``tandem/record/coverage.py`` as not exported).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """When a task worker last ran the heartbeat task: proof that queued work
    is being picked up, not only that a worker process exists."""

    name = models.CharField(max_length=50, unique=True, default="default")
    beat_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Worker heartbeat {self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class RecordedDeath(models.Model):
    """The date a service user died, as told to the service.

    Kept only for retention: the Code's period after death (8 years) can end a
    record sooner than its period after last contact (ADR 0057). Recorded
    through ``retention.record_date_of_death``, audited."""

    service_user = models.OneToOneField(
        "people.ServiceUser", on_delete=models.CASCADE, related_name="+"
    )
    died_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Date of death recorded for record {self.service_user_id}"


class RetentionSettings(models.Model):
    """The retention periods the service administrator has set, in years (ADR 0057).

    One row for the service, made on the first change; until then the defaults
    in settings.py apply. Changed only through ``retention.save_periods``, audited."""

    years_after_last_contact = models.PositiveSmallIntegerField()
    years_after_death = models.PositiveSmallIntegerField()
    delivery_log_years = models.PositiveSmallIntegerField()
    call_metadata_years = models.PositiveSmallIntegerField()
    feedback_years = models.PositiveSmallIntegerField(default=2)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return "Retention periods"
