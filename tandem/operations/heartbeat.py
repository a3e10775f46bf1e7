"""The worker's heartbeat: a task cron enqueues every minute and a worker runs.

A worker process can be alive and still take no work (stuck on one task, lost
its database, pointed at another queue). Only a task that went through the
queue and came out the other side shows the worker is doing its job, so the
beat is written by a task, and /readyz/ and the metrics read its age (HAZ-250).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from tandem.operations.models import WorkerHeartbeat

QUEUE_NAME = "default"


def beat(*, name: str = QUEUE_NAME) -> datetime:
    """Record that a worker has just run the heartbeat task."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now})
    return now


def last_beat(*, name: str = QUEUE_NAME) -> datetime | None:
    return WorkerHeartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()


def age_seconds(*, now: datetime | None = None, name: str = QUEUE_NAME) -> float | None:
    """Seconds since the last beat; None if no worker has ever beaten."""
    last = last_beat(name=name)
    if last is None:
        return None
    return max(0.0, ((now or timezone.now()) - last).total_seconds())
