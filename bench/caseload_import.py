"""Bringing in a caseload file of N synthetic people through `manage.py
import_caseload`, end to end on PostgreSQL (issue 17 asks for 100,000 rows in
under 2 minutes on these machines).

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_import``) and runs the migrations;
2. makes a service administrator, two teams and a clinician in each;
3. writes a CSV file of N synthetic people (made-up names, NHS numbers that
   pass the check digit, drama-range phone numbers, example.org emails);
4. times the command three ways: a dry run, the real run, and the same file
   again (which must change nothing), checking the people and audit counts
   and that the audit chain still verifies;
5. drops the database, even if something failed.

Timings are printed, never asserted; the counts are checked.

    .venv/bin/python bench/caseload_import.py [--rows 100000]
"""

from __future__ import annotations

import io
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import in_process  # noqa: E402
from in_process import log, setup_django  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402


def write_file(path: Path, rows: int) -> None:
    from tandem.imports.tests.csvs import HEADER, nhs_numbers

    numbers = nhs_numbers()
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        for n in range(rows):
            team = "bench-a" if n % 2 else "bench-b"
            coordinator = f"clinician.{team}@example.org" if n % 3 else ""
            out.write(
                f"{next(numbers)},19{50 + n % 50}-0{1 + n % 9}-1{n % 10},Given{n},Family{n},"
                f"{team},,person{n}@example.org,0113 496 0{n % 1000:03d},LS1 4AP,"
                f"{coordinator},email letter,email\n"
            )


def timed(path: Path, *options: str) -> tuple[float, str]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command(
        "import_caseload",
        str(path),
        "--by",
        "bench.admin@example.org",
        "--no-progress",
        *options,
        stdout=out,
    )
    return time.perf_counter() - started, out.getvalue().strip().splitlines()[-1]


def main() -> int:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_import")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    database_url = f"{args.server_url}/{args.database}"
    log(f"creating {args.database}")
    recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        from tandem.audit.models import AuditEvent
        from tandem.audit.seal import seal
        from tandem.audit.verify import first_break
        from tandem.people.models import (
            CareTeam,
            Organisation,
            ServiceUser,
            StaffMember,
            TeamMembership,
            User,
        )

        org = Organisation.objects.create(name="Synthetic Bench Trust")
        admin = User.objects.create_user("bench.admin@example.org", full_name="Bench Admin")
        StaffMember.objects.create(
            user=admin, professional_role="support_worker", is_service_admin=True
        )
        for slug in ("bench-a", "bench-b"):
            team = CareTeam.objects.create(organisation=org, name=f"Team {slug}", slug=slug)
            user = User.objects.create_user(f"clinician.{slug}@example.org", full_name=slug)
            member = StaffMember.objects.create(user=user, professional_role="care_coordinator")
            TeamMembership.objects.create(staff=member, team=team)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "caseload.csv"
            started = time.perf_counter()
            write_file(path, args.rows)
            log(f"wrote {args.rows} rows in {time.perf_counter() - started:.1f} s")
            dry, dry_said = timed(path, "--dry-run")
            real, real_said = timed(path)
            people, events = ServiceUser.objects.count(), AuditEvent.objects.count()
            again, again_said = timed(path)
            assert people == args.rows, people
            assert ServiceUser.objects.count() == people
            assert AuditEvent.objects.count() == events + 1  # the attempt, nothing else
            started = time.perf_counter()
            sealed = seal()
            sealing = time.perf_counter() - started
            checked, broken = first_break()
            assert broken is None, broken
            log(f"audit chain sealed ({sealed} rows in {sealing:.1f} s) and verified: {checked}")
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(f"rows: {args.rows}")
        print(f"dry run: {dry:.1f} s ({args.rows / dry:,.0f} rows/s); {dry_said}")
        print(f"real run: {real:.1f} s ({args.rows / real:,.0f} rows/s); {real_said}")
        print(f"same file again: {again:.1f} s; {again_said}")
        print(f"sealing the audit rows afterwards: {sealing:.1f} s for {sealed} rows")
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
