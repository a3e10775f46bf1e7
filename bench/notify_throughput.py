"""Notifications per second through the outbox to the local fake GOV.UK Notify.

Makes a throwaway PostgreSQL database (``tandem_bench_notify``), queues
synthetic reminders that are due now (through ``queue_message``), then starts
two ``manage.py db_worker`` processes and times how long they take until the
fake has accepted every message, and until every message is recorded as
delivered (one ``check_delivery`` per message). Everything runs on 127.0.0.1
and is stopped, and the database dropped, at the end.

    .venv/bin/python bench/notify_throughput.py --messages 2000 [--rate-limit 3000]

``--rate-limit`` makes the fake answer 429, as Notify does, past that many a
minute (Notify's own limit is 3,000): the outbox must pause and lose nothing.
"""

from __future__ import annotations

import argparse
import sys
import time

from notify_common import (
    count,
    database,
    environment,
    facts,
    free_port,
    log,
    manage,
    queue_reminders,
    start_fake,
    start_worker,
    stats,
    stop,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="tandem_bench_notify")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--rate-limit", type=int, default=None, help="a minute, as Notify's")
    args = parser.parse_args()
    port = free_port()
    people = max(1, args.messages // 10)
    processes = []
    with database(args.database) as url:
        env = environment(url, port, TANDEM_NOTIFY_CHECK_DELAYS="0,5,30")
        log("migrate")
        manage(env, "migrate", "--noinput", "-v", "0")
        found = facts(url)
        try:
            processes.append(start_fake(env, port, rate_limit=args.rate_limit))
            log(f"queueing {people * 10} reminders")
            queued_in = queue_reminders(env, people=people, each=10)
            total = people * 10
            log(f"starting {args.workers} workers")
            started = time.monotonic()
            processes += [start_worker(env) for _ in range(args.workers)]
            accepted_at = delivered_at = None
            while time.monotonic() - started < args.timeout:
                if accepted_at is None and stats(port)["received"] >= total:
                    accepted_at = time.monotonic() - started
                delivered = count(
                    url, "SELECT count(*) FROM notify_message WHERE status='delivered'"
                )
                if delivered >= total:
                    delivered_at = time.monotonic() - started
                    break
                time.sleep(0.25)
            final = stats(port)
            duplicates = final["received"] - final["references"]
        finally:
            for process in processes:
                stop(process)
    print()
    print("## Notify throughput")
    for key, value in found.items():
        print(f"- {key}: {value}")
    print(
        f"- queued {total} reminders in {queued_in:.1f} s ({total / queued_in:.0f}/s, one process)"
    )
    print(f"- workers: {args.workers} x `manage.py db_worker`, PostgreSQL, fake Notify on loopback")
    if accepted_at:
        print(f"- accepted by Notify: {total} in {accepted_at:.1f} s = {total / accepted_at:.0f}/s")
    else:
        print("- accepted by Notify: not all within the time limit")
    if delivered_at:
        print(
            f"- recorded delivered: {total} in {delivered_at:.1f} s = {total / delivered_at:.0f}/s"
        )
    else:
        print("- recorded delivered: not all within the time limit")
    print(f"- references received more than once: {duplicates}")
    if args.rate_limit:
        print(
            f"- fake's limit {args.rate_limit} a minute; sends refused with 429: {final['refused']}"
        )
    return 0 if delivered_at else 1


if __name__ == "__main__":
    sys.exit(main())
