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
3. for each step (say 50, 200, 500 calls at once): opens both sockets of
   every call (a socket told ``busy`` counts as a call refused), then plays a
   call's real traffic for the measured seconds: each call starts at a random
   moment in the first five seconds with its set-up burst (the clinician's
   offer and the person's answer, each followed by ``--candidates`` ICE
   candidates), then each person sends a quality report every five seconds;
   the other socket records when each arrives;
4. prints, per step: sockets opened, calls refused, set-up messages sent,
   received and handed back ``not-delivered`` (none may simply vanish; each
   carries its own number, so one that arrived late after it was handed back
   is counted once, as ``late_and_handed_back``), quality reports sent and
   received (these may be shed under overload), the median, 95th and 99th
   percentile latency from send to receipt (both sockets are in this one
   client process, so one clock), the CPU per message of the app processes, of
   this client itself and of Redis (all share the machine: the client's cost is
   not the server's), and the load average.

``--layer lists,pubsub`` runs the two-process steps on each Redis layer in turn,
side by side in one run (ADR 0077).

Timings are printed, never asserted. The client, the app, Redis and
PostgreSQL share one machine; read the numbers as a floor-relative guide.

    .venv/bin/python bench/consult_signalling.py [--steps 50,200,500] [--seconds 20]
        [--mode one,two] [--layer lists,pubsub] [--redis redis://127.0.0.1:6379/7]
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import resource
import secrets
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
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
    session_cpu_seconds,
    wait_until_up,
)
from websockets.exceptions import ConnectionClosed  # noqa: E402

QUALITY_EVERY = 5.0  # seconds between one person's quality reports
OPENING = 50  # socket handshakes in flight at once
SETUP = frozenset({"offer", "answer", "candidate"})
# How long after the last send a receiver keeps listening; later messages count as lost.
GRACE_SECONDS = 15


def arguments() -> object:
    found = parser(__doc__.splitlines()[0], database="tandem_bench_consult")
    found.add_argument("--steps", default="50,200,500")
    found.add_argument("--seconds", type=float, default=20.0)
    found.add_argument("--candidates", type=int, default=10)
    found.add_argument("--mode", default="one,two")
    found.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    found.add_argument(
        "--layer",
        default="pubsub",
        help="for two processes: lists, pubsub, or both as lists,pubsub",
    )
    return found.parse_args()


@contextmanager
def app(
    database_url: str, processes: int, redis_url: str, layer: str
) -> Iterator[list[tuple[int, int]]]:
    """Ports and process ids of ``processes`` uvicorn app processes (one worker each)."""
    with tempfile.TemporaryDirectory() as var_dir, ExitStack() as stack:
        env = environment(database_url, Path(var_dir))
        env["TANDEM_ALLOWED_HOSTS"] = "127.0.0.1"
        # The sessions were made here: the app must sign them with the same key.
        env["TANDEM_SECRET_KEY"] = os.environ["TANDEM_SECRET_KEY"]
        if processes > 1:
            env["TANDEM_REDIS_URL"] = redis_url
            env["TANDEM_CHANNEL_LAYER"] = layer
        else:
            env.pop("TANDEM_REDIS_URL", None)
        ports = []
        for _ in range(processes):
            port = free_port()
            process = stack.enter_context(server(env, port, 1))
            wait_until_up(process, port)
            ports.append((port, process.pid))
        yield ports


async def open_socket(port: int, call: Call, cookie: str) -> object | None:
    """The socket, welcomed into the call; None if the server said it was busy."""
    from websockets.asyncio.client import connect

    socket = await connect(
        f"ws://127.0.0.1:{port}/ws/video/{call.appointment}/",
        additional_headers={"Cookie": cookie},
        origin="http://127.0.0.1",  # type: ignore[arg-type]
        max_size=2**20,
        open_timeout=60,
    )
    first = json.loads(await socket.recv())
    if first["type"] == "busy":
        await socket.close()
        return None
    assert first["type"] == "welcome", first
    return socket


def _ms(values: list[float], share: float) -> float | None:
    return round(1000 * percentile(values, share), 1) if values else None


def _own_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _redis_cpu(redis_url: str) -> float:
    """Redis's own CPU seconds so far (shared with anything else using it)."""
    import redis

    with suppress(redis.RedisError):
        info = redis.Redis.from_url(redis_url).info("cpu")
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
    return 0.0


async def step(
    servers: list[tuple[int, int]],
    calls: list[Call],
    seconds: float,
    candidates: int,
    redis_url: str,
) -> dict[str, object]:
    ports = [port for port, _ in servers]
    pids = [pid for _, pid in servers]
    cpu_before = sum(session_cpu_seconds(pid) for pid in pids)
    client_before = _own_cpu()
    redis_before = _redis_cpu(redis_url)
    started = time.perf_counter()
    # At most OPENING handshakes at once: calls do not all start in the same
    # second, and 1,000 at once time out on two shared cores (6 December run).
    opening = asyncio.Semaphore(OPENING)

    async def opened_socket(port: int, call: Call, cookie: str) -> object | None:
        async with opening:
            return await open_socket(port, call, cookie)

    clinicians = await asyncio.gather(
        *(opened_socket(ports[0], c, c.clinician_cookie) for c in calls)
    )
    people = await asyncio.gather(*(opened_socket(ports[-1], c, c.person_cookie) for c in calls))
    opened = time.perf_counter() - started
    # From here on only the traffic: the handshakes' CPU (sessions and calls read
    # from PostgreSQL) is counted apart from the messages'.
    cpu_opened = sum(session_cpu_seconds(pid) for pid in pids)
    client_opened = _own_cpu()
    sent: Counter[str] = Counter()
    arrived: dict[str, list[float]] = {"setup": [], "quality": []}
    numbers = iter(range(10**9))
    arrived_setup: set[int] = set()  # the numbers of set-up messages that arrived
    handed_back: set[int] = set()  # and of those handed back not-delivered
    stop_at = time.perf_counter() + seconds
    closed: list[int] = []  # sockets the server closed during the traffic

    async def send(socket: object, kind: str, to: int) -> None:
        data = {"t": time.perf_counter(), "n": next(numbers), "sdp": "v=0"}
        message = {"type": kind, "to": to, "data": data, "id": str(data["n"])}
        if kind == "quality":
            message = {"type": kind, "data": {"loss": 0.5, "rtt": 40, "at": time.perf_counter()}}
        await socket.send(json.dumps(message))  # type: ignore[attr-defined]
        sent["quality" if kind == "quality" else "setup"] += 1

    async def play(socket: object, to: int, first: str, reports: bool) -> None:
        await asyncio.sleep(secrets.randbelow(5000) / 1000)
        with suppress(ConnectionClosed):  # counted by receive
            await send(socket, first, to)
            for _ in range(candidates):
                await send(socket, "candidate", to)
            while reports and time.perf_counter() + QUALITY_EVERY < stop_at:
                await asyncio.sleep(QUALITY_EVERY)
                await send(socket, "quality", to)

    async def receive(socket: object) -> None:
        while True:
            try:
                raw = await asyncio.wait_for(
                    socket.recv(),  # type: ignore[attr-defined]
                    timeout=max(0.5, stop_at - time.perf_counter() + GRACE_SECONDS),
                )
            except TimeoutError:
                return
            except ConnectionClosed:
                # The server closed it (a crashed consumer): what was in flight to
                # or from it counts as lost unless it was handed back.
                closed.append(1)
                return
            message = json.loads(raw)
            kind = message.get("type")
            if kind in SETUP or kind == "quality":
                sent_at = message["data"]["t" if kind in SETUP else "at"]
                if kind in SETUP and message["data"]["n"] in arrived_setup:
                    continue  # a copy: the server passes each on once
                arrived["quality" if kind == "quality" else "setup"].append(
                    time.perf_counter() - sent_at
                )
                if kind in SETUP:
                    arrived_setup.add(message["data"]["n"])
            elif kind == "error" and message.get("code") == "not-delivered":
                handed_back.add(message["data"]["n"])

    both = [
        (c, p, call)
        for c, p, call in zip(clinicians, people, calls, strict=True)
        if c is not None and p is not None
    ]
    await asyncio.gather(
        *(play(c, call.person_participant, "offer", False) for c, _, call in both),
        *(play(p, call.clinician_participant, "answer", True) for _, p, call in both),
        *(receive(s) for c, p, _ in both for s in (c, p)),
    )
    for socket in [*clinicians, *people]:
        if socket is not None:
            with suppress(ConnectionClosed):
                await socket.close()  # type: ignore[attr-defined]
    cpu = sum(session_cpu_seconds(pid) for pid in pids) - cpu_before
    client_cpu = _own_cpu() - client_before
    redis_cpu = _redis_cpu(redis_url) - redis_before
    setup, quality = arrived["setup"], arrived["quality"]
    everything = setup + quality
    return {
        "calls": len(calls),
        "sockets": sum(s is not None for s in [*clinicians, *people]),
        "refused_busy": len(calls) - len(both),
        "open_seconds": round(opened, 2),
        "setup_sent": sent["setup"],
        "setup_received": len(setup),
        "setup_handed_back": len(handed_back),
        "late_and_handed_back": len(arrived_setup & handed_back),
        "setup_lost": sent["setup"] - len(arrived_setup | handed_back),
        "quality_sent": sent["quality"],
        "quality_received": len(quality),
        "p50_ms": _ms(everything, 0.5),
        "p95_ms": _ms(everything, 0.95),
        "p99_ms": _ms(everything, 0.99),
        "setup_p95_ms": _ms(setup, 0.95),
        "sockets_closed_by_server": len(closed),
        # The app processes' CPU (both, with Redis's share not counted) per message
        # that arrived, over the whole step: handshakes and traffic.
        "app_cpu_ms_per_message": round(1000 * cpu / max(1, len(everything)), 2),
        # The same, counting only the traffic (after every socket was open).
        "app_traffic_cpu_ms_per_message": round(
            1000 * (cpu_before + cpu - cpu_opened) / max(1, len(everything)), 2
        ),
        "app_cpu_ms_per_socket_opened": round(
            1000
            * (cpu_opened - cpu_before)
            / max(1, sum(s is not None for s in [*clinicians, *people])),
            2,
        ),
        # This client (opening sockets, sending, receiving, JSON) and Redis, the same way.
        "client_cpu_ms_per_message": round(1000 * client_cpu / max(1, len(everything)), 2),
        "client_traffic_cpu_ms_per_message": round(
            1000 * (client_before + client_cpu - client_opened) / max(1, len(everything)), 2
        ),
        "redis_cpu_ms_per_message": round(1000 * redis_cpu / max(1, len(everything)), 2),
        "load_average": round(os.getloadavg()[0], 1),
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
        layers = args.layer.split(",")  # type: ignore[attr-defined]
        runs = [("one", "memory")] if "one" in modes else []
        runs += [("two", layer) for layer in layers] if "two" in modes else []
        for mode, layer in runs:
            processes = 2 if mode == "two" else 1
            with app(database_url, processes, args.redis, layer) as servers:  # type: ignore[attr-defined]
                for count in steps:
                    log(f"{mode} process(es), {layer}: {count} calls")
                    result = asyncio.run(
                        step(
                            servers,
                            calls[:count],
                            args.seconds,  # type: ignore[attr-defined]
                            args.candidates,  # type: ignore[attr-defined]
                            args.redis,  # type: ignore[attr-defined]
                        )
                    )
                    result["mode"] = (
                        "one process, in-memory layer"
                        if processes == 1
                        else f"two processes, Redis layer ({layer})"
                    )
                    print(json.dumps(result), flush=True)
        print(
            json.dumps(
                {
                    "machine": f"{os.cpu_count()} cores, {platform.platform()}",
                    "python": platform.python_version(),
                    "candidates": args.candidates,  # type: ignore[attr-defined]
                    "quality_every_seconds": QUALITY_EVERY,
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
