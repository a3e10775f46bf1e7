"""Capacity of the video call signalling server: concurrent calls and message
latency, with one app process (in-memory channel layer) and with two app
processes sharing calls over Redis.

What it does:

1. drops and re-creates a throwaway PostgreSQL database (``tandem_bench_consult``),
   migrates it, and makes the largest number of calls asked for (each with its
   own clinician and service user, both admitted; bench/consult_common.py);
2. starts the app as production runs it (uvicorn, production settings) either
   as one process, or as two processes on two ports with ``TANDEM_REDIS_URL``
   set, so the clinician's socket is on one process and the person's on the
   other and every message crosses Redis;
3. for each step (say 25, 50, 100, 200 calls at once): opens both sockets of
   every call, then has each clinician send an ``offer`` to their person ten
   times a second (about the rate of a call's ICE candidates at set-up) for
   the measured seconds; the person's socket records when each arrives;
4. prints, per step: sockets opened, messages sent and received, and the
   median, 95th and 99th percentile latency from send to receipt (both
   sockets are in this one client process, so one clock).

Timings are printed, never asserted. The client, the app, Redis and
PostgreSQL share one machine; read the numbers as a floor-relative guide.

    .venv/bin/python bench/consult_signalling.py [--steps 25,50,100,200] [--seconds 10]
        [--mode one,two] [--redis redis://127.0.0.1:6379/7]
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from consult_common import Call, make_calls  # noqa: E402
from in_process import log, parser, percentile, setup_django  # noqa: E402
from run import (  # noqa: E402
    drop_database,
    environment,
    free_port,
    recreate_database,
    server,
    wait_until_up,
)

RATE_PER_CALL = 10  # offers a second from each clinician
# How long after the last send a receiver keeps listening; later messages count as lost.
GRACE_SECONDS = 15


def arguments() -> object:
    found = parser(__doc__.splitlines()[0], database="tandem_bench_consult")
    found.add_argument("--steps", default="25,50,100,200")
    found.add_argument("--seconds", type=float, default=10.0)
    found.add_argument("--mode", default="one,two")
    found.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    return found.parse_args()


@contextmanager
def app(database_url: str, processes: int, redis_url: str) -> Iterator[list[int]]:
    """Ports of ``processes`` uvicorn app processes (one worker each)."""
    with tempfile.TemporaryDirectory() as var_dir, ExitStack() as stack:
        env = environment(database_url, Path(var_dir))
        env["TANDEM_ALLOWED_HOSTS"] = "127.0.0.1"
        # The sessions were made here: the app must sign them with the same key.
        env["TANDEM_SECRET_KEY"] = os.environ["TANDEM_SECRET_KEY"]
        if processes > 1:
            env["TANDEM_REDIS_URL"] = redis_url
        else:
            env.pop("TANDEM_REDIS_URL", None)
        ports = []
        for _ in range(processes):
            port = free_port()
            process = stack.enter_context(server(env, port, 1))
            wait_until_up(process, port)
            ports.append(port)
        yield ports


async def open_socket(port: int, call: Call, cookie: str) -> object:
    from websockets.asyncio.client import connect

    socket = await connect(
        f"ws://127.0.0.1:{port}/ws/video/{call.appointment}/",
        additional_headers={"Cookie": cookie},
        origin="http://127.0.0.1",  # type: ignore[arg-type]
        max_size=2**20,
        open_timeout=60,
    )
    welcome = json.loads(await socket.recv())
    assert welcome["type"] == "welcome", welcome
    return socket


async def step(ports: list[int], calls: list[Call], seconds: float) -> dict[str, object]:
    started = time.perf_counter()
    clinicians = await asyncio.gather(
        *(open_socket(ports[0], c, c.clinician_cookie) for c in calls)
    )
    people = await asyncio.gather(*(open_socket(ports[-1], c, c.person_cookie) for c in calls))
    opened = time.perf_counter() - started
    latencies: list[float] = []
    sent = 0
    stop_at = time.perf_counter() + seconds

    async def send(socket: object, call: Call) -> None:
        nonlocal sent
        interval = 1 / RATE_PER_CALL
        next_at = time.perf_counter() + secrets.randbelow(100) / 1000
        while next_at < stop_at:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            message = {
                "type": "offer",
                "to": call.person_participant,
                "data": {"sdp": "v=0 synthetic", "t": time.perf_counter()},
            }
            await socket.send(json.dumps(message))  # type: ignore[attr-defined]
            sent += 1
            next_at += interval

    async def receive(socket: object) -> None:
        while True:
            try:
                raw = await asyncio.wait_for(
                    socket.recv(),  # type: ignore[attr-defined]
                    timeout=max(0.5, stop_at - time.perf_counter() + GRACE_SECONDS),
                )
            except TimeoutError:
                return
            message = json.loads(raw)
            if message.get("type") == "offer":
                latencies.append(time.perf_counter() - message["data"]["t"])

    await asyncio.gather(
        *(send(s, c) for s, c in zip(clinicians, calls, strict=True)),
        *(receive(s) for s in people),
    )
    for socket in [*clinicians, *people]:
        await socket.close()  # type: ignore[attr-defined]
    return {
        "calls": len(calls),
        "sockets": 2 * len(calls),
        "open_seconds": round(opened, 2),
        "sent": sent,
        "received": len(latencies),
        "p50_ms": round(1000 * percentile(latencies, 0.5), 1) if latencies else None,
        "p95_ms": round(1000 * percentile(latencies, 0.95), 1) if latencies else None,
        "p99_ms": round(1000 * percentile(latencies, 0.99), 1) if latencies else None,
    }


def main() -> int:
    args = arguments()
    steps = [int(s) for s in args.steps.split(",")]  # type: ignore[attr-defined]
    modes = args.mode.split(",")  # type: ignore[attr-defined]
    database_url = f"{args.server_url}/{args.database}"  # type: ignore[attr-defined]
    recreate_database(args.server_url, args.database)  # type: ignore[attr-defined]
    try:
        setup_django(database_url)
        log(f"making {max(steps)} calls")
        calls = make_calls(max(steps))
        results = []
        for mode in modes:
            processes = 2 if mode == "two" else 1
            with app(database_url, processes, args.redis) as ports:  # type: ignore[attr-defined]
                for count in steps:
                    log(f"{mode} process(es): {count} calls")
                    result = asyncio.run(step(ports, calls[:count], args.seconds))  # type: ignore[attr-defined]
                    result["mode"] = (
                        "one process, in-memory layer"
                        if processes == 1
                        else "two processes, Redis layer"
                    )
                    results.append(result)
                    print(json.dumps(result), flush=True)
        print(
            json.dumps(
                {
                    "machine": f"{os.cpu_count()} cores, {platform.platform()}",
                    "python": platform.python_version(),
                    "rate_per_call": RATE_PER_CALL,
                    "seconds": args.seconds,  # type: ignore[attr-defined]
                }
            )
        )
    finally:
        if not args.keep_db:  # type: ignore[attr-defined]
            drop_database(args.server_url, args.database)  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
