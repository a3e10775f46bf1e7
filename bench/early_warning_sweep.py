"""Time the nightly early-warning sweep over 100,000 people's last 90 days on
PostgreSQL, against a raw-SQL floor.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_sweep``), migrates it and runs ``seed_demo --people
   100000`` (three teams, every person open to one of them; diaries the demo
   already has are kept);
2. bulk-loads diaries in SQL with ``generate_series``: a diary plan shared
   with the team for every open person, two warning signs for half of them,
   a daily diary schedule for 70%, and the last 90 days of entries (each
   person answers on about 80% of days; their own usual mood, sleep and
   anxiety with day-to-day noise; 3% of people with a drop over the last 10
   days) with a rating of each sign; then ``ANALYZE``;
3. times ``tandem.diary.deterioration_sweep.run`` (what ``manage.py check_diaries``
   runs) twice: the first night, which raises alerts (each audited), and a
   second run the same night, which finds every episode already alerted;
4. times the floor: one raw SQL SELECT of the same 90 days of entries and
   sign ratings, every row fetched into Python, and prints both and the
   ratio, then drops the database, even if something failed.

Timings are printed, never asserted.

    .venv/bin/python bench/early_warning_sweep.py [--people 100000] [--keep-db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, setup_django  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402

DAYS = 90
TODAY = dt.date(2026, 11, 22)


def arguments() -> argparse.Namespace:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_sweep")
    parser.add_argument("--people", type=int, default=100_000)
    return parser.parse_args()


def load(people: int) -> dict[str, int]:
    """The synthetic service and its diaries. Returns row counts."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("seed_demo", people=people, verbosity=0)
    log(f"seed_demo --people {people}: {time.perf_counter() - started:.1f} s")
    first = TODAY - dt.timedelta(days=DAYS)
    yesterday = TODAY - dt.timedelta(days=1)
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT min(id) FROM people_user")
        (user,) = cur.fetchone()
        cur.execute(
            """
            INSERT INTO diary_diaryplan (service_user_id, team_id, track_mood, track_sleep,
                track_anxiety, track_medication, watch_high_mood, share_with_team,
                set_up_by_id, set_up_at, updated_at)
            SELECT DISTINCT ON (service_user_id) service_user_id, team_id, true, true, true,
                service_user_id %% 3 = 0, service_user_id %% 7 = 0, true, %s, now(), now()
            FROM people_caseloadentry WHERE closed_on IS NULL
            ORDER BY service_user_id, id
            ON CONFLICT DO NOTHING
            """,
            [user],
        )
        cur.execute(
            """
            INSERT INTO diary_warningsign (plan_id, words, position, added_by_id, added_at)
            SELECT p.id, w.words, w.position, %s, now()
            FROM diary_diaryplan p
            CROSS JOIN (VALUES ('sleeping less than 5 hours', 0),
                               ('feeling people are against me', 1)) AS w(words, position)
            WHERE p.service_user_id %% 2 = 0
            """,
            [user],
        )
        cur.execute(
            """
            INSERT INTO diary_checkinschedule (service_user_id, team_id, kind, frequency,
                weekdays, remind_at, starts_on, agreed_by_id, agreed_at)
            SELECT service_user_id, team_id, 'diary', 'daily', '', '19:00', %s, %s, now()
            FROM diary_diaryplan WHERE service_user_id %% 10 < 7
            """,
            [first, user],
        )
        # Each person's usual comes from their id; noise from random(); 3% drop
        # over the last 10 days.
        cur.execute(
            """
            INSERT INTO diary_diaryentry (service_user_id, day, mood, sleep_hours, anxiety,
                medication_taken, note, note_flag, submitted_by_id, submitted_at, updated_at)
            SELECT p.service_user_id, d::date,
                least(10, greatest(0, round(4 + (p.service_user_id %% 4) + random() * 2 - 1
                    - CASE WHEN p.service_user_id %% 33 = 0 AND d > %s THEN 3 ELSE 0 END))),
                least(24, greatest(0, round((6 + (p.service_user_id %% 5) * 0.5 + random() - 0.5
                    - CASE WHEN p.service_user_id %% 33 = 0 AND d > %s THEN 2.5 ELSE 0 END)
                    * 2) / 2)),
                least(10, greatest(0, round(2 + (p.service_user_id %% 5) + random() * 2 - 1))),
                CASE WHEN p.track_medication THEN random() < 0.95 END,
                '', '[]'::jsonb, %s, now(), now()
            FROM diary_diaryplan p
            CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d
            WHERE random() < 0.8
            ON CONFLICT DO NOTHING
            """,
            [yesterday - dt.timedelta(days=10)] * 2 + [user, first, yesterday],
        )
        cur.execute(
            """
            INSERT INTO diary_signrating (entry_id, sign_id, rating)
            SELECT e.id, s.id,
                least(4, (random() * 1.6)::int
                    + CASE WHEN e.service_user_id %% 33 = 0 AND e.day > %s THEN 3 ELSE 0 END)
            FROM diary_diaryentry e
            JOIN diary_diaryplan p ON p.service_user_id = e.service_user_id
            JOIN diary_warningsign s ON s.plan_id = p.id
            ON CONFLICT DO NOTHING
            """,
            [yesterday - dt.timedelta(days=10)],
        )
        cur.execute("ANALYZE")
        counts = {}
        for table in (
            "diary_diaryplan",
            "diary_warningsign",
            "diary_checkinschedule",
            "diary_diaryentry",
            "diary_signrating",
        ):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            counts[table] = cur.fetchone()[0]
    log(f"diaries loaded in {time.perf_counter() - started:.1f} s: {counts}")
    return counts


def floor() -> tuple[float, int]:
    """One raw SELECT of the same rows the sweep reads, every row fetched."""
    from django.db import connection

    first = TODAY - dt.timedelta(days=DAYS)
    yesterday = TODAY - dt.timedelta(days=1)
    started = time.perf_counter()
    rows = 0
    with connection.cursor() as cur:
        cur.execute(
            "SELECT service_user_id, day, mood, sleep_hours, anxiety, medication_taken "
            "FROM diary_diaryentry WHERE day BETWEEN %s AND %s ORDER BY service_user_id, day",
            [first, yesterday],
        )
        rows += len(cur.fetchall())
        cur.execute(
            "SELECT r.sign_id, e.day, r.rating FROM diary_signrating r "
            "JOIN diary_diaryentry e ON e.id = r.entry_id "
            "WHERE e.day BETWEEN %s AND %s ORDER BY e.service_user_id, e.day",
            [first, yesterday],
        )
        rows += len(cur.fetchall())
    return time.perf_counter() - started, rows


def main() -> int:
    args = arguments()
    database_url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        counts = load(args.people)
        from tandem.audit import context
        from tandem.diary import deterioration_sweep as sweep

        token = context.begin()
        try:
            log("first night")
            started = time.perf_counter()
            first = sweep.run(today=TODAY)
            first_s = time.perf_counter() - started
            log("again, nothing new")
            started = time.perf_counter()
            again = sweep.run(today=TODAY)
            again_s = time.perf_counter() - started
        finally:
            context.end(token)
        floors = [floor() for _ in range(3)]
        floor_s = min(s for s, _ in floors)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(
            f"{counts['diary_diaryplan']:,} shared diaries, {counts['diary_diaryentry']:,} entries "
            f"and {counts['diary_signrating']:,} sign ratings in the last {DAYS} days; "
            f"{counts['diary_checkinschedule']:,} daily schedules"
        )
        print(f"{'what':<58} {'seconds':>8} {'vs floor':>9}")
        for label, seconds in (
            (f"sweep, first night ({first.alerts:,} alerts raised)", first_s),
            (f"sweep, again the same night ({again.alerts} raised)", again_s),
            (f"floor: raw SELECT of the same rows ({floors[0][1]:,} rows, best of 3)", floor_s),
        ):
            print(f"{label:<58} {seconds:8.1f} {seconds / floor_s:9.1f}")
        print(str(first))
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
