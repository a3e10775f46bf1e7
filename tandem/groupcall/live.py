"""Telling open chat sockets that a member was removed, or that the call ended. Best effort."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from tandem.groupcall.consumers import attendee_group, call_group

log = logging.getLogger(__name__)


def removed(attendee_pk: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(attendee_group(attendee_pk), {"type": "groupcall.removed"})
    except Exception:
        log.warning("Could not reach the group call's sockets", exc_info=True)


def ended(call_pk: int) -> None:
    """Every member's socket: Janus's 'destroyed' event is the first way a page
    hears the call ended; this is the second, for a page whose Janus handle
    missed it (seen for a member let back in after being removed)."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(call_group(call_pk), {"type": "groupcall.ended"})
    except Exception:
        log.warning("Could not reach the group call's sockets", exc_info=True)
