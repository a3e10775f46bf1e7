"""Every write that starts or stops a message. Keyword-only, typed, atomic, audited.

``queue_message`` writes the message into the outbox in the caller's
transaction (a booking, a change, a discharge), so the message exists if and
only if the change commits; workers send it later (``tandem.notify.outbox``).
Callers compute *when* (``send_after``, for example reminders
``settings.TANDEM_REMINDER_DAYS`` before an appointment); this module decides
*how*: the person's agreed channels, preferred first.

A moved or cancelled appointment: call ``cancel_pending`` for its about_key
first, then queue the 'moved' or 'cancelled' message and any new reminders.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import formats, letters, recipients, timing
from tandem.notify.models import (
    LetterBatch,
    Message,
    MessageChannel,
    MessageEvent,
    MessageStatus,
    Provider,
)
from tandem.notify.scheduling import schedule_send
from tandem.notify.templates import TEMPLATES, TemplateError, check_personalisation
from tandem.people.models import Carer, CarerLink, CareTeam, ServiceUser, User
from tandem.preferences.times import service_zone

logger = logging.getLogger(__name__)


def _about_person(carer: Carer, about_key: str) -> ServiceUser | None:
    """The service user a carer's message is about, when it can be known: the
    person already messaged about the same thing, or the carer's only link."""
    earlier = (
        Message.objects.filter(about_key=about_key, carer__isnull=True)
        .select_related("service_user")
        .first()
    )
    if earlier is not None:
        return earlier.service_user
    links = list(CarerLink.objects.filter(carer=carer, withdrawn_at__isnull=True)[:2])
    return links[0].service_user if len(links) == 1 else None


def _no_channel(
    *,
    actor: User | None,
    person: ServiceUser | Carer,
    service_user: ServiceUser | None,
    team: CareTeam | None,
    label: str,
    about_key: str,
    why: str,
) -> None:
    record(
        actor=actor,
        action=Action.CREATE,
        object_type="notify.Message",
        subject_id=service_user.pk if service_user else None,
        what=f"Could not send '{label}': {why}",
    )
    team = team or recipients.team_for(service_user)
    if team is None:
        logger.warning("No channel for '%s' (%s) and no team to tell", label, about_key)
        return
    from tandem.worklist.services import raise_work_item

    who = "their carer " + person.display_name if isinstance(person, Carer) else "them"
    raise_work_item(
        team=team,
        kind="no_channel",
        title=f"No way to send '{label}' to {person.display_name}",
        reason=(
            f"We could not send '{label}' to {who} because {why}. Contact them another "
            "way, and ask how they would like to hear from us."
        ),
        service_user=service_user,
        about_key=about_key,
    )


@transaction.atomic
def queue_message(
    *,
    actor: User | None,
    recipient: ServiceUser | Carer,
    template: str,
    personalisation: dict[str, str],
    about_key: str,
    idempotency_key: str,
    send_after: dt.datetime | None = None,
    channel: str | None = None,
    calendar: bytes | None = None,
    team: CareTeam | None = None,
    about_person: ServiceUser | None = None,
    deadline: dt.datetime | None = None,
    to: recipients.Route | None = None,
    enclosure: str = "",
    language: str | None = None,
) -> Message | None:
    """Put a message in the outbox, to be sent at ``send_after`` (now if None).

    ``channel`` None means the person's preferred channel; a channel they have
    not agreed to is not used. Returns the message already queued under
    ``idempotency_key`` if there is one, or None when the person has no usable
    channel, in which case the reason is audited and their team gets a task.
    Raises ``TemplateError`` for an unknown template or placeholder, or a value
    that says something clinical.

    A message to a service user waits for a time they allow
    (``tandem.notify.timing``); ``deadline``, the start of the appointment it
    is about, is when it must have gone by.

    ``to``: send by this channel to this address, not by the person's agreed
    channels, at once: for an invitation staff send by the way the person
    asked for, or a code checking an address the person has just given.

    ``enclosure``: HTML printed after a letter in the same envelope; only a
    letter may carry one.

    ``language``: the recipient's, when the caller has read it already
    (``recipients.languages_of``, one query for a person and their carers);
    otherwise it is read here.
    """
    check_personalisation(template, personalisation)
    if channel is not None and channel not in MessageChannel.values:
        raise TemplateError(f"Unknown channel: {channel!r}")
    if not idempotency_key or len(idempotency_key) > 200:
        raise TemplateError("idempotency_key must be 1 to 200 characters")
    if not about_key or len(about_key) > 100:
        raise TemplateError("about_key must be 1 to 100 characters")
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if isinstance(recipient, Carer):
        carer: Carer | None = recipient
        # ``about_person``: the person a carer's message concerns, when the caller knows.
        service_user = about_person or _about_person(recipient, about_key)
    else:
        carer, service_user = None, recipient
    team = team or recipients.team_for(service_user)
    label = TEMPLATES[template].label
    found, why = ([to], "") if to is not None else recipients.routes(recipient, first=channel)
    if not found:
        _no_channel(
            actor=actor,
            person=recipient,
            service_user=service_user,
            team=team,
            label=label,
            about_key=about_key,
            why=why,
        )
        return None
    route = found[0]
    if enclosure and route.channel != MessageChannel.LETTER:
        raise TemplateError("Only a letter can carry an enclosure")
    now = timezone.now()
    planned = send_after or now
    decided = timing.when_to_send(
        wanted=planned,
        now=now,
        # Post is read when the person chooses, so letters are not held.
        times=None
        if route.channel == MessageChannel.LETTER or to is not None
        else recipients.contact_times(recipient),
        tz=service_zone(),
        deadline=deadline,
        change=template in timing.CHANGE_TEMPLATES,
    )
    due = planned if decided.at == max(planned, now) else decided.at
    try:
        # A savepoint: if another transaction queued the same key meanwhile,
        # the caller's transaction carries on and gets that message.
        with transaction.atomic():
            message = Message.objects.create(
                idempotency_key=idempotency_key,
                about_key=about_key,
                template=template,
                channel=route.channel,
                service_user=service_user,
                carer=carer,
                team=team,
                to=route.to,
                personalisation=personalisation,
                calendar=calendar,
                enclosure=enclosure,
                send_after=planned,
                due_at=due,
                deadline=deadline,
                why_now=decided.why,
                language=language or recipients.language_of(recipient),
                created_at=now,
                created_by=actor if actor is not None and actor.is_authenticated else None,
            )
    except IntegrityError:
        return Message.objects.get(idempotency_key=idempotency_key)
    held = due > planned
    MessageEvent.objects.create(
        message=message,
        status=MessageStatus.QUEUED,
        at=now,
        reason=timing.held_reason(due) if held else "",
    )
    when = "now" if due <= now else f"after {timezone.localtime(due):%-d %B %Y %H:%M}"
    if held:
        when += ", a time they allow"
    elif decided.why:
        when += ", inside a time they asked us to avoid, saying why"
    record(
        actor=actor,
        action=Action.CREATE,
        obj=message,
        subject_id=service_user.pk if service_user else None,
        what=(
            f"Queued '{label}' by {MessageChannel(route.channel).label.lower()}"
            f"{' to their carer' if carer else ''}, to send {when}"
        ),
    )
    schedule_send(message.pk, due)
    return message


@transaction.atomic
def cancel_pending(*, about_key: str, reason: str) -> int:
    """Cancel messages about ``about_key`` that have not started sending.

    A message a worker is sending at this moment cannot be stopped; it is
    left to finish. Returns how many were cancelled.
    """
    now = timezone.now()
    pending = list(
        Message.objects.select_for_update()
        .filter(about_key=about_key, status=MessageStatus.QUEUED)
        .order_by("pk")
    )
    reason = reason.strip()[:200] or "No longer needed"
    return cancel_locked(pending, reason=reason, at=now)


def cancel_locked(
    messages: list[Message], *, reason: str, at: dt.datetime, to_whom: str = ""
) -> int:
    """Cancel queued ``messages`` the caller has locked, each with its status event
    and audit row; ``to_whom`` ('to their carer') goes into the audit wording."""
    for message in messages:
        message.status = MessageStatus.CANCELLED
        message.reason = reason
        message.save(update_fields=["status", "reason"])
        MessageEvent.objects.create(
            message=message, status=MessageStatus.CANCELLED, at=at, reason=reason
        )
        record(
            actor=None,
            action=Action.UPDATE,
            obj=message,
            what=f"Cancelled '{message.template_label}'{to_whom}: {reason}",
        )
    return len(messages)


@transaction.atomic
def print_letter_batch(*, actor: User | None, limit: int = 500) -> LetterBatch | None:
    """Render every due letter into one PDF for a service that posts its own,
    and mark them sent. Returns None when there is nothing to print."""
    now = timezone.now()
    due = list(
        # Lock only the messages: the joined person and team rows may be null.
        Message.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(channel=MessageChannel.LETTER, status=MessageStatus.QUEUED, due_at__lte=now)
        .select_related("service_user", "carer", "team")
        .order_by("due_at", "pk")[:limit]
    )
    if not due:
        return None
    printed = [letters.letter_for(m) for m in due]
    pdf, pages = letters.render_letters(printed)
    batch = LetterBatch.objects.create(
        created_at=now,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        letters=len(due),
        pages=pages,
        pdf=pdf,
    )
    for message in due:
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.SENT,
            sent_at=now,
            provider=Provider.PRINT,
            provider_id=f"batch-{batch.pk}",
            attempts=message.attempts + 1,
        )
        MessageEvent.objects.create(
            message=message,
            status=MessageStatus.SENT,
            at=now,
            attempt=message.attempts + 1,
            provider_id=f"batch-{batch.pk}",
            reason="Printed for posting",
        )
    record(
        actor=actor,
        action=Action.CREATE,
        obj=batch,
        what=f"Printed {len(due)} letters ({pages} pages) for posting",
    )
    for message, letter in zip(due, printed, strict=True):
        formats.raise_task(
            message=message,
            formats=letter.formats_to_make,
            sent_as="was printed in a batch in standard or large print",
        )
    return batch
