"""Bookings per second through ``services.book`` on PostgreSQL, from concurrent workers.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_booking``) and runs the migrations;
2. builds a team with one clinician per worker, people open to the team (each
   with email as their agreed channel, so every booking queues real messages)
   and a 30-minute appointment type;
3. distinct slots: N worker threads, each with its own database connection,
   book their own clinician's diary for their own people as fast as they can
   (every booking audited, with its confirmation and reminders queued in the
   same transaction), and reports bookings per second;
4. one slot: N workers released together all try the same clinician at the
   same time for different people; exactly one may succeed, the rest must be
   refused with the 'no longer free' message. Repeated for several slots, it
   reports attempts per second and checks the one-winner rule each time;
5. drops the database, even if something failed.

Timings are printed, never asserted; the one-winner rule is checked.

    .venv/bin/python bench/appointments_booking.py [--workers 4] [--per-worker 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, setup_django  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_booking")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--per-worker", type=int, default=50, help="bookings per worker")
    parser.add_argument("--contested-slots", type=int, default=20)
    return parser.parse_args()


class World:
    def __init__(self, workers: int, people_per_worker: int) -> None:
        from tandem.appointments.models import AppointmentType
        from tandem.people.models import (
            CareTeam,
            CaseloadEntry,
            Organisation,
            ServiceUser,
            StaffMember,
            TeamMembership,
            User,
        )
        from tandem.preferences.models import ContactPreferences

        org = Organisation.objects.create(name="Synthetic Bench Trust")
        self.team = CareTeam.objects.create(organisation=org, name="Bench CMHT", slug="bench")
        self.users = User.objects.bulk_create(
            User(email=f"bench.clinician{n}@example.org", full_name=f"Clinician {n}")
            for n in range(workers)
        )
        self.staff = StaffMember.objects.bulk_create(
            StaffMember(user=u, professional_role="nurse") for u in self.users
        )
        TeamMembership.objects.bulk_create(
            TeamMembership(staff=s, team=self.team) for s in self.staff
        )
        self.kind = AppointmentType.objects.create(
            team=self.team, name="Check-in", kind="check_in", duration_minutes=30
        )
        total = workers * people_per_worker
        people = ServiceUser.objects.bulk_create(
            ServiceUser(
                given_name=f"Person{n}",
                family_name="Bench",
                date_of_birth=dt.date(1980, 1, 1),
                email=f"person{n}@example.org",
            )
            for n in range(total)
        )
        CaseloadEntry.objects.bulk_create(
            CaseloadEntry(service_user=p, team=self.team) for p in people
        )
        ContactPreferences.objects.bulk_create(
            ContactPreferences(
                service_user=p,
                recorded_by=self.users[0],
                by_email=True,
                preferred_channel="email",
            )
            for p in people
        )
        self.people = [
            people[w * people_per_worker : (w + 1) * people_per_worker] for w in range(workers)
        ]


def slot(first_day: dt.date, n: int) -> dt.datetime:
    """The n-th 30-minute slot on weekdays from ``first_day``, 09:00 to 17:00."""
    from tandem.appointments.slots import at

    per_day = 16
    day, index = first_day, n
    while True:
        if day.weekday() < 5:
            if index < per_day:
                return at(day, dt.time(9)) + dt.timedelta(minutes=30 * index)
            index -= per_day
        day += dt.timedelta(days=1)


def booking(world: World, worker: int, person: object, starts_at: dt.datetime) -> object:
    from tandem.appointments import services

    return services.Booking(
        service_user=person,  # type: ignore[arg-type]
        team=world.team,
        clinician=world.staff[worker],
        appointment_type=world.kind,
        starts_at=starts_at,
        modality="phone",
        guardrail_reason="Benchmark booking",
    )


def distinct_slots(world: World, first_day: dt.date, per_worker: int) -> dict[str, float]:
    from django.db import connection

    from tandem.appointments import services

    errors: list[str] = []
    barrier = threading.Barrier(len(world.staff) + 1)

    def work(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(per_worker):
                services.book(
                    actor=world.users[worker],
                    booking=booking(world, worker, world.people[worker][n], slot(first_day, n)),  # type: ignore[arg-type]
                )
        except Exception as exc:  # reported, not hidden
            errors.append(f"worker {worker}: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(len(world.staff))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError("; ".join(errors))
    total = per_worker * len(world.staff)
    return {"bookings": total, "seconds": elapsed, "per_second": total / elapsed}


def contested(world: World, first_day: dt.date, slots: int) -> dict[str, float]:
    from django.db import connection

    from tandem.appointments import services

    workers = len(world.staff)
    wins = refusals = 0
    other: list[str] = []
    lock = threading.Lock()
    elapsed = 0.0
    for n in range(slots):
        starts_at = slot(first_day + dt.timedelta(weeks=8), n)
        barrier = threading.Barrier(workers + 1)

        def work(  # type: ignore[no-untyped-def]
            worker: int, starts_at: dt.datetime = starts_at, barrier=barrier, n: int = n
        ) -> None:
            nonlocal wins, refusals
            try:
                person = world.people[worker][-1 - (n % 5)]
                barrier.wait()
                # Everyone asks for clinician 0 at the same time.
                services.book(
                    actor=world.users[worker],
                    booking=services.Booking(
                        service_user=person,
                        team=world.team,
                        clinician=world.staff[0],
                        appointment_type=world.kind,
                        starts_at=starts_at,
                        modality="phone",
                        guardrail_reason="Benchmark booking",
                    ),
                )
                with lock:
                    wins += 1
            except services.SlotTaken:
                with lock:
                    refusals += 1
            except Exception as exc:  # reported, not hidden
                with lock:
                    other.append(repr(exc))
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
        for thread in threads:
            thread.start()
        barrier.wait()
        started = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed += time.perf_counter() - started
        if wins != n + 1:
            raise RuntimeError(f"slot {n}: {wins - n} bookings succeeded, expected exactly 1")
    if other:
        raise RuntimeError("unexpected errors: " + "; ".join(other[:5]))
    attempts = slots * workers
    return {
        "slots": slots,
        "attempts": attempts,
        "succeeded": wins,
        "refused_as_taken": refusals,
        "seconds": elapsed,
        "attempts_per_second": attempts / elapsed,
    }


def main() -> int:
    args = arguments()
    database_url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        from django.utils import timezone

        world = World(args.workers, max(args.per_worker, 5))
        today = timezone.localdate()
        first_day = today + dt.timedelta(days=7 - today.weekday())  # next Monday
        log(f"{args.workers} workers x {args.per_worker} bookings, distinct slots")
        distinct = distinct_slots(world, first_day, args.per_worker)
        log(f"{args.workers} workers on the same slot, {args.contested_slots} times")
        same = contested(world, first_day, args.contested_slots)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(f"workers (threads, one connection each): {args.workers}")
        for name, result in (("distinct slots", distinct), ("same slot", same)):
            print(
                f"{name}: "
                + ", ".join(
                    f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
                    for k, v in result.items()
                )
            )
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
