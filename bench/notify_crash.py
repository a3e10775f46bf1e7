"""Kill a worker mid-batch: every reminder still arrives exactly once.

Makes a throwaway PostgreSQL database (``tandem_bench_notify``), queues
10,000 reminders due now, starts two ``db_worker`` processes, ``kill -9``s one
of them part-way through, starts a replacement, and waits. A killed worker
leaves its current task 'running' for ever and its message 'sending' under a
lease, so once the lease (5 s here) has run out the sweep
(``manage.py send_due_messages``, run from cron in production) recovers it:
it asks the fake Notify by reference and sends only if Notify never got it.
Then it counts, per reference, how many notifications the fake received.
Everything runs on 127.0.0.1 and is stopped, and the database dropped, at the end.

    .venv/bin/python bench/notify_crash.py --messages 10000
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections import Counter

from notify_common import (
    count,
    database,
    environment,
    facts,
    free_port,
    log,
    manage,
    queue_reminders,
    received,
    start_fake,
    start_worker,
    stop,
)

LEASE = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--kill-after", type=float, default=0.3, help="share sent before kill -9")
    parser.add_argument("--database", default="tandem_bench_notify")
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument(
        "--reply-delay",
        type=float,
        default=0.0,
        help="the fake answers this long after storing, so a kill can land mid-send",
    )
    args = parser.parse_args()
    port = free_port()
    people = max(1, args.messages // 10)
    total = people * 10
    processes = []
    with database(args.database) as url:
        # Delivery checks are left for later: this is about sending exactly once.
        env = environment(
            url,
            port,
            TANDEM_NOTIFY_LEASE_SECONDS=str(LEASE),
            TANDEM_NOTIFY_CHECK_DELAYS="86400",
        )
        log("migrate")
        manage(env, "migrate", "--noinput", "-v", "0")
        found = facts(url)
        try:
            processes.append(start_fake(env, port, reply_delay=args.reply_delay))
            log(f"queueing {total} reminders")
            queued_in = queue_reminders(env, people=people, each=10)
            started = time.monotonic()
            victim, survivor = start_worker(env), start_worker(env)
            processes += [victim, survivor]
            while len(received(port)) < total * args.kill_after:
                time.sleep(0.05)
            at_kill = len(received(port))
            log(f"kill -9 one worker after {at_kill} sent")
            stop(victim, signal.SIGKILL)
            in_flight = count(url, "SELECT count(*) FROM notify_message WHERE status='sending'")
            replacement = start_worker(env)
            processes.append(replacement)
            queued_sql = "SELECT count(*) FROM notify_message WHERE status IN ('queued','sending')"
            while time.monotonic() - started < args.timeout:
                if count(url, queued_sql) <= in_flight:
                    break
                time.sleep(0.5)
            stuck = count(url, "SELECT count(*) FROM notify_message WHERE status='sending'")
            log(f"{stuck} message(s) left 'sending' by the killed worker; waiting for the lease")
            time.sleep(LEASE + 1)
            sweep = manage(env, "send_due_messages").strip()
            elapsed = time.monotonic() - started
            per_reference = Counter(str(n["reference"]) for n in received(port))
            sent = count(url, "SELECT count(*) FROM notify_message WHERE status='sent'")
            recovered = count(
                url,
                "SELECT count(*) FROM notify_messageevent WHERE reason LIKE '%not sent again%'",
            )
            tasks_stuck = count(
                url,
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status='RUNNING'",
            )
        finally:
            for process in processes:
                stop(process)
    expected = {f"appointment:{n}:{k}:reminder" for n in range(people) for k in range(10)}
    missing = expected - set(per_reference)
    twice = {ref: c for ref, c in per_reference.items() if c > 1}
    print()
    print("## Notify crash recovery")
    for key, value in found.items():
        print(f"- {key}: {value}")
    print(f"- queued {total} reminders in {queued_in:.1f} s")
    print(f"- killed one of two workers (kill -9) after {at_kill} had been sent; started another")
    print(f"- left 'sending' by the killed worker: {stuck}; sweep: {sweep or 'nothing due'}")
    print(f"- of those, found at Notify by reference and not resent: {recovered}")
    print(f"- django-tasks rows left RUNNING by the killed worker: {tasks_stuck}")
    print(f"- all done in {elapsed:.1f} s; messages marked sent: {sent}")
    print(f"- references at the fake: {len(per_reference)} of {total} expected")
    print(f"- missing: {len(missing)}; received more than once: {len(twice)}")
    exactly_once = not missing and not twice and sent == total
    print(f"- every reminder delivered exactly once: {'yes' if exactly_once else 'NO'}")
    return 0 if exactly_once else 1


if __name__ == "__main__":
    sys.exit(main())
