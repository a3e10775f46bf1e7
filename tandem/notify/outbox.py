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

The steps live beside it: claiming in ``claiming``, recording the outcome in
``recording``, failing over to another channel in ``fallback``, delivery
checks in ``delivery_checks`` and the rate-limit pause in ``rate_limit``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter

from django.conf import settings
from django.utils import translation

from tandem.notify import channels, recipients, recording, timing
from tandem.notify.channels import (
    Accepted,
    Outgoing,
    PermanentFailure,
    RateLimited,
    TemporaryFailure,
)
from tandem.notify.claiming import Claimed, claim, worker_id
from tandem.notify.delivery_checks import check_deliveries
from tandem.notify.fallback import fail
from tandem.notify.models import Message, MessageChannel, MessageStatus, Provider
from tandem.notify.rate_limit import pause
from tandem.notify.recording import (
    Sent,
    cancel_claimed,
    held_for_their_times,
    put_back,
    record_temporary_failure,
)
from tandem.notify.templates import TemplateError, render

logger = logging.getLogger(__name__)


def outgoing_for(message: Message) -> Outgoing:
    """Render the message now, so a change of sender or discretion since it was
    queued is honoured, in the language it was queued in (``Message.language``:
    the values the caller wrote then are in that language too)."""
    values = dict(message.personalisation)
    values["service_name"] = recipients.sender_name(
        service_user=message.service_user, team=message.team
    )
    with translation.override(message.language):
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
                recording.record_sent(
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
        recording.record_sent(message, worker=worker, accepted=taken)
    return "sent"


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
        recording.record_batch(accepted, worker=worker)
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
