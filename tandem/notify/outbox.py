"""The worker side of the outbox: claim due messages, send them, record what
happened, retry, fall back to another channel, and check delivery.

Exactly once, with a lease (ADR 0008):

1. ``claim`` marks due messages ``sending`` with a lease (``lease_until``,
   ``leased_by``) and commits, taking rows with
   ``select_for_update(skip_locked=True)`` so concurrent workers never take
   the same message (on SQLite, ``BEGIN IMMEDIATE`` serialises the claim).
2. The message goes to the provider *outside* any transaction, with its
   idempotency key as Notify's ``reference``.
3. The result is committed only if this worker still holds the lease.

A worker killed between 2 and 3 leaves the message ``sending`` with a lease
that runs out. Whoever claims it next first asks Notify for a notification
with that reference and, if Notify has one, records it as sent without
sending again. Django email has no such lookup, so email is at-least-once;
the resend carries the same Message-ID (``channels.message_id_for``).

Throughput (ADR 0038): a worker claims a batch in one transaction and
records everything Notify accepted in that batch in one more, with one
delivery-check task per batch; each task then keeps sending and checking
whatever else is due (``drain``) for a few seconds, so a worker is not paying
a task's overhead per message. A 429 from Notify (over its rate limit) puts
the message and the rest of the batch back, without using up an attempt, and
the worker pauses before it sends again (``RateLimitPause``): Notify did not
take them, so nothing is lost and nothing is sent twice.

Worker status changes are kept in ``MessageEvent`` rather than the audit
log: they are the system's own steps, and auditing each would make every
worker queue on the audit chain's single head row. A message that fails for
good, or moves to another channel, is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import channels, recipients, timing
from tandem.notify.channels import (
    Accepted,
    Outgoing,
    PermanentFailure,
    RateLimited,
    TemporaryFailure,
)
from tandem.notify.models import Message, MessageChannel, MessageEvent, MessageStatus, Provider
from tandem.notify.scheduling import schedule_check, schedule_send
from tandem.notify.templates import TEMPLATES, TemplateError, render
from tandem.preferences.times import service_zone

logger = logging.getLogger(__name__)

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


class RateLimitPause:
    """This process's pause after Notify's 429: nothing is sent until it ends.
    Each 429 in a row doubles it, up to a minute (Notify counts a rolling minute)."""

    def __init__(self) -> None:
        self.until = 0.0
        self.in_a_row = 0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def seconds_left(self) -> float:
        return max(0.0, self.until - time.monotonic())

    def limited(self) -> float:
        """Start (or lengthen) the pause; returns its length in seconds."""
        self.in_a_row += 1
        base = settings.TANDEM_NOTIFY_RATE_LIMIT_PAUSE * 2 ** min(self.in_a_row - 1, 6)
        # Jitter, so that workers paused together do not all come back together.
        seconds = min(60.0, base) * random.uniform(1.0, 1.5)  # noqa: S311 - not security
        self.until = time.monotonic() + seconds
        return seconds

    def sent(self) -> None:
        self.in_a_row = 0

    def reset(self) -> None:
        self.until, self.in_a_row = 0.0, 0


pause = RateLimitPause()


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


def outgoing_for(message: Message) -> Outgoing:
    """Render the message now, so a change of sender or discretion since it was
    queued is honoured."""
    values = dict(message.personalisation)
    values["service_name"] = recipients.sender_name(
        service_user=message.service_user, team=message.team
    )
    rendered = render(message.template, message.channel, values)
    body = rendered.body
    if message.why_now:
        # Sent inside a time the person asked us to avoid: say why (HAZ-155).
        body = f"{body}\n\n{timing.why_line(message.why_now)}"
    address: list[str] = []
    if message.channel == MessageChannel.LETTER:
        person = message.carer or message.service_user
        address = recipients.letter_address(person) if person is not None else []
        if not address:
            raise PermanentFailure("There is no postal address on their record")
    return Outgoing(
        channel=message.channel,
        to=message.to,
        subject=rendered.subject,
        body=body,
        reference=message.idempotency_key,
        address=address,
        calendar=bytes(message.calendar) if message.calendar else None,
    )


@dataclass(frozen=True)
class Sent:
    message: Message
    accepted: Accepted


def deliver(claimed: Claimed, *, worker: str, accepted: list[Sent] | None = None) -> str:
    """Send one claimed message and record the outcome; returns what happened.

    With ``accepted``, a message Notify took is added to it, for the caller to
    record with the rest of its batch (``record_batch``), rather than recorded now.
    """
    message = claimed.message
    try:
        if claimed.recovering and channels.uses_notify(message.channel):
            found = channels.find_by_reference(message.idempotency_key)
            if found is not None:
                record_sent(
                    message,
                    worker=worker,
                    accepted=Accepted(provider=Provider.NOTIFY, provider_id=found),
                    note="GOV.UK Notify already had it; not sent again",
                )
                return "recovered"
        # Ids only: most messages are not to carers, and need no extra query here.
        if message.carer_id is not None and not recipients.carer_still_consented(
            carer_id=message.carer_id,
            service_user_id=message.service_user_id,
            template=message.template,
        ):
            cancel_claimed(
                message, worker=worker, reason="The person no longer shares this with their carer"
            )
            return "cancelled"
        if held_for_their_times(message, worker=worker):
            return "held"
        taken = channels.send(outgoing_for(message))
    except RateLimited as limited:
        seconds = pause.limited()
        logger.warning("GOV.UK Notify rate limit: pausing sends for %.0f s", seconds)
        put_back(claimed, worker=worker, seconds=seconds, reason=limited.reason)
        return "rate-limited"
    except TemporaryFailure as failure:
        return record_temporary_failure(message, worker=worker, reason=failure.reason)
    except (PermanentFailure, TemplateError) as failure:
        reason = failure.reason if isinstance(failure, PermanentFailure) else str(failure)
        fail(message, reason=reason, expect=MessageStatus.SENDING, worker=worker)
        return "failed"
    except Exception as error:
        # A bug, not the provider: keep the message and try again after back-off.
        logger.exception("Sending message %s failed unexpectedly", message.pk)
        return record_temporary_failure(
            message, worker=worker, reason=f"Unexpected error: {type(error).__name__}"
        )
    pause.sent()
    if accepted is not None:
        accepted.append(Sent(message, taken))
    else:
        record_sent(message, worker=worker, accepted=taken)
    return "sent"


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
        subject_id=message.service_user_id,
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


def _channels_tried(message: Message) -> frozenset[str]:
    tried = {message.channel}
    current = message
    while current.fallback_of_id is not None:
        current = Message.objects.get(pk=current.fallback_of_id)
        tried.add(current.channel)
    return frozenset(tried)


def _root_key(message: Message) -> str:
    current = message
    while current.fallback_of_id is not None:
        current = Message.objects.get(pk=current.fallback_of_id)
    return current.idempotency_key


@transaction.atomic
def fail(message: Message, *, reason: str, expect: str, worker: str = "") -> None:
    """Mark the message failed, then send it another way or tell staff."""
    now = timezone.now()
    matching = Message.objects.filter(pk=message.pk, status=expect)
    if worker:
        matching = matching.filter(leased_by=worker)
    updated = matching.update(
        status=MessageStatus.FAILED,
        failed_at=now,
        lease_until=None,
        leased_by="",
        next_check_at=None,
        reason=reason[:300],
    )
    if not updated:
        return
    MessageEvent.objects.create(
        message=message,
        status=MessageStatus.FAILED,
        at=now,
        attempt=message.attempts,
        provider_id=message.provider_id,
        reason=reason[:300],
    )
    message.refresh_from_db()
    fall_back(message)


def fall_back(message: Message) -> Message | None:
    """Queue the same message by the next channel the person agreed to; if
    there is none, raise a task for their team."""
    template = TEMPLATES.get(message.template)
    person = message.carer or message.service_user
    assert person is not None  # the database insists on a recipient
    excluded = _channels_tried(message)
    if template is not None and not template.letter_fallback:
        excluded |= {MessageChannel.LETTER}
    found, why = recipients.routes(person, exclude=excluded)
    label = template.label if template else message.template
    was = MessageChannel(message.channel).label.lower()
    subject_id = message.service_user_id
    if found:
        route = found[0]
        now = timezone.now()
        try:
            with transaction.atomic():
                replacement = Message.objects.create(
                    idempotency_key=f"{_root_key(message)[:180]}:fallback:{route.channel}",
                    about_key=message.about_key,
                    template=message.template,
                    channel=route.channel,
                    service_user=message.service_user,
                    carer=message.carer,
                    team=message.team,
                    to=route.to,
                    personalisation=message.personalisation,
                    calendar=message.calendar,
                    send_after=now,
                    due_at=now,
                    deadline=message.deadline,
                    fallback_of=message,
                )
        except IntegrityError:
            logger.warning("Fallback for message %s already exists", message.pk)
            return None
        MessageEvent.objects.create(
            message=replacement,
            status=MessageStatus.QUEUED,
            at=now,
            reason=f"Instead of the {was}, which failed"[:300],
        )
        record(
            actor=None,
            action=Action.CREATE,
            obj=replacement,
            subject_id=subject_id,
            what=(
                f"'{label}' by {was} was not delivered; sending by "
                f"{MessageChannel(route.channel).label.lower()} instead"
            ),
        )
        schedule_send(replacement.pk, None)
        return replacement
    record(
        actor=None,
        action=Action.UPDATE,
        obj=message,
        subject_id=subject_id,
        what=f"'{label}' could not be delivered by any agreed channel",
    )
    raise_failed_work_item(
        message, label=label, why=f"the {was} failed ({message.reason})", also=why
    )
    return None


def raise_failed_work_item(message: Message, *, label: str, why: str, also: str) -> None:
    team = message.team or recipients.team_for(message.service_user)
    if team is None:
        logger.error("Message %s failed and no team can be told", message.pk)
        return
    from tandem.worklist.services import raise_work_item

    person = message.carer or message.service_user
    name = person.display_name if person is not None else "someone"
    who = f"their carer {name}" if message.carer_id else "them"
    raise_work_item(
        team=team,
        kind="message_failed",
        title=f"'{label}' did not reach {name}",
        reason=(
            f"We could not send '{label}' to {who}: {why}; {also or 'no other channel'}. "
            "Contact them another way, and check their contact details and preferences."
        ),
        service_user=message.service_user,
        about_key=message.about_key,
    )


def send_due(*, message_id: int | None = None, limit: int = 20) -> dict[str, int]:
    """Claim and send due messages (one, if ``message_id`` is given). After a
    429, or while this process is pausing for one, the batch is put back unsent."""
    worker = worker_id()
    outcomes: Counter[str] = Counter()
    accepted: list[Sent] = []
    try:
        for claimed in claim(worker=worker, message_id=message_id, limit=limit):
            if pause.active():
                put_back(
                    claimed,
                    worker=worker,
                    seconds=pause.seconds_left(),
                    reason="Notify's rate limit",
                )
                outcomes["rate-limited"] += 1
                continue
            outcomes[deliver(claimed, worker=worker, accepted=accepted)] += 1
    finally:
        # Whatever Notify took is recorded, even if a later message hit a bug.
        record_batch(accepted, worker=worker)
    return dict(outcomes)


def drain(*, seconds: float | None = None, limit: int | None = None) -> dict[str, int]:
    """Send due messages and check due deliveries, batch after batch, until
    nothing is due, Notify asks us to slow down, or ``seconds`` have passed
    (``TANDEM_NOTIFY_DRAIN_SECONDS``): what each task does after its own message,
    so one task's overhead is shared by many messages."""
    seconds = settings.TANDEM_NOTIFY_DRAIN_SECONDS if seconds is None else seconds
    limit = limit or settings.TANDEM_NOTIFY_BATCH
    ends = time.monotonic() + seconds
    totals: Counter[str] = Counter()
    while time.monotonic() < ends and not pause.active():
        sent = send_due(limit=limit)
        checked = check_deliveries(limit=limit)
        totals.update(sent)
        totals.update({f"check_{k}": v for k, v in checked.items()})
        if not sent and not checked:
            break
    return dict(totals)


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


def sweep(*, limit: int = 100) -> dict[str, int]:
    """Everything due now: queued messages, messages whose worker stopped
    mid-send (once the lease has run out) and delivery checks."""
    totals: Counter[str] = Counter()
    while not pause.active() and (outcomes := send_due(limit=limit)):
        totals.update(outcomes)
    while outcomes := check_deliveries(limit=limit):
        totals.update({f"check_{k}": v for k, v in outcomes.items()})
        if sum(outcomes.values()) < limit:
            break
    return dict(totals)
