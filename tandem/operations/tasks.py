"""Background work for operations: the worker's heartbeat and the nightly retention run."""

from __future__ import annotations

from django_tasks import task

from tandem.operations import heartbeat, retention


@task()
def worker_heartbeat() -> str:
    """Run by a worker to show queued work is being taken (cron enqueues it every minute)."""
    return heartbeat.beat().isoformat()


@task()
def apply_retention() -> dict[str, object]:
    """The nightly retention run, as the apply_retention command does it (ADR 0045)."""
    report = retention.run(now=None)
    return report.as_dict()
