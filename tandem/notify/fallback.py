"""A message that failed for good: marked failed, then sent by the next
channel the person agreed to, or, when there is none, a task for their team."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.notify import recipients
from tandem.notify.models import Message, MessageChannel, MessageEvent, MessageStatus
from tandem.notify.scheduling import schedule_send
from tandem.notify.templates import TEMPLATES

logger = logging.getLogger(__name__)


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
                    # The same message by another way: in the same language.
                    language=message.language,
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
