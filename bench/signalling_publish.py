"""The signalling layer's publishing alone, channels-redis's way against Tandem's
(ADR 0082): how fast one process can hand messages to Redis, and at what CPU.

``--senders`` sockets each send ``--messages`` messages one after another (a
socket waits for each message's count before sending its next, as the
consumer does); all senders run at once in one event loop, as a process's
sockets do. Two ways, in alternating rounds so a noisy machine hurts both
alike:

- ``one at a time``: channels-redis 4.3's ``RedisSingleShardConnection.publish``,
  one PUBLISH and one round trip per message, under the connection's lock;
- ``batched``: ``tandem.consult.pubsub._Shard``, every message sent while the
  last batch was on its way goes in the next pipeline.

Printed per way: messages a second, this process's CPU per message (client
side of the publish: what an app process pays), Redis's CPU per message
(Redis is shared: read it as a guide), and the load average. Nobody
subscribes to the channels, so Redis's work per PUBLISH is the least it can be.

    PYTHONPATH=$PWD .venv/bin/python bench/signalling_publish.py [--senders 500]
        [--messages 20] [--rounds 3] [--redis redis://127.0.0.1:6379/7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _redis_cpu(url: str) -> float:
    import redis

    info = redis.Redis.from_url(url).info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


async def _round(shard: Any, senders: int, messages: int) -> tuple[float, float]:
    """Wall seconds and this process's CPU seconds for one round."""
    body = json.dumps({"type": "signal.relay", "data": "v=0 " + "x" * 200}).encode()

    async def socket(n: int) -> None:
        for m in range(messages):
            await shard.publish(f"bench.publish.{n}", body + str(m).encode())

    cpu, started = _cpu(), time.perf_counter()
    await asyncio.gather(*(socket(n) for n in range(senders)))
    return time.perf_counter() - started, _cpu() - cpu


async def measure(url: str, senders: int, messages: int, rounds: int) -> list[dict[str, Any]]:
    from channels_redis.pubsub import RedisSingleShardConnection

    from tandem.consult.pubsub import _Shard

    ways = {
        "one at a time": RedisSingleShardConnection({"address": url}, None),
        "batched": _Shard({"address": url}, None),
    }
    totals = {name: [0.0, 0.0, 0.0] for name in ways}
    for shard in ways.values():
        await _round(shard, 2, 2)  # connect before timing
    for _ in range(rounds):
        for name, shard in ways.items():
            redis_before = _redis_cpu(url)
            wall, cpu = await _round(shard, senders, messages)
            totals[name][0] += wall
            totals[name][1] += cpu
            totals[name][2] += _redis_cpu(url) - redis_before
    for shard in ways.values():
        await shard.flush()
    count = senders * messages * rounds
    return [
        {
            "way": name,
            "messages": count,
            "messages_per_second": round(count / wall),
            "process_cpu_us_per_message": round(1e6 * cpu / count, 1),
            "redis_cpu_us_per_message": round(1e6 * redis / count, 1),
        }
        for name, (wall, cpu, redis) in totals.items()
    ]


def main() -> int:
    found = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    found.add_argument("--senders", type=int, default=500)
    found.add_argument("--messages", type=int, default=20)
    found.add_argument("--rounds", type=int, default=3)
    found.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    args = found.parse_args()
    for row in asyncio.run(measure(args.redis, args.senders, args.messages, args.rounds)):
        print(json.dumps(row | {"load_average": round(os.getloadavg()[0], 1)}), flush=True)
    print(json.dumps({"machine": f"{os.cpu_count()} cores, {platform.platform()}"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
