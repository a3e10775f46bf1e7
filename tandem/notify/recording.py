"""Step 3 of the outbox (ADR 0008): what became of a claimed message,
committed only while this worker still holds its lease: sent (one at a time or
a batch at once), put back unsent, held for the person's times, cancelled, or
due again after a temporary failure."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import recipients, timing
from tandem.notify.channels import Accepted
from tandem.notify.claiming import Claimed
from tandem.notify.fallback import fail
from tandem.notify.models import Message, MessageChannel, MessageEvent, MessageStatus, Provider
from tandem.notify.scheduling import schedule_check, schedule_send
from tandem.preferences.times import service_zone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    message: Message
    accepted: Accepted


def put_back(claimed: Claimed, *, worker: str, seconds: float, reason: str) -> bool:
    """Give a claimed message back unsent, due again in ``seconds``, without
    using up an attempt: Notify asked us to slow down, nothing was wrong with it.
    One whose last worker stopped mid-send stays 'sending' with its lease
    running out then, so whoever takes it still asks Notify before sending."""
    message = claimed.message
    now = timezone.now()
    due = now + dt.timedelta(seconds=seconds)
    with transaction.atomic():
        matching = Message.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, leased_by=worker
        )
        if claimed.recovering:
            updated = matching.update(lease_until=due, leased_by="", attempts=F("attempts") - 1)
        else:
            updated = matching.update(
                status=MessageStatus.QUEUED,
                due_at=due,
                lease_until=None,
                leased_by="",
                attempts=F("attempts") - 1,
            )
        if updated:
            MessageEvent.objects.create(
                message=message,
                status=MessageStatus.SENDING if claimed.recovering else MessageStatus.QUEUED,
                at=now,
                attempt=message.attempts - 1,
                reason=(
                    "GOV.UK Notify asked us to slow down; will send after "
                    f"{timezone.localtime(due):%H:%M:%S}: {reason}"
                )[:300],
            )
            schedule_send(message.pk, due)
    return bool(updated)


def held_for_their_times(message: Message, *, worker: str) -> bool:
    """Check the person's times again just before sending (they may have
    changed them since the message was queued): put the message back until a
    time they allow, or note why it goes now. True when it was put back."""
    if message.carer_id is not None or message.channel == MessageChannel.LETTER:
        return False
    now = timezone.now()
    decided = timing.when_to_send(
        wanted=now,
        now=now,
        times=recipients.contact_times(message.service_user),
        tz=service_zone(),
        deadline=message.deadline,
        change=message.template in timing.CHANGE_TEMPLATES,
    )
    if decided.at <= now:
        if decided.why != message.why_now:
            message.why_now = decided.why
            Message.objects.filter(pk=message.pk).update(why_now=decided.why)
        return False
    with transaction.atomic():
        # Waiting is not a failed attempt: give the attempt back.
        updated = Message.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, leased_by=worker
        ).update(
            status=MessageStatus.QUEUED,
            due_at=decided.at,
            lease_until=None,
            leased_by="",
            why_now="",
            attempts=F("attempts") - 1,
        )
        if updated:
            MessageEvent.objects.create(
                message=message,
                status=MessageStatus.QUEUED,
                at=now,
                attempt=message.attempts - 1,
                reason=timing.held_reason(decided.at),
            )
            schedule_send(message.pk, decided.at)
    return True


@transaction.atomic
def cancel_claimed(message: Message, *, worker: str, reason: str) -> bool:
    """Stop a message this worker claimed, before anything was sent."""
    now = timezone.now()
    updated = Message.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, leased_by=worker
    ).update(status=MessageStatus.CANCELLED, lease_until=None, leased_by="", reason=reason[:300])
    if not updated:
        return False
    MessageEvent.objects.create(
        message=message,
        status=MessageStatus.CANCELLED,
        at=now,
        attempt=message.attempts,
        reason=reason[:300],
    )
    record(
        actor=None,
        action=Action.UPDATE,
        obj=message,
        what=f"Did not send '{message.template_label}' to their carer: {reason}",
    )
    return True


@transaction.atomic
def record_sent(
    message: Message,
    *,
    worker: str,
    accepted: Accepted,
    note: str = "",
    now: dt.datetime | None = None,
    schedule: bool = True,
) -> bool:
    now = now or timezone.now()
    delays = settings.TANDEM_NOTIFY_CHECK_DELAYS
    check_at = (
        now + dt.timedelta(seconds=delays[0])
        if accepted.provider == Provider.NOTIFY and delays
        else None
    )
    updated = Message.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, leased_by=worker
    ).update(
        status=MessageStatus.SENT,
        sent_at=now,
        provider=accepted.provider,
        provider_id=accepted.provider_id,
        lease_until=None,
        leased_by="",
        next_check_at=check_at,
        reason="",
    )
    if not updated:
        # The lease ran out and another worker took the message over; it looks
        # the message up by reference before sending, so nothing is lost.
        logger.warning("Message %s was sent but its lease had been taken over", message.pk)
        return False
    MessageEvent.objects.create(
        message=message,
        status=MessageStatus.SENT,
        at=now,
        attempt=message.attempts,
        provider_id=accepted.provider_id,
        reason=note,
    )
    if check_at is not None and schedule:
        schedule_check(message.pk, check_at)
    return True


def record_batch(sent: list[Sent], *, worker: str) -> None:
    """Record every message of a batch that Notify accepted, in one transaction,
    with one delivery-check task for them all: it checks every message whose
    check is due (``check_deliveries``), and they are all due at the same time.
    A worker killed before this commits leaves them 'sending' under a lease;
    whoever recovers them asks Notify by reference first, so none is sent twice."""
    if not sent:
        return
    now = timezone.now()
    with transaction.atomic():
        recorded = [
            s.message.pk
            for s in sent
            if record_sent(s.message, worker=worker, accepted=s.accepted, now=now, schedule=False)
        ]
        delays = settings.TANDEM_NOTIFY_CHECK_DELAYS
        notify = [s.message.pk for s in sent if s.accepted.provider == Provider.NOTIFY]
        if recorded and notify and delays:
            schedule_check(notify[0], now + dt.timedelta(seconds=delays[0]))


@transaction.atomic
def record_temporary_failure(message: Message, *, worker: str, reason: str) -> str:
    delays = settings.TANDEM_NOTIFY_RETRY_DELAYS
    if message.attempts > len(delays):
        fail(
            message,
            reason=f"{reason} (gave up after {message.attempts} attempts)",
            expect=MessageStatus.SENDING,
            worker=worker,
        )
        return "failed"
    now = timezone.now()
    due = now + dt.timedelta(seconds=delays[message.attempts - 1])
    updated = Message.objects.filter(
        pk=message.pk, status=MessageStatus.SENDING, leased_by=worker
    ).update(status=MessageStatus.QUEUED, due_at=due, lease_until=None, leased_by="", reason=reason)
    if updated:
        MessageEvent.objects.create(
            message=message,
            status=MessageStatus.QUEUED,
            at=now,
            attempt=message.attempts,
            reason=f"Will try again after {timezone.localtime(due):%H:%M:%S}: {reason}"[:300],
        )
        schedule_send(message.pk, due)
    return "retry"
