"""Telling open sockets about things that happened on a page: someone was let in,
or the person used the 'can't talk freely' signal. Best effort: the pages
refresh themselves, so a lost nudge only costs a few seconds."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from tandem.consult.consumers import participant_group, staff_group

log = logging.getLogger(__name__)


def _send(group: str, event: dict[str, str]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:
        log.warning("Could not reach the video call's sockets", exc_info=True)


def admitted(participant_pk: int) -> None:
    _send(participant_group(participant_pk), {"type": "consult.admitted"})


def cant_talk(appointment_pk: int) -> None:
    _send(staff_group(appointment_pk), {"type": "consult.cant_talk"})


def removed(participant_pk: int) -> None:
    _send(participant_group(participant_pk), {"type": "consult.removed"})
