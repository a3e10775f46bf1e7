"""Audited appends a second, and how often running queries wait on a lock,
with the chain head locked on every append (the old path, ADR 0004) and
without it (appends sealed afterwards, ADR 0033), side by side in one run.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_audit``) and runs the migrations;
2. for each round, runs each path for ``--seconds``: ``--concurrency``
   processes (each its own connection) commit transactions as fast as they
   can, each one audit append (``audit.services.record``) followed by
   ``--queries`` small reads, standing in for the rest of a page's work in the
   same transaction. The old path is the pre-ADR-0033 ``record`` reproduced
   here: lock ``ChainHead``, number and hash the row, insert it, move the
   head. On the new path a sealer process runs ``seal()`` once a second;
3. meanwhile samples ``pg_stat_activity`` every 20 ms: of this database's
   active queries, how many wait on a heavyweight lock (``wait_event_type =
   'Lock'``, which the head row's lock shows as);
4. seals what is left, checks the whole chain verifies and every committed
   append is in it;
5. times the sealer alone: ``--backlog`` rows appended at once
   (``record_many``), then sealed; then drops the database.

Figures are printed, never asserted; the chain and counts are checked.

    .venv/bin/python bench/audit_append.py [--concurrency 16] [--seconds 20] [--rounds 2]
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.sharedctypes import Synchronized
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, setup_django  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402

PATHS = ("locked head (old)", "sealed afterwards (new)")


def append_locked() -> None:
    """The append as it was before ADR 0033: the head row locked until commit."""
    from tandem.audit.chain import GENESIS_HASH, HASHED_FIELDS, row_hash
    from tandem.audit.models import Action, ChainHead
    from tandem.audit.services import unsealed

    head, _ = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"seq": 0, "hash": GENESIS_HASH}
    )
    event = unsealed(
        actor=None,
        described=("", "", ""),
        at=now(),
        action=Action.VIEW,
        object_type="bench.Page",
        what="bench",
    )
    event.seq, event.prev_hash = head.seq + 1, head.hash
    event.hash = row_hash({f: getattr(event, f) for f in HASHED_FIELDS})
    event.save(force_insert=True)
    ChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)


def append_unlocked() -> None:
    from tandem.audit.models import Action
    from tandem.audit.services import record

    record(actor=None, action=Action.VIEW, object_type="bench.Page", what="bench")


def now() -> object:
    from django.utils import timezone

    return timezone.now()


def writer(
    locked: bool, seconds: float, queries: int, go: EventType, done: Synchronized[int]
) -> None:
    from django.db import connection, transaction

    append = append_locked if locked else append_unlocked
    connection.ensure_connection()
    committed = 0
    go.wait()
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        with transaction.atomic():
            append()
            with connection.cursor() as cursor:
                for _ in range(queries):
                    cursor.execute("SELECT count(*) FROM people_organisation")
                    cursor.fetchone()
        committed += 1
    connection.close()
    with done.get_lock():
        done.value += committed


def sealer(seconds: float, go: EventType) -> None:
    from django.db import connection

    from tandem.audit.seal import seal

    go.wait()
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        seal()
        time.sleep(1)
    connection.close()


def connected(url: str, name: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    return int(row[0]) if row else 0


@dataclass
class Sampled:
    samples: int = 0
    active: int = 0
    waiting: int = 0


def sample(database_url: str, name: str, until: threading.Event, into: Sampled) -> None:
    query = (
        "SELECT count(*), count(*) FILTER (WHERE wait_event_type = 'Lock') "
        "FROM pg_stat_activity WHERE datname = %s AND state = 'active' "
        "AND pid <> pg_backend_pid()"
    )
    with psycopg.connect(database_url, autocommit=True) as conn:
        while not until.wait(0.02):
            row = conn.execute(query, [name]).fetchone()
            assert row is not None
            into.samples += 1
            into.active += int(row[0])
            into.waiting += int(row[1])


@dataclass
class Result:
    path: str
    appends: int
    seconds: float
    sampled: Sampled

    @property
    def rate(self) -> float:
        return self.appends / self.seconds

    @property
    def waiting_share(self) -> float:
        return self.sampled.waiting / self.sampled.active if self.sampled.active else 0.0


def run_path(
    locked: bool, *, concurrency: int, seconds: float, queries: int, url: str, name: str
) -> Result:
    from django.db import connections

    connections.close_all()  # each forked process opens its own
    context = multiprocessing.get_context("fork")
    done, go = context.Value("q", 0), context.Event()
    processes = [
        context.Process(target=writer, args=(locked, seconds, queries, go, done))
        for _ in range(concurrency)
    ]
    if not locked:
        processes.append(context.Process(target=sealer, args=(seconds, go)))
    for process in processes:
        process.start()
    # Every writer connected before the clock starts.
    while connected(url, name) < concurrency + 1:
        time.sleep(0.05)
    sampled, stop_sampling = Sampled(), threading.Event()
    sampler = threading.Thread(target=sample, args=(url, name, stop_sampling, sampled))
    sampler.start()
    started = time.monotonic()
    go.set()
    for process in processes:
        process.join()
    elapsed = time.monotonic() - started
    stop_sampling.set()
    sampler.join()
    if any(process.exitcode for process in processes):
        raise SystemExit("a writer failed")
    return Result(PATHS[0] if locked else PATHS[1], int(done.value), elapsed, sampled)


def main() -> int:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_audit")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--queries", type=int, default=2)
    parser.add_argument("--backlog", type=int, default=50_000)
    args = parser.parse_args()
    url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(url)
        from tandem.audit.bulk import Entry, record_many
        from tandem.audit.models import Action, AuditEvent
        from tandem.audit.seal import seal, waiting
        from tandem.audit.verify import first_break

        results: list[Result] = []
        for round_ in range(args.rounds):
            for locked in (True, False):
                log(f"round {round_ + 1}: {PATHS[0] if locked else PATHS[1]}")
                results.append(
                    run_path(
                        locked,
                        concurrency=args.concurrency,
                        seconds=args.seconds,
                        queries=args.queries,
                        url=url,
                        name=args.database,
                    )
                )
                log(f"  {results[-1].rate:,.0f} appends/s")
        left = waiting().rows
        started = time.perf_counter()
        sealed = seal()
        sealing = time.perf_counter() - started
        checked, broken = first_break()
        assert broken is None, broken
        assert sealed == left, (sealed, left)
        assert checked == AuditEvent.objects.count() == sum(r.appends for r in results)
        log(f"sealing a backlog of {args.backlog} rows")
        entry = Entry(Action.VIEW, "bench.Page", what="backlog")
        record_many(actor=None, entries=[entry] * args.backlog)
        started = time.perf_counter()
        assert seal() == args.backlog
        backlog = time.perf_counter() - started
        assert first_break() == (checked + args.backlog, None)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(url)}"
        )
        print(
            f"concurrency {args.concurrency}, {args.seconds:g} s a path a round, "
            f"{args.rounds} rounds; each transaction one append and {args.queries} reads"
        )
        medians: dict[str, float] = {}
        for path in PATHS:
            mine = [r for r in results if r.path == path]
            rates = [r.rate for r in mine]
            medians[path] = statistics.median(rates)
            shares = ", ".join(f"{r.waiting_share:.0%}" for r in mine)
            print(
                f"{path}: {', '.join(f'{x:,.0f}' for x in rates)} appends/s "
                f"(median {medians[path]:,.0f}); active queries waiting on a lock: {shares}"
            )
        print(f"new / old: {medians[PATHS[1]] / medians[PATHS[0]]:.2f}")
        print(
            f"left to seal after the last round: {left} rows, sealed in {sealing:.2f} s; "
            f"chain verified: {checked} rows"
        )
        print(
            f"sealer alone: a backlog of {args.backlog:,} rows sealed in {backlog:.1f} s "
            f"({args.backlog / backlog:,.0f} rows/s)"
        )
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
