"""The secrets of a group call's Janus room, derived rather than stored.

A room's ``secret`` (needed to change, moderate or destroy it), its ``pin``
(needed to join) and each participant's token are HMAC-SHA256 of the room id
(and participant) under the Django secret key, with a different label for each
use. Nothing secret is written to the database, and a copy of the database
cannot be turned into a way into a room.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _derive(*parts: object) -> str:
    message = ":".join(str(part) for part in parts).encode("utf-8")
    key = f"tandem.groupcall:{settings.SECRET_KEY}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def room_secret(room_id: int) -> str:
    return _derive("secret", room_id)


def room_pin(room_id: int) -> str:
    # Janus compares pins as strings; a long one costs nothing as it is never typed.
    return _derive("pin", room_id)[:32]


def participant_token(room_id: int, participant_id: int, *, admission: int = 0) -> str:
    """The token one participant attaches and joins with.

    ``admission`` counts readmissions, so a removed member's old token (which may
    be in a browser's history or a copied page) never works again."""
    return _derive("token", room_id, participant_id, admission)
