"""Letters for people who need a format the letter is not (easy read, braille):
a task for their team, never a silent post (HAZ-264, HAZ-347).

A letter printed in the service's own batch comes in large print or easy read
as the person needs (``letters.py``); braille is not made here. A letter sent
through GOV.UK Notify is Notify's standard print, so for someone who needs
easy read or braille it raises the same task as the batch does, the moment it
is queued, by whichever route queued it (``queue_message`` or a fall-back from
another channel): hence a ``post_save`` for ``Message``, connected in
``NotifyConfig.ready()``, rather than a call in each route.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from tandem.notify import recipients
from tandem.notify.models import Message, MessageChannel
from tandem.worklist.models import WorkKind
from tandem.worklist.services import raise_work_item

# Made by the batch itself; anything else the person needs is a task.
MADE_IN_THE_BATCH = frozenset({"large-print", "easy-read"})
# Notify posts standard print (it may enlarge nothing on request here).
MADE_BY_NOTIFY = frozenset({"large-print"})


def raise_task(*, message: Message, formats: list[str], sent_as: str) -> None:
    """Ask the person's team to make letter ``message`` in ``formats`` and send that."""
    if not formats or message.team is None or message.service_user is None:
        return
    wanted = " and ".join(formats)
    name = message.service_user.display_name
    raise_work_item(
        team=message.team,
        kind=WorkKind.LETTER_FORMAT,
        title=f"Make letter Ref {message.pk} in {wanted} for {name}",
        reason=(
            f"{name} needs letters in {wanted}. Letter Ref {message.pk} {sent_as}: "
            "make it in the format they need and send that as well."
        ),
        service_user=message.service_user,
        about_key=f"letter-format:{message.pk}",
    )


def flag_notify_letter(sender: Any, instance: Message, created: bool, **kwargs: Any) -> None:
    """``post_save`` for messages: a new letter to a service user going through Notify."""
    if (
        not created
        or instance.channel != MessageChannel.LETTER
        or instance.carer_id is not None
        or settings.TANDEM_LETTERS == "print"
    ):
        return
    raise_task(
        message=instance,
        formats=recipients.formats_to_make(instance.service_user, made=MADE_BY_NOTIFY),
        sent_as="is going by post through GOV.UK Notify in standard print",
    )
