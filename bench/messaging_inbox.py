"""Time the team inbox with 50,000 threads, against a raw-SQL floor.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database (``tandem_bench_msgs``)
   and runs the migrations (the messaging indexes come from them);
2. builds, with ``bulk_create``, one team of 40 clinicians with 50,000
   threads (about 6% awaiting a reply, over a spread of ages so some are past
   the reply time; 2% needing follow-up; 1 in 4 handed to someone) and a
   second team with 10,000 threads, so the first is not the whole table;
3. times, through ``tandem.messaging.queries.inbox`` (what the inbox page
   calls), the first page of each filter on its own, each filter with the
   page's four counts, and page 20 of 'All'; and the floor: one raw SQL
   SELECT of the first page of the team's threads, newest first;
4. prints the median and 95th percentile of each over repeated runs, then
   drops the database, even if something failed.

Timings are printed, never asserted.

    .venv/bin/python bench/messaging_inbox.py [--runs 50] [--keep-db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, percentile, setup_django, size  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402

THREADS = size(50_000, 30)
OTHER_TEAM_THREADS = size(10_000, 10)
CLINICIANS = size(40, 2)
PEOPLE = size(8_000, 20)


def arguments() -> argparse.Namespace:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_msgs")
    parser.add_argument("--runs", type=int, default=50)
    return parser.parse_args()


def build(rng: random.Random) -> tuple[object, object]:
    """Two teams, their staff and people, and their threads. Returns team and a clinician."""
    from django.db import connection
    from django.utils import timezone

    from tandem.messaging.models import Thread
    from tandem.people.models import (
        CareTeam,
        CaseloadEntry,
        Organisation,
        ServiceUser,
        StaffMember,
        TeamMembership,
        User,
    )

    org = Organisation.objects.create(name="Synthetic Bench Trust")
    team = CareTeam.objects.create(organisation=org, name="Bench Team", slug="bench")
    other = CareTeam.objects.create(organisation=org, name="Other Bench Team", slug="bench-2")
    users = User.objects.bulk_create(
        User(email=f"bench.clinician{n}@example.org", full_name=f"Clinician {n:02d}")
        for n in range(CLINICIANS)
    )
    staff = StaffMember.objects.bulk_create(
        StaffMember(user=u, professional_role="nurse") for u in users
    )
    TeamMembership.objects.bulk_create(TeamMembership(staff=s, team=team) for s in staff)
    people_users = User.objects.bulk_create(
        (
            User(email=f"bench.person{n}@example.org", full_name=f"Person {n}")
            for n in range(PEOPLE)
        ),
        batch_size=5000,
    )
    people = ServiceUser.objects.bulk_create(
        (
            ServiceUser(
                user=u,
                given_name=f"Person{n}",
                family_name="Bench",
                date_of_birth=dt.date(1980, 1, 1),
            )
            for n, u in enumerate(people_users)
        ),
        batch_size=5000,
    )
    CaseloadEntry.objects.bulk_create(
        (
            CaseloadEntry(service_user=p, team=team if n % 6 else other)
            for n, p in enumerate(people)
        ),
        batch_size=5000,
    )
    now = timezone.now()
    rows = []
    for n in range(THREADS + OTHER_TEAM_THREADS):
        person = people[n % PEOPLE]
        last = now - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        awaiting = last if rng.random() < 0.06 else None
        if awaiting is not None:
            # Recent ones mostly: a few days to a few weeks old.
            awaiting = now - dt.timedelta(hours=rng.randrange(1, 24 * 21))
            last = awaiting
        rows.append(
            Thread(
                team=team if n < THREADS else other,
                service_user=person,
                subject=f"Synthetic question {n}",
                started_by=people_users[n % PEOPLE],
                created_at=last - dt.timedelta(days=rng.randrange(30)),
                last_message_at=last,
                awaiting_reply_since=awaiting,
                needs_follow_up=rng.random() < 0.02,
                follow_up_note="Synthetic follow-up",
                assigned_to=rng.choice(staff) if rng.random() < 0.25 else None,
            )
        )
    Thread.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"built {THREADS} threads in one team, {OTHER_TEAM_THREADS} in another")
    return team, users[0]


FLOOR_SQL = """
SELECT t.id, t.subject, t.last_message_at, t.awaiting_reply_since, s.given_name, s.family_name
FROM messaging_thread t JOIN people_serviceuser s ON s.id = t.service_user_id
WHERE t.team_id = %s
ORDER BY t.last_message_at DESC, t.id DESC
LIMIT 26
"""


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    for _ in range(3):  # warm caches and the planner
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, percentile(times, 0.95) * 1000


def measure(team: object, user: object, runs: int) -> list[tuple[str, float, float, int]]:
    from django.db import connection

    from tandem.messaging import queries

    results = []

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [team.pk])  # type: ignore[attr-defined]
            return len(cursor.fetchall())

    median, p95 = timed(floor, runs)
    results.append(("floor: raw SQL, one page newest first", median, p95, floor()))
    for show in queries.FILTERS:
        for counts in (False, True):

            def page(show: str = show, counts: bool = counts) -> int:
                found = queries.inbox(user, show=show, with_counts=counts)  # type: ignore[arg-type]
                return len(found.threads)

            label = f"inbox '{show}', page 1{' + 4 counts (the page)' if counts else ''}"
            median, p95 = timed(page, runs)
            results.append((label, median, p95, page()))

    def deep() -> int:
        return len(queries.inbox(user, show="all", page=20, with_counts=False).threads)  # type: ignore[arg-type]

    median, p95 = timed(deep, runs)
    results.append(("inbox 'all', page 20", median, p95, deep()))
    return results


def main() -> int:
    args = arguments()
    database_url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        started = time.perf_counter()
        team, user = build(random.Random(6))
        log(f"seeded in {time.perf_counter() - started:.1f} s")
        results = measure(team, user, args.runs)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(
            f"inbox: {THREADS} threads in the team ({OTHER_TEAM_THREADS} in another); "
            f"runs: {args.runs}"
        )
        print(f"{'what':<52} {'p50 ms':>8} {'p95 ms':>8} {'rows':>5}")
        for label, median, p95, rows in results:
            print(f"{label:<52} {median:8.1f} {p95:8.1f} {rows:5d}")
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
