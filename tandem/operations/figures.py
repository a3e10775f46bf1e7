"""Tandem's own figures for Prometheus, counted from the database at each scrape.

Service-wide counts and ages only: no names, no ids, no message text, so the
metrics page shows nothing about any one person. Counting at scrape time (not
in-process counters) keeps every app server's answer the same and true after a
restart; each query walks an index the workers already use.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from tandem.alerts.models import Alert, AlertState
from tandem.consult.models import CallQuality, Ending
from tandem.notify.models import Message, MessageChannel, MessageStatus
from tandem.operations import heartbeat
from tandem.worklist.models import WorkItem

UNSENT = (MessageStatus.QUEUED, MessageStatus.SENDING)
CALL_FAILURES = (Ending.NEVER_CONNECTED, Ending.LOST)


def oldest_unsent_age_seconds() -> float:
    """How long the oldest message that is due but not yet sent has waited."""
    now = timezone.now()
    oldest = Message.objects.filter(status__in=UNSENT, due_at__lte=now).aggregate(
        oldest=Min("due_at")
    )["oldest"]
    return 0.0 if oldest is None else (now - oldest).total_seconds()


def oldest_ready_task_age_seconds() -> float:
    """How long the oldest task that could run now has waited for a worker."""
    now = timezone.now()
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min("enqueued_at"))["oldest"]
    return 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())


def alerts_past_window() -> int:
    return Alert.objects.filter(state=AlertState.OPEN, respond_by__lt=timezone.now()).count()


def tasks_overdue() -> int:
    return WorkItem.objects.filter(done_at__isnull=True, respond_by__lt=timezone.now()).count()


def failed_deliveries_by_channel() -> dict[str, int]:
    counts = dict.fromkeys(MessageChannel.values, 0)
    rows = (
        Message.objects.filter(status=MessageStatus.FAILED)
        .values("channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["channel"]] = row["n"]
    return counts


def call_failures_by_ending() -> dict[str, int]:
    counts = {str(ending): 0 for ending in CALL_FAILURES}
    rows = (
        CallQuality.objects.filter(ending__in=CALL_FAILURES)
        .values("ending")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["ending"]] = row["n"]
    return counts


class TandemCollector(Collector):
    """Collected on each scrape of /metrics."""

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "tandem_outbox_oldest_unsent_age_seconds",
            "Seconds the oldest due message has waited to be sent (0 when none wait).",
            value=oldest_unsent_age_seconds(),
        )
        yield GaugeMetricFamily(
            "tandem_alerts_past_response_window",
            "Alerts nobody has acknowledged within their team's response window.",
            value=alerts_past_window(),
        )
        yield GaugeMetricFamily(
            "tandem_tasks_overdue",
            "Open tasks past the time the team promised the person an answer.",
            value=tasks_overdue(),
        )
        failed = CounterMetricFamily(
            "tandem_message_deliveries_failed",
            "Messages that could not be delivered, by channel.",
            labels=["channel"],
        )
        for channel, count in sorted(failed_deliveries_by_channel().items()):
            failed.add_metric([channel], count)
        yield failed
        calls = CounterMetricFamily(
            "tandem_call_connection_failures",
            "Video calls that never connected or lost their connection, as browsers reported.",
            labels=["ending"],
        )
        for ending, count in sorted(call_failures_by_ending().items()):
            calls.add_metric([ending], count)
        yield calls
        age = heartbeat.age_seconds()
        yield GaugeMetricFamily(
            "tandem_worker_heartbeat_age_seconds",
            "Seconds since a task worker last ran the heartbeat task (-1: never).",
            value=-1.0 if age is None else age,
        )
        yield GaugeMetricFamily(
            "tandem_task_queue_oldest_ready_age_seconds",
            "Seconds the oldest task ready to run has waited for a worker.",
            value=oldest_ready_task_age_seconds(),
        )
