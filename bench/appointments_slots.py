"""Time ``slots.open_slots`` for a large team, against a raw-SQL floor.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database (``tandem_bench_appts``)
   and runs the migrations;
2. builds, with ``bulk_create``, a team of 40 clinicians with sessions every
   weekday 09:00 to 17:00 and half of every session booked (30-minute
   appointments in alternate slots) over 12 weeks: about 19,000 appointments;
3. times ``open_slots`` for the team's 30-minute type over the 12 weeks, and
   the floor: one raw SQL query fetching the same period's booked
   appointments for the team's clinicians (the least any slot finder must do);
4. prints the median and 95th percentile of each over repeated runs and their
   ratio, then drops the database, even if something failed.

Timings are printed, never asserted.

    .venv/bin/python bench/appointments_slots.py [--runs 30] [--keep-db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, percentile, setup_django, size  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402

CLINICIANS = size(40, 2)
WEEKS = size(12, 1)
PEOPLE = size(2000, 20)


def arguments() -> argparse.Namespace:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_appts")
    parser.add_argument("--runs", type=int, default=30)
    return parser.parse_args()


def build(first_day: dt.date) -> tuple[object, object]:
    """The team, its 30-minute type, sessions and half-booked diaries."""
    from tandem.appointments.models import Appointment, AppointmentType, AvailabilitySession
    from tandem.appointments.slots import at
    from tandem.people.models import (
        CareTeam,
        Organisation,
        ServiceUser,
        StaffMember,
        TeamMembership,
        User,
    )

    org = Organisation.objects.create(name="Synthetic Bench Trust")
    team = CareTeam.objects.create(organisation=org, name="Bench CMHT", slug="bench")
    users = User.objects.bulk_create(
        User(email=f"bench.clinician{n}@example.org", full_name=f"Clinician {n:02d}")
        for n in range(CLINICIANS)
    )
    staff = StaffMember.objects.bulk_create(
        StaffMember(user=u, professional_role="nurse") for u in users
    )
    TeamMembership.objects.bulk_create(TeamMembership(staff=s, team=team) for s in staff)
    kind = AppointmentType.objects.create(
        team=team, name="Check-in", kind="check_in", duration_minutes=30
    )
    AvailabilitySession.objects.bulk_create(
        AvailabilitySession(
            staff=s,
            team=team,
            weekday=weekday,
            starts=dt.time(9),
            ends=dt.time(17),
            modalities=["video", "phone"],
            valid_from=first_day,
        )
        for s in staff
        for weekday in range(5)
    )
    people = ServiceUser.objects.bulk_create(
        ServiceUser(given_name=f"Person{n}", family_name="Bench", date_of_birth=dt.date(1980, 1, 1))
        for n in range(PEOPLE)
    )
    rows = []
    k = 0
    for offset in range(WEEKS * 7):
        day = first_day + dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for half_hour in range(0, 16, 2):  # alternate slots: half the session booked
            starts = at(day, dt.time(9)) + dt.timedelta(minutes=30 * half_hour)
            for s in staff:
                rows.append(
                    Appointment(
                        service_user=people[k % PEOPLE],
                        team=team,
                        clinician=s,
                        appointment_type=kind,
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(minutes=30),
                        modality="phone",
                        booked_via="staff",
                    )
                )
                k += 1
    Appointment.objects.bulk_create(rows, batch_size=5000)
    log(f"built {CLINICIANS} clinicians, {len(rows)} appointments over {WEEKS} weeks")
    return team, kind


FLOOR_SQL = """
SELECT a.clinician_id, a.starts_at, a.ends_at
FROM appointments_appointment a
JOIN people_teammembership m ON m.staff_id = a.clinician_id AND m.team_id = %s
WHERE a.status = 'booked' AND a.starts_at < %s AND a.ends_at > %s
"""


def measure(team: object, kind: object, first_day: dt.date, runs: int) -> dict[str, object]:
    from django.db import connection

    from tandem.appointments.slots import at, open_slots

    days = WEEKS * 7
    last_day = first_day + dt.timedelta(days=days - 1)
    period = (at(last_day, dt.time.max), at(first_day, dt.time.min))
    slot_times, floor_times = [], []
    found = rows = 0
    for _ in range(2):  # warm caches
        open_slots(team=team, appointment_type=kind, first_day=first_day, days=days)  # type: ignore[arg-type]
    for _ in range(runs):
        started = time.perf_counter()
        found = len(
            open_slots(team=team, appointment_type=kind, first_day=first_day, days=days)  # type: ignore[arg-type]
        )
        slot_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, (team.pk, *period))  # type: ignore[attr-defined]
            rows = len(cursor.fetchall())
        floor_times.append(time.perf_counter() - started)
    return {
        "slots_found": found,
        "appointments_fetched_by_floor": rows,
        "open_slots_median_ms": statistics.median(slot_times) * 1000,
        "open_slots_p95_ms": percentile(slot_times, 0.95) * 1000,
        "floor_median_ms": statistics.median(floor_times) * 1000,
        "floor_p95_ms": percentile(floor_times, 0.95) * 1000,
    }


def main() -> int:
    args = arguments()
    database_url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        from django.utils import timezone

        today = timezone.localdate()
        first_day = today + dt.timedelta(days=7 - today.weekday())  # next Monday
        started = time.perf_counter()
        team, kind = build(first_day)
        log(f"seeded in {time.perf_counter() - started:.1f} s")
        result = measure(team, kind, first_day, args.runs)
        ratio = result["open_slots_median_ms"] / result["floor_median_ms"]  # type: ignore[operator]
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(
            f"team: {CLINICIANS} clinicians, weekday sessions 09:00-17:00, "
            f"{WEEKS} weeks, half booked"
        )
        print(f"runs: {args.runs}")
        for key, value in result.items():
            print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
        print(f"ratio open_slots / floor (medians): {ratio:.1f}")
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
