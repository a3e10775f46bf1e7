"""The channel layer the settings choose (ADR 0021, ADR 0038, ADR 0077).

In its own module so tandem/settings.py stays short; it reads only the
environment, so the settings can import it before Django is set up.

- No ``TANDEM_REDIS_URL``: one process, the in-memory layer.
- ``TANDEM_REDIS_URL`` set: Redis pub/sub (``tandem.consult.pubsub.PubSubLayer``),
  which says when a message reached nobody; overload is judged by each process
  (tandem.consult.load).
- ``TANDEM_CHANNEL_LAYER=lists`` as well: channels-redis's list layer, with a
  capacity per process of ``TANDEM_CHANNEL_CAPACITY`` (5,000), about 30 times
  slower here; kept for comparison and as a way back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

LAYERS = ("pubsub", "lists")


def channel_layers(redis_url: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The ``CHANNEL_LAYERS`` setting."""
    if not redis_url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    layer = environ.get("TANDEM_CHANNEL_LAYER", "pubsub")
    if layer not in LAYERS:
        raise ImproperlyConfigured("TANDEM_CHANNEL_LAYER must be 'pubsub' or 'lists'.")
    if layer == "pubsub":
        return {
            "default": {
                "BACKEND": "tandem.consult.pubsub.PubSubLayer",
                "CONFIG": {"hosts": [redis_url]},
            }
        }
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 times reads out after 5 s, as long as channels-redis
                # blocks waiting for messages (BZPOPMIN 5 s): an idle socket's
                # consumer would then crash. Allow well over that.
                "hosts": [{"address": redis_url, "socket_timeout": 15}],
                # Messages for all of a process's sockets share one list in Redis;
                # at the default of 100 a busy process drops signalling messages.
                "capacity": int(environ.get("TANDEM_CHANNEL_CAPACITY", "5000")),
            },
        }
    }
