"""The task worker's heartbeat: the one thing this app stores.

Nothing here is about a person, so the record download has nothing to export.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """When a task worker last ran the heartbeat task: proof that queued work
    is being picked up, not only that a worker process exists."""

    name = models.CharField(max_length=50, unique=True, default="default")
    beat_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Worker heartbeat {self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
