"""Telling an open chat socket that its member was removed. Best effort."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from tandem.groupcall.consumers import attendee_group

log = logging.getLogger(__name__)


def removed(attendee_pk: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(attendee_group(attendee_pk), {"type": "groupcall.removed"})
    except Exception:
        log.warning("Could not reach the group call's sockets", exc_info=True)
