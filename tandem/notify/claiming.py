"""Step 1 of the outbox (ADR 0008): lease due messages to one worker, so
concurrent workers never take the same message (``tandem.notify.outbox``)."""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from tandem.notify.models import Message, MessageChannel, MessageEvent, MessageStatus


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass(frozen=True)
class Claimed:
    message: Message
    recovering: bool  # its last worker's lease ran out while it was sending


def _due(now: dt.datetime) -> Q:
    due = Q(status=MessageStatus.QUEUED, due_at__lte=now) | Q(
        status=MessageStatus.SENDING, lease_until__lt=now
    )
    if settings.TANDEM_LETTERS == "print":
        # Printed in batches by staff (services.print_letter_batch), never by workers.
        due &= ~Q(channel=MessageChannel.LETTER)
    return due


@transaction.atomic
def claim(*, worker: str, message_id: int | None = None, limit: int = 20) -> list[Claimed]:
    """Lease up to ``limit`` due messages to ``worker``: one SELECT ... FOR UPDATE
    SKIP LOCKED, one UPDATE and one INSERT of events, whatever the batch size."""
    now = timezone.now()
    due = Message.objects.filter(_due(now))
    if message_id is not None:
        due = due.filter(pk=message_id)
    # Who it is to and from come in the same query (rendering needs them), with
    # only the message rows locked.
    rows = list(
        due.select_related("service_user", "carer", "team")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("due_at", "pk")[:limit]
    )
    if not rows:
        return []
    lease_until = now + dt.timedelta(seconds=settings.TANDEM_NOTIFY_LEASE_SECONDS)
    Message.objects.filter(pk__in=[m.pk for m in rows]).update(
        status=MessageStatus.SENDING,
        lease_until=lease_until,
        leased_by=worker,
        attempts=F("attempts") + 1,
    )
    claimed = []
    events = []
    for message in rows:
        recovering = message.status == MessageStatus.SENDING
        message.status = MessageStatus.SENDING
        message.lease_until = lease_until
        message.leased_by = worker
        message.attempts += 1
        events.append(
            MessageEvent(
                message=message,
                status=MessageStatus.SENDING,
                at=now,
                attempt=message.attempts,
                reason="Recovering: the worker sending it stopped" if recovering else "",
            )
        )
        claimed.append(Claimed(message=message, recovering=recovering))
    MessageEvent.objects.bulk_create(events)
    return claimed
