"""ICE servers for browsers: STUN and TURN from settings.

TURN credentials follow coturn's REST API convention (``use-auth-secret``): the
username is '<expiry unix time>:<participant id>' and the password is the
base64 HMAC-SHA1 of the username under the shared secret, so they stop working
on their own and the secret never leaves the server.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

from django.conf import settings


def turn_credentials(participant_id: int, *, now: float | None = None) -> tuple[str, str]:
    expires = int((now if now is not None else time.time()) + settings.TANDEM_TURN_TTL_SECONDS)
    username = f"{expires}:{participant_id}"
    mac = hmac.new(
        settings.TANDEM_TURN_SECRET.encode("utf-8"), username.encode("utf-8"), hashlib.sha1
    )
    return username, base64.b64encode(mac.digest()).decode("ascii")


def ice_servers(participant_id: int) -> list[dict[str, Any]]:
    """The RTCPeerConnection ``iceServers`` list for one participant."""
    servers: list[dict[str, Any]] = []
    if settings.TANDEM_STUN_URLS:
        servers.append({"urls": list(settings.TANDEM_STUN_URLS)})
    if settings.TANDEM_TURN_URLS and settings.TANDEM_TURN_SECRET:
        username, credential = turn_credentials(participant_id)
        servers.append(
            {
                "urls": list(settings.TANDEM_TURN_URLS),
                "username": username,
                "credential": credential,
            }
        )
    return servers
