"""Time the equity and service insights report over a year of 5,000,000
appointments and 500,000 people, against a raw-SQL floor.

What it does, in order:

1. drops and re-creates a throwaway PostgreSQL database
   (``tandem_bench_insights``) and runs the migrations;
2. bulk-loads, with ``generate_series`` in the database (minutes, not hours):
   four teams and one manager of all four, 200 clinicians, 500,000 people with
   varied demographics (a third with a digital access check), one caseload
   entry each, 5,000,000 appointments spread over the year with a realistic
   mix of ways and attendance codes, 100,000 referrals, PHQ-9 and GAD-7
   answers on two occasions for 25,000 people, and 20,000 alerts. The
   double-booking exclusion constraints are dropped first: random times
   would break them, and they play no part in reading;
3. times the nightly refresh of the roll-up (``tandem.insights.rollup.refresh``,
   what ``manage.py refresh_insights`` runs), once; then
   ``tandem.insights.report.build`` for all four teams and the year (what the
   page calls; every section, every table, reading the roll-up), median of 5
   runs, and each section on its own; and the floor: one hand-written SQL
   GROUP BY of the same appointments by way and attendance code;
4. prints the figures and the ratio, then drops the database, even if
   something failed.

Timings are printed, never asserted.

    .venv/bin/python bench/insights_report.py [--runs 5] [--keep-db]
    .venv/bin/python bench/insights_report.py --keep-db --load-only   # then:
    .venv/bin/python bench/insights_report.py --keep-db --measure-only
"""

# The bench builds SQL from its own constants, never from input.
# ruff: noqa: S608
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
from in_process import log, setup_django, size  # noqa: E402
from run import postgres_version, recreate_database  # noqa: E402

PEOPLE = size(500_000, 1000)
APPOINTMENTS = size(5_000_000, 2000)
TEAMS = 4
CLINICIANS = size(200, 4)
REFERRALS = size(100_000, 30)
ANSWERING = size(25_000, 20)
ALERTS = size(20_000, 10)
FIRST = dt.date(2025, 12, 1)
LAST = dt.date(2026, 11, 30)


def arguments() -> argparse.Namespace:
    parser = in_process.parser(__doc__.split("\n")[0], database="tandem_bench_insights")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--measure-only", action="store_true", help="Time a database kept by --keep-db"
    )
    parser.add_argument(
        "--load-only", action="store_true", help="Load the data and stop (use with --keep-db)"
    )
    return parser.parse_args()


def build() -> tuple[object, list[int]]:
    """Teams, staff and the bulk rows. Returns the manager and the team ids."""
    from django.db import connection

    from tandem.appointments.models import AppointmentType, Site
    from tandem.people.models import (
        CareTeam,
        Organisation,
        StaffMember,
        TeamMembership,
        User,
    )

    org = Organisation.objects.create(name="Synthetic Bench Trust", ods_code="ZZ9")
    teams = [
        CareTeam.objects.create(organisation=org, name=f"Bench team {n}", slug=f"bench-{n}")
        for n in range(TEAMS)
    ]
    manager = User.objects.create_user("manager@example.org", full_name="Bench Manager")
    boss = StaffMember.objects.create(user=manager, professional_role="team_manager")
    for team in teams:
        TeamMembership.objects.create(staff=boss, team=team, role="manager")
    users = User.objects.bulk_create(
        User(email=f"clinician{n}@example.org", full_name=f"Clinician {n}")
        for n in range(CLINICIANS)
    )
    staff = StaffMember.objects.bulk_create(
        StaffMember(user=u, professional_role="care_coordinator") for u in users
    )
    TeamMembership.objects.bulk_create(
        TeamMembership(staff=s, team=teams[n % TEAMS]) for n, s in enumerate(staff)
    )
    site = Site.objects.create(
        organisation=org, name="Bench site", address="1 Road", postcode="LS1 1AA"
    )
    types = [
        AppointmentType.objects.create(team=t, name="Review", kind="check_in", duration_minutes=50)
        for t in teams
    ]
    team_ids = [t.pk for t in teams]
    team_array = "ARRAY[" + ",".join(str(t) for t in team_ids) + "]"
    type_array = "ARRAY[" + ",".join(str(t.pk) for t in types) + "]"
    first_staff = staff[0].pk
    start = f"'{FIRST.isoformat()} 00:00:00+00'::timestamptz"

    steps = [
        (
            "drop double-booking constraints",
            "ALTER TABLE appointments_appointment DROP CONSTRAINT IF EXISTS no_overlap_clinician, "
            "DROP CONSTRAINT IF EXISTS no_overlap_room, "
            "DROP CONSTRAINT IF EXISTS no_overlap_service_user",
        ),
        (
            f"{PEOPLE:,} people",
            "INSERT INTO people_serviceuser (given_name, family_name, preferred_name, pronouns, "
            "date_of_birth, email, phone, postcode, sex, gender_identity, ethnicity, disability, "
            "first_language, interpreter_needed, imd_decile, created_at) "
            "SELECT 'Person', 'Bench' || g, '', '', "
            "DATE '1940-01-01' + (hashint(g, 1) % 24000), '', '', '', "
            "(ARRAY['1','2','9','X'])[1 + (CASE WHEN hashint(g, 2) % 100 < 48 THEN 0 "
            "WHEN hashint(g, 2) % 100 < 97 THEN 1 "
            "WHEN hashint(g, 2) % 100 < 98 THEN 2 ELSE 3 END)], "
            "'', (ARRAY['A','A','A','A','A','A','B','C','D','E','F','G','H','J','K','L','M','N',"
            "'P','R','S','Z','99'])[1 + hashint(g, 3) % 23], "
            "(ARRAY['Y','N','N','N','Z','X'])[1 + hashint(g, 4) % 6], "
            "CASE WHEN hashint(g, 5) % 10 = 0 THEN 'Polish' ELSE 'English' END, "
            "hashint(g, 5) % 30 = 0, "
            "CASE WHEN hashint(g, 6) % 20 = 0 THEN NULL ELSE 1 + hashint(g, 6) % 10 END, now() "
            f"FROM generate_series(1, {PEOPLE}) g",
        ),
        (
            "caseload entries",
            "INSERT INTO people_caseloadentry (service_user_id, team_id, care_coordinator_id, "
            "opened_on, closed_on) "
            f"SELECT p.id, ({team_array})[1 + p.id % {TEAMS}], "
            f"{first_staff} + p.id % {CLINICIANS}, "
            "DATE '2024-06-01' + (hashint(p.id, 7) % 850), "
            "CASE WHEN hashint(p.id, 8) % 10 = 0 THEN DATE '2026-10-01' ELSE NULL END "
            "FROM people_serviceuser p",
        ),
        (
            "digital access checks",
            "INSERT INTO preferences_digitalaccesscheck (service_user_id, recorded_at, "
            "recorded_by_id, is_current, devices, connection, data_costs_a_problem, "
            "private_space, video_confidence, wants_help) "
            f"SELECT p.id, now(), {manager.pk}, true, "
            "CASE WHEN hashint(p.id, 9) % 5 = 0 THEN '[\"basic_phone\"]'::jsonb "
            "ELSE '[\"smartphone\"]'::jsonb END, "
            "(ARRAY['reliable','patchy','unreliable','none'])[1 + hashint(p.id, 10) % 4], "
            "(ARRAY['yes','sometimes','no'])[1 + hashint(p.id, 11) % 3], "
            "(ARRAY['yes','yes','sometimes','no'])[1 + hashint(p.id, 12) % 4], "
            "(ARRAY['confident','with_help','not_confident','never'])[1 + hashint(p.id, 13) % 4], "
            "hashint(p.id, 14) % 4 = 0 "
            "FROM people_serviceuser p WHERE p.id % 3 = 0",
        ),
        (
            f"{APPOINTMENTS:,} appointments",
            "INSERT INTO appointments_appointment (service_user_id, team_id, clinician_id, "
            "appointment_type_id, starts_at, ends_at, modality, site_id, status, booked_via, "
            "booked_at, guardrail_breaches, guardrail_reason, cancelled_at, "
            "cancellation_reason, attendance, technical_failure, switched_to, switched_by, "
            "outcome_notes, to_arrange, arranged_note) "
            "SELECT person, team, clinician, kind, starts, starts + interval '50 minutes', way, "
            "CASE WHEN way = 'face_to_face' THEN {site} END, "
            "CASE WHEN code IN ('2', '4') THEN 'cancelled' ELSE 'booked' END, 'staff', "
            "starts - interval '14 days', "
            "CASE WHEN way <> 'face_to_face' AND g % 97 = 0 "
            "THEN '[\"less than 10 minutes'' break between remote sessions\"]'::jsonb "
            "ELSE '[]'::jsonb END, '', "
            "CASE WHEN code IN ('2', '4') THEN starts - interval '1 day' END, '', code, "
            "way <> 'face_to_face' AND code IN ('5', '6', '3') AND g % 40 = 0, "
            "CASE WHEN way = 'video' AND code IN ('5', '6') AND g % 25 = 0 THEN 'phone' "
            "ELSE '' END, "
            "CASE WHEN way = 'video' AND code IN ('5', '6') AND g % 25 = 0 THEN 'clinician' "
            "ELSE '' END, '', '', '' "
            "FROM ("
            f"SELECT g, {{min_person}} + (hashint(g, 20) % {PEOPLE}) AS person, "
            f"{start} + (hashint(g, 21) % 525600) * interval '1 minute' AS starts, "
            "CASE WHEN hashint(g, 22) % 10 < 5 THEN 'face_to_face' "
            "WHEN hashint(g, 22) % 10 < 8 THEN 'video' ELSE 'phone' END AS way, "
            "CASE WHEN hashint(g, 23) % 100 < 70 THEN '5' WHEN hashint(g, 23) % 100 < 75 THEN '6' "
            "WHEN hashint(g, 23) % 100 < 76 THEN '7' WHEN hashint(g, 23) % 100 < 84 THEN '3' "
            "WHEN hashint(g, 23) % 100 < 92 THEN '2' WHEN hashint(g, 23) % 100 < 97 THEN '4' "
            "ELSE '' END AS code "
            f"FROM generate_series(1, {APPOINTMENTS}) g) a, "
            f"LATERAL (SELECT ({team_array})[1 + a.person % {TEAMS}] AS team, "
            f"({type_array})[1 + a.person % {TEAMS}] AS kind, "
            f"{first_staff} + a.person % {CLINICIANS} AS clinician) t",
        ),
        (
            f"{REFERRALS:,} referrals",
            "INSERT INTO appointments_referral (service_user_id, team_id, received_on, source, "
            "first_offered_on, first_offered_modality, first_held_on, first_held_modality, "
            "recorded_by_id) "
            f"SELECT {{min_person}} + g * 5, "
            f"({team_array})[1 + ({{min_person}} + g * 5) % {TEAMS}], "
            f"DATE '{FIRST.isoformat()}' + hashint(g, 30) % 365, 'GP', "
            f"DATE '{FIRST.isoformat()}' + hashint(g, 30) % 365 + hashint(g, 31) % 30, "
            "(ARRAY['face_to_face','video','phone'])[1 + hashint(g, 32) % 3], "
            f"CASE WHEN g % 7 = 0 THEN NULL ELSE DATE '{FIRST.isoformat()}' + hashint(g, 30) % 365 "
            "+ hashint(g, 31) % 30 + hashint(g, 33) % 40 END, "
            "CASE WHEN g % 7 = 0 THEN '' "
            "ELSE (ARRAY['face_to_face','video','phone'])[1 + hashint(g, 32) % 3] END, "
            f"{manager.pk} FROM generate_series(0, {REFERRALS - 1}) g",
        ),
        (
            f"questionnaire answers for {ANSWERING:,} people",
            "INSERT INTO measures_response (service_user_id, team_id, instrument_id, answers, "
            "complete, total, band, review_items, submitted_by_id, submitted_at, submission_key) "
            f"SELECT {{min_person}} + g * 20, "
            f"({team_array})[1 + ({{min_person}} + g * 20) % {TEAMS}], "
            "i.id, '{}'::jsonb, true, "
            "CASE WHEN i.code = 'phq9' THEN hashint(g * 2 + occasion, 40) % 28 "
            "ELSE hashint(g * 2 + occasion, 41) % 22 END, '', '[]'::jsonb, "
            f"{manager.pk}, {start} + interval '10 days' + occasion * interval '150 days', "
            "gen_random_uuid() "
            f"FROM generate_series(0, {ANSWERING - 1}) g, generate_series(0, 1) occasion, "
            "(SELECT DISTINCT ON (code) id, code FROM measures_instrument "
            "WHERE code IN ('phq9', 'gad7') ORDER BY code, version DESC) i",
        ),
        (
            f"{ALERTS:,} alerts",
            "INSERT INTO alerts_alert (team_id, service_user_id, kind, summary, reasons, "
            "about_key, raised_at, respond_by, state, acknowledged_at, acknowledged_by_id, "
            "action, action_note) "
            f"SELECT ({team_array})[1 + ({{min_person}} + g * 25) % {TEAMS}], "
            f"{{min_person}} + g * 25, "
            "'missed', 'Check-ins missed', '[]'::jsonb, 'bench:' || g, "
            f"{start} + (hashint(g, 50) % 525600) * interval '1 minute', "
            f"{start} + (hashint(g, 50) % 525600) * interval '1 minute' + interval '24 hours', "
            "'acknowledged', "
            f"{start} + (hashint(g, 50) % 525600) * interval '1 minute' "
            "+ (hashint(g, 51) % 2880) * interval '1 minute', "
            f"{manager.pk}, '', '' FROM generate_series(0, {ALERTS - 1}) g",
        ),
    ]
    with connection.cursor() as cursor:
        # A small, stable hash of (n, salt) from 0 to 2^31: repeatable 'random' columns.
        cursor.execute(
            "CREATE FUNCTION hashint(n bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE "
            "PARALLEL SAFE AS $$ SELECT (hashint8(n * 1000 + salt)::bigint & 2147483647)::int $$"
        )
        min_person = None
        for label, statement in steps:
            began = time.perf_counter()
            if min_person is not None:
                statement = statement.replace("{min_person}", str(min_person))
            cursor.execute(statement.replace("{site}", str(site.pk)))
            if min_person is None and "people_serviceuser" in statement and "INSERT" in statement:
                cursor.execute("SELECT min(id) FROM people_serviceuser")
                min_person = cursor.fetchone()[0]
            log(f"loaded {label} in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        log(f"analysed in {time.perf_counter() - began:.1f} s")
    return manager, team_ids


def timed(what, runs: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        what()
        times.append(time.perf_counter() - began)
    return statistics.median(times), times


def measure(team_ids: list[int], runs: int) -> list[tuple[str, float]]:
    from django.db import connection
    from django.utils import timezone

    from tandem.appointments.slots import at
    from tandem.insights import report, rollup
    from tandem.insights.queries import Scope

    scope = Scope(team_ids=tuple(team_ids), first=FIRST, last=LAST, now=timezone.now())
    names = [f"Bench team {n}" for n in range(TEAMS)]
    results: list[tuple[str, float]] = []
    # The nightly refresh (manage.py refresh_insights): one run, then ANALYZE as
    # autovacuum would after so many new rows.
    refresh, _ = timed(rollup.refresh, 1)
    results.append(("refresh of the roll-up (refresh_insights), one run", refresh))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    report.build(scope, team_names=names)  # warm the cache once, as a page in use would be
    median, _ = timed(lambda: report.build(scope, team_names=names), runs)
    results.append(("full report, 4 teams, one year", median))

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT modality, attendance, count(*) FROM appointments_appointment "
                "WHERE team_id = ANY(%s) AND starts_at >= %s AND starts_at < %s "
                "GROUP BY modality, attendance",
                [team_ids, at(FIRST, dt.time.min), at(LAST + dt.timedelta(days=1), dt.time.min)],
            )
            cursor.fetchall()

    floor()
    floor_median, _ = timed(floor, runs)
    results.append(("floor: one SQL GROUP BY over the same appointments", floor_median))
    for _prefixes, builder in report.SECTIONS:
        section_median, _ = timed(lambda b=builder: b(scope), max(3, runs // 2))
        results.append((f"  section {builder.__name__}", section_median))
    one_team = Scope(team_ids=(team_ids[0],), first=FIRST, last=LAST, now=timezone.now())
    median_one, _ = timed(lambda: report.build(one_team, team_names=names[:1]), runs)
    results.append(("full report, 1 team, one year", median_one))
    return results


def main() -> int:
    args = arguments()
    database_url = f"{args.server_url}/{args.database}"
    if not args.measure_only:
        log(f"creating {args.database}")
        recreate_database(args.server_url, args.database)
    try:
        setup_django(database_url)
        if args.measure_only:
            from tandem.people.models import CareTeam

            team_ids = list(CareTeam.objects.order_by("pk").values_list("pk", flat=True))
        else:
            started = time.perf_counter()
            _manager, team_ids = build()
            log(f"seeded in {time.perf_counter() - started:.1f} s")
            if args.load_only:
                return 0
        results = measure(team_ids, args.runs)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores; "
            f"Python {platform.python_version()}; PostgreSQL {postgres_version(database_url)}"
        )
        print(
            f"data: {PEOPLE:,} people, {APPOINTMENTS:,} appointments over "
            f"{FIRST} to {LAST}, {TEAMS} teams; median of {args.runs} runs"
        )
        found = dict(results)
        full = found["full report, 4 teams, one year"]
        floor = found["floor: one SQL GROUP BY over the same appointments"]
        refresh = found["refresh of the roll-up (refresh_insights), one run"]
        for label, seconds in results:
            print(f"{label:<56} {seconds * 1000:9.0f} ms")
        print(f"ratio full report / floor: {full / floor:.2f}")
        print(f"ratio refresh / floor: {refresh / floor:.1f}")
    finally:
        in_process.close_and_drop(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
