"""The channel layer production uses: Redis pub/sub that says when nobody heard
(ADR 0077).

channels-redis's ``RedisPubSubChannelLayer`` pushes each message to the process
that subscribes to its channel: about 30 times faster here than the list layer,
which pops one process's messages one blocking read at a time
(docs/performance.md). But it throws away what Redis's PUBLISH answers: how many
subscribers the message reached. None means nobody will ever see it (the socket
has gone, or its process is subscribing again after Redis restarted), so this
layer raises ``NotHeard`` and the sender is told. It has no capacity, so it never
says 'full'; instead it counts the events waiting in this process's queues for
their consumers (its backlog), one of the overload signals in
``tandem.consult.load``.

What even this cannot see (a message Redis accepted but lost with a dying
subscriber connection) is covered end to end by the consumers' acknowledgements
(tandem.consult.consumers).
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close
from redis.exceptions import RedisError

# Redis down, restarting, or unreachable: whatever was being sent did not go.
UNREACHABLE: tuple[type[BaseException], ...] = (OSError, RedisError)


class NotHeard(Exception):
    """No process subscribes to the channel: the message reached nobody."""


class _Shard(RedisSingleShardConnection):
    """Publishes in batches: every message sent while the last batch was on its way
    goes in the next, one pipeline and one round trip to Redis (channels-redis
    sends one at a time under a lock: at 500 calls each process waited its turn
    for thousands of round trips a second; docs/performance.md). Each sender
    still waits for its own message's count, so one socket's messages reach
    Redis in the order it sent them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outbox: list[tuple[str, bytes, asyncio.Future[int]]] = []
        self._publishing: asyncio.Task[None] | None = None

    async def publish(self, channel: str, message: bytes) -> int:
        """How many subscribers Redis handed the message to."""
        self._ensure_redis()
        heard: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._outbox.append((channel, message, heard))
        if self._publishing is None or self._publishing.done():
            self._publishing = asyncio.ensure_future(self._publish_batches())
        return await heard

    async def _publish_batches(self) -> None:
        while self._outbox:
            batch, self._outbox = self._outbox, []
            try:
                self._ensure_redis()
                async with self._redis.pipeline(transaction=False) as pipe:
                    for channel, message, _ in batch:
                        pipe.publish(channel, message)
                    counts = await pipe.execute()
            except Exception as error:  # Redis unreachable: each sender hears it
                for _, _, heard in batch:
                    if not heard.done():
                        heard.set_exception(error)
                continue
            except BaseException:
                for _, _, heard in batch:
                    heard.cancel()
                raise
            for (_, _, heard), count in zip(batch, counts, strict=True):
                if not heard.done():
                    heard.set_result(int(count))


class _LoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (channels-redis leaves the shards' type for mypy to infer, which it cannot)
        self._shards = [_Shard(s.host, self) for s in self._shards]  # type: ignore[has-type]
        self.process = uuid.uuid4().hex[:12]

    async def new_channel(self, prefix: str = "specific.") -> str:
        """Named as the list layer names them, '<prefix><process>!<socket>', so the
        log (and the cluster drill) can tell which process a socket is on."""
        channel = f"{self.prefix}{prefix}{self.process}!{uuid.uuid4().hex}"
        await self._subscribe_to_channel(channel)
        return channel

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        shard = self._get_shard(channel)
        if not await shard.publish(channel, self.channel_layer.serialize(message)):
            raise NotHeard(channel)

    def backlog(self) -> int:
        return sum(queue.qsize() for queue in self.channels.values())


class PubSubLayer(RedisPubSubChannelLayer):
    """``RedisPubSubChannelLayer`` whose ``send`` raises ``NotHeard`` when no one
    subscribes to the channel, and which can say how many events wait in this
    process for their consumers."""

    def _get_layer(self) -> _LoopLayer:
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = _LoopLayer(*self._args, **self._kwargs, channel_layer=self)
            self._layers[loop] = layer
            _wrap_close(self, loop)
            return layer

    def backlog(self) -> int:
        """Events received from Redis that this event loop's consumers have not
        handled yet."""
        return self._get_layer().backlog()
