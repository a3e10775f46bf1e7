"""Asking GOV.UK Notify what became of sent messages: delivered, failed for
good (then another channel is tried), or asked again later."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tandem.notify import channels
from tandem.notify.channels import PermanentFailure, TemporaryFailure
from tandem.notify.fallback import fail
from tandem.notify.models import Message, MessageEvent, MessageStatus, Provider
from tandem.notify.scheduling import schedule_check

DELIVERED = frozenset({"delivered", "received"})
UNDELIVERABLE = frozenset(
    {
        "permanent-failure",
        "temporary-failure",
        "technical-failure",
        "validation-failed",
        "virus-scan-failed",
        "cancelled",
    }
)


def _schedule_next_check(message: Message, reason: str) -> None:
    delays = settings.TANDEM_NOTIFY_CHECK_DELAYS
    checks = message.checks + 1
    if checks >= len(delays):
        Message.objects.filter(pk=message.pk, status=MessageStatus.SENT).update(
            checks=checks, next_check_at=None, reason=f"No delivery receipt: {reason}"[:300]
        )
        return
    at = timezone.now() + dt.timedelta(seconds=delays[checks])
    with transaction.atomic():
        Message.objects.filter(pk=message.pk, status=MessageStatus.SENT).update(
            checks=checks, next_check_at=at
        )
        schedule_check(message.pk, at)


def check_deliveries(*, message_id: int | None = None, limit: int = 100) -> dict[str, int]:
    """Ask GOV.UK Notify what became of sent messages whose check is due."""
    outcomes: Counter[str] = Counter()
    waiting = Message.objects.filter(
        status=MessageStatus.SENT, provider=Provider.NOTIFY, next_check_at__lte=timezone.now()
    )
    if message_id is not None:
        waiting = waiting.filter(pk=message_id)
    delivered: list[tuple[Message, str]] = []
    for message in waiting.order_by("next_check_at", "pk")[:limit]:
        try:
            status = channels.delivery_status(message.provider_id)
        except (TemporaryFailure, PermanentFailure) as failure:
            _schedule_next_check(message, failure.reason)
            outcomes["unknown"] += 1
            continue
        if status in DELIVERED:
            delivered.append((message, status))
            outcomes["delivered"] += 1
        elif status in UNDELIVERABLE:
            fail(message, reason=f"GOV.UK Notify reported {status}", expect=MessageStatus.SENT)
            outcomes["failed"] += 1
        else:
            _schedule_next_check(message, f"GOV.UK Notify still says {status}")
            outcomes["waiting"] += 1
    _record_delivered(delivered)
    return dict(outcomes)


@transaction.atomic
def _record_delivered(delivered: list[tuple[Message, str]]) -> None:
    """Receipts of one batch of checks, in one transaction (a check done again
    after a crash finds the same answer, so nothing hangs on each commit)."""
    now = timezone.now()
    events = []
    for message, status in delivered:
        if Message.objects.filter(pk=message.pk, status=MessageStatus.SENT).update(
            status=MessageStatus.DELIVERED, delivered_at=now, next_check_at=None
        ):
            events.append(
                MessageEvent(
                    message=message,
                    status=MessageStatus.DELIVERED,
                    at=now,
                    attempt=message.attempts,
                    provider_id=message.provider_id,
                    reason=f"GOV.UK Notify: {status}",
                )
            )
    MessageEvent.objects.bulk_create(events)
