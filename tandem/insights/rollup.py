"""The insights roll-up: built once a night from the definitions, read by the report.

``refresh`` replaces every roll-up row in one transaction (run it as often as
you like: the result depends only on the records and the time given) and
records a ``Build``. The SQL is made from the same pieces as the direct
queries in ``tandem.insights.queries`` (``CONDITIONS``, ``MOVED_JOIN`` and the
group expressions of ``tandem.insights.definitions``), so a figure is defined
in one place whichever way it is counted.

The readers (``contacts``, ``monthly_uptake``, ``staff``, ``disengaged``)
take a ``Scope`` of whole months and return the same objects as the direct
queries; tests check that the two agree on hand-built data. Periods must run
from the first of a month to the last day of a month (the report's form
makes them so): the roll-up counts by month, and a person's age band is taken
on the last day of the period from a birth-month key that gives the same band
as the birth date on the last day of any month.

Decision record: docs/adr/0020-insights-rollup.md.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from tandem.appointments.guardrails import rules_for
from tandem.appointments.slots import at
from tandem.insights import definitions as defs
from tandem.insights import outcome_queries, queries, service_queries
from tandem.insights.models import (
    MONTHS_AHEAD,
    WINDOW_MONTHS,
    Build,
    ClinicianDay,
    ContactCount,
    Disengaged,
    HeldCount,
    PersonFact,
)
from tandem.insights.queries import CONDITIONS, MOVED_JOIN, WAYS, Scope, Tally
from tandem.people.models import CareTeam

STATIC_GROUPS = tuple(g for g in defs.GROUPS if g.key != "age")
COUNT_KEYS = tuple(CONDITIONS)
PEOPLE_JOIN = (
    "JOIN people_serviceuser p ON p.id = {person} "
    "LEFT JOIN preferences_digitalaccesscheck d ON d.service_user_id = p.id AND d.is_current"
)


class NotAvailable(Exception):
    """The roll-up cannot answer: never built, or the period is outside it."""


# --- Months -------------------------------------------------------------------------


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last month (first days) a build on ``today`` covers."""
    this_month = today.replace(day=1)
    last = add_months(this_month, MONTHS_AHEAD)
    return add_months(last, 1 - WINDOW_MONTHS), last


def _index(build: Build, month: dt.date) -> int:
    first = build.first_month
    return (month.year - first.year) * 12 + month.month - first.month


def _month_sql(first: dt.date) -> tuple[str, list[Any]]:
    """The number of ``a.starts_at``'s local month, counting ``first`` as 0."""
    if connection.vendor == "postgresql":
        zone = timezone.get_current_timezone_name()
        return (
            "CAST(EXTRACT(YEAR FROM a.starts_at AT TIME ZONE %s) * 12 "
            "+ EXTRACT(MONTH FROM a.starts_at AT TIME ZONE %s) AS INTEGER) - %s",
            [zone, zone, first.year * 12 + first.month],
        )
    # Elsewhere (SQLite keeps UTC text): compare with each month's first moment.
    whens = []
    params: list[Any] = []
    for n in range(1, WINDOW_MONTHS):
        whens.append(f"WHEN a.starts_at < %s THEN {n - 1}")
        params.append(queries.db_moment(at(add_months(first, n), dt.time.min)))
    return f"CASE {' '.join(whens)} ELSE {WINDOW_MONTHS - 1} END", params


def _born_sql() -> str:
    """The age key of ``p.date_of_birth``: the last day of the birth month, or
    28 February for 1 to 28 February of a leap year (see ContactCount)."""
    if connection.vendor == "postgresql":
        return (
            "CASE WHEN EXTRACT(MONTH FROM p.date_of_birth) = 2 "
            "AND EXTRACT(DAY FROM p.date_of_birth) <= 28 "
            "THEN make_date(CAST(EXTRACT(YEAR FROM p.date_of_birth) AS INTEGER), 2, 28) "
            "ELSE CAST(date_trunc('month', p.date_of_birth) + interval '1 month' "
            "- interval '1 day' AS DATE) END"
        )
    return (
        "CASE WHEN strftime('%%m', p.date_of_birth) = '02' "
        "AND strftime('%%d', p.date_of_birth) <= '28' "
        "THEN strftime('%%Y', p.date_of_birth) || '-02-28' "
        "ELSE date(p.date_of_birth, 'start of month', '+1 month', '-1 day') END"
    )


def _groups_sql() -> tuple[list[str], list[Any]]:
    columns: list[str] = []
    params: list[Any] = []
    for group in STATIC_GROUPS:
        # Static groups do not depend on the day; any day will do.
        expression, group_params = group.sql(dt.date.min)
        columns.append(f"{expression} AS g_{group.key}")
        params.extend(group_params)
    return columns, params


# --- Refresh ------------------------------------------------------------------------


def refresh(*, now: dt.datetime | None = None) -> Build:
    """Rebuild the whole roll-up as of ``now`` (default: this moment), in one
    transaction, and record the build."""
    now = now or timezone.now()
    began = time.perf_counter()
    first, last = window(timezone.localdate(now))
    start = queries.db_moment(at(first, dt.time.min))
    end = queries.db_moment(at(add_months(last, 1), dt.time.min))
    with transaction.atomic():
        for model in (ContactCount, PersonFact, HeldCount, ClinicianDay, Disengaged):
            model.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(*_contact_counts_sql(first, now, start, end))
            cursor.execute(*_person_facts_sql(first, start, end))
            cursor.execute(
                "UPDATE insights_personfact SET shared = %s WHERE service_user_id IN ("
                "SELECT service_user_id FROM insights_personfact GROUP BY service_user_id "
                "HAVING COUNT(*) > 1)",
                [True],
            )
            cursor.execute(*_held_counts_sql(first, start, end))
            cursor.execute(*_clinician_days_sql(start, end))
        _disengaged(now)
        return Build.objects.create(
            built_at=now,
            first_month=first,
            last_month=last,
            took_ms=round((time.perf_counter() - began) * 1000),
        )


def _contact_counts_sql(
    first: dt.date, now: dt.datetime, start: Any, end: Any
) -> tuple[str, list[Any]]:
    month, month_params = _month_sql(first)
    groups, group_params = _groups_sql()
    flags: list[str] = []
    flag_params: list[Any] = []
    for key, condition in CONDITIONS.items():
        flags.append(f"CASE WHEN {condition} THEN 1 ELSE 0 END AS c_{key}")
        if "%s" in condition:
            flag_params.append(queries.db_moment(now))
    rows = (
        f"SELECT a.team_id, {month} AS month, a.modality AS way, {', '.join(groups)}, "  # noqa: S608
        f"{_born_sql()} AS born, {', '.join(flags)} "
        f"FROM appointments_appointment a {MOVED_JOIN} "
        f"{PEOPLE_JOIN.format(person='a.service_user_id')} "
        "WHERE a.starts_at >= %s AND a.starts_at < %s"
    )
    params = [*month_params, *group_params, *flag_params, start, end]
    sums = ", ".join(f"SUM(c_{key})" for key in COUNT_KEYS)
    group_columns = [f"g_{g.key}" for g in STATIC_GROUPS]
    insert = (
        'INSERT INTO insights_contactcount (team_id, month, way, "group", value, '
        f"date_of_birth, {', '.join(COUNT_KEYS)}) "
    )
    if connection.vendor == "postgresql":
        which = " ".join(f"WHEN GROUPING(g_{g.key}) = 0 THEN '{g.key}'" for g in STATIC_GROUPS)
        sets = ", ".join(
            ["(team_id, month, way)"]
            + [f"(team_id, month, way, {c})" for c in group_columns]
            + ["(team_id, month, way, born)"]
        )
        select = (
            f"SELECT team_id, month, way, CASE {which} "  # noqa: S608
            "WHEN GROUPING(born) = 0 THEN 'age' ELSE '' END, "
            f"COALESCE({', '.join(group_columns)}, ''), born, {sums} FROM x "
            f"GROUP BY GROUPING SETS ({sets})"
        )
    else:
        branches = [f"SELECT team_id, month, way, '', '', NULL, {sums} FROM x GROUP BY 1, 2, 3"]  # noqa: S608
        for group in STATIC_GROUPS:
            branches.append(
                f"SELECT team_id, month, way, '{group.key}', g_{group.key}, NULL, {sums} "  # noqa: S608
                "FROM x GROUP BY 1, 2, 3, 5"
            )
        branches.append(
            f"SELECT team_id, month, way, 'age', '', born, {sums} FROM x GROUP BY 1, 2, 3, 6"  # noqa: S608
        )
        select = " UNION ALL ".join(branches)
    return f"WITH x AS ({rows}) {insert}{select}", params


def _person_facts_sql(first: dt.date, start: Any, end: Any) -> tuple[str, list[Any]]:
    month, month_params = _month_sql(first)
    groups, group_params = _groups_sql()
    ways = ", ".join(
        f"SUM(CASE WHEN b.way = '{way}' THEN b.bit ELSE 0 END) AS {way}" for way in WAYS
    )
    booked = (
        "SELECT DISTINCT a.team_id, a.service_user_id AS person_id, a.modality AS way, "  # noqa: S608
        f"CAST(1 AS BIGINT) << ({month}) AS bit "
        f"FROM appointments_appointment a {MOVED_JOIN} "
        f"WHERE a.starts_at >= %s AND a.starts_at < %s AND {CONDITIONS['booked']}"
    )
    sql = (
        "INSERT INTO insights_personfact (team_id, service_user_id, "  # noqa: S608
        f"{', '.join(WAYS)}, date_of_birth, {', '.join(f'g_{g.key}' for g in STATIC_GROUPS)}, "
        "shared) "
        f"SELECT f.team_id, f.person_id, {', '.join(f'f.{w}' for w in WAYS)}, {_born_sql()}, "
        f"{', '.join(groups)}, 1 = 0 FROM ("
        f"SELECT b.team_id, b.person_id, {ways} FROM ({booked}) b "
        "GROUP BY b.team_id, b.person_id) f "
        f"{PEOPLE_JOIN.format(person='f.person_id')}"
    )
    return sql, [*group_params, *month_params, start, end]


def _held_counts_sql(first: dt.date, start: Any, end: Any) -> tuple[str, list[Any]]:
    month, month_params = _month_sql(first)
    answered = (
        "SELECT r.service_user_id FROM measures_response r "
        "JOIN measures_instrument i ON i.id = r.instrument_id "
        "WHERE r.complete AND i.code = %s AND r.submitted_at >= %s AND r.submitted_at < %s "
        "GROUP BY r.service_user_id HAVING COUNT(*) >= 2"
    )
    sql = (
        "INSERT INTO insights_heldcount (team_id, service_user_id, month, way, held) "  # noqa: S608
        f"SELECT a.team_id, a.service_user_id, {month}, a.modality, COUNT(*) "
        "FROM appointments_appointment a "
        f"WHERE a.starts_at >= %s AND a.starts_at < %s AND a.attendance IN ({queries.HELD}) "
        f"AND a.service_user_id IN ({answered}) GROUP BY 1, 2, 3, 4"
    )
    return sql, [*month_params, start, end, defs.INSTRUMENT_PHQ9, start, end]


def _clinician_days_sql(start: Any, end: Any) -> tuple[str, list[Any]]:
    day, day_params = connection.ops.datetime_cast_date_sql(
        "a.starts_at", (), timezone.get_current_timezone_name()
    )
    breaches = "CAST(a.guardrail_breaches AS TEXT)"
    remote = ", ".join(f"'{w}'" for w in defs.REMOTE_WAYS)
    sql = (
        "INSERT INTO insights_clinicianday (team_id, clinician_id, day, appointments, "  # noqa: S608
        "minutes, over_guardrails, short_break) "
        f"SELECT a.team_id, a.clinician_id, {day}, COUNT(*), SUM(t.duration_minutes), "
        f"SUM(CASE WHEN {breaches} NOT IN ('[]', 'null', '') THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN LOWER({breaches}) LIKE '%%break%%' THEN 1 ELSE 0 END) "
        "FROM appointments_appointment a "
        "JOIN appointments_appointmenttype t ON t.id = a.appointment_type_id "
        f"WHERE a.starts_at >= %s AND a.starts_at < %s AND a.modality IN ({remote}) "
        "AND a.status = 'booked' GROUP BY 1, 2, 3"
    )
    return sql, [*day_params, start, end]


def _disengaged(now: dt.datetime) -> None:
    today = timezone.localdate(now)
    rows = []
    for team in CareTeam.objects.order_by("pk"):
        on_the_day = Scope(team_ids=(team.pk,), first=today, last=today, now=now)
        for way, people in service_queries.disengaged(on_the_day).items():
            rows.append(Disengaged(team=team, way=way, people=people))
    Disengaged.objects.bulk_create(rows)


# --- Reading ------------------------------------------------------------------------


def latest() -> Build | None:
    return Build.objects.first()


def months(scope: Scope, build: Build | None = None) -> tuple[Build, int, int]:
    """The build, and the numbers of the scope's first and last months in it."""
    build = build or latest()
    if build is None:
        raise NotAvailable("The figures have not been worked out yet.")
    if scope.first.day != 1 or month_end(scope.last) != scope.last:
        raise NotAvailable("The period must run from the start of a month to the end of one.")
    first, last = _index(build, scope.first), _index(build, scope.last.replace(day=1))
    if first < 0 or last >= WINDOW_MONTHS:
        raise NotAvailable(
            f"Figures are kept from {build.first_month:%B %Y} to {build.last_month:%B %Y}."
        )
    return build, first, last


def _mask(first: int, last: int) -> int:
    return ((1 << (last + 1)) - 1) - ((1 << first) - 1)


def _teams(scope: Scope) -> tuple[str, list[Any]]:
    return f"team_id IN ({queries.placeholders(scope.team_ids)})", list(scope.team_ids)


def contacts(scope: Scope, build: Build | None = None) -> queries.Contacts:
    """The same as ``queries.contacts``, from the roll-up."""
    build, first, last = months(scope, build)
    overall = Tally()
    by_group: dict[str, dict[str, Tally]] = {g.key: {} for g in defs.GROUPS}
    age, age_params = defs.GROUP_BY_KEY["age"].sql(scope.last)
    teams, team_params = _teams(scope)
    sums = ", ".join(f"SUM({key})" for key in COUNT_KEYS)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT p."group", CASE WHEN p."group" = \'age\' THEN {age} ELSE p.value END, '  # noqa: S608
            f"p.way, {sums} FROM insights_contactcount p "
            f"WHERE p.{teams} AND p.month >= %s AND p.month <= %s GROUP BY 1, 2, 3",
            [*age_params, *team_params, first, last],
        )
        for group, value, way, *counts in cursor.fetchall():
            tally = overall if not group else by_group[group].setdefault(str(value), Tally())
            for key, n in zip(COUNT_KEYS, counts, strict=True):
                for bucket in (way, defs.ALL_WAYS):
                    found = tally.counts.setdefault(bucket, {})
                    found[key] = found.get(key, 0) + int(n or 0)
    for group_key, way, people in _people(scope, first, last):
        tally = (
            overall
            if group_key is None
            else by_group[group_key[0]].setdefault(group_key[1], Tally())
        )
        tally.counts.setdefault(way, {})["people"] = people
    return queries.Contacts(overall=overall, by_group=by_group)


def _people(scope: Scope, first: int, last: int) -> list[tuple[tuple[str, str] | None, str, int]]:
    """People with a booked appointment in the months, by way, overall and per group."""
    mask = _mask(first, last)
    age, age_params = defs.GROUP_BY_KEY["age"].sql(scope.last)
    teams, team_params = _teams(scope)
    keys = [g.key for g in defs.GROUPS]
    group_columns = [f"g_{k}" for k in keys]
    columns = [f"{age} AS g_age", *(f"p.g_{g.key}" for g in STATIC_GROUPS)]
    flags = [f"CASE WHEN (p.{w} & %s) <> 0 THEN 1 ELSE 0 END AS {w}" for w in WAYS]
    any_way = " | ".join(f"p.{w}" for w in WAYS)
    rows = (
        f"SELECT p.service_user_id, {', '.join(columns)}, {', '.join(flags)} "  # noqa: S608
        f"FROM insights_personfact p WHERE p.{teams} AND (({any_way}) & %s) <> 0"
    )
    params: list[Any] = [*age_params, *([mask] * len(WAYS)), *team_params, mask]
    if len(scope.team_ids) > 1:
        # A person booked with two of the chosen teams counts once: only the
        # few people booked with more than one team need grouping.
        listed = ", ".join([*group_columns, *WAYS])
        rows = (
            f"SELECT {listed} FROM ({rows} AND NOT p.shared) single UNION ALL "  # noqa: S608
            f"SELECT {', '.join(f'MAX({c})' for c in [*group_columns, *WAYS])} "
            f"FROM ({rows} AND p.shared) several GROUP BY service_user_id"
        )
        params = params * 2
    sums = ", ".join([*(f"SUM({w})" for w in WAYS), "COUNT(*)"])
    sql = queries.grouped_sql(rows, group_columns, sums)
    found: list[tuple[tuple[str, str] | None, str, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            named = [(k, str(v)) for k, v in zip(keys, row, strict=False) if v is not None]
            group_key = named[0] if named else None
            counts = row[len(keys) :]
            for way, n in zip([*WAYS, defs.ALL_WAYS], counts, strict=True):
                found.append((group_key, way, int(n or 0)))
    return found


def main_way(scope: Scope, people: list[int]) -> dict[int, str]:
    """The same as ``outcome_queries.main_way``, from the roll-up: each person's way with
    the most held appointments (face to face, then video, then phone, on a tie)."""
    _build, first, last = months(scope)
    wanted = set(people)
    teams, team_params = _teams(scope)
    order = " ".join(f"WHEN '{way}' THEN {n}" for n, way in enumerate(WAYS))
    found: dict[int, str] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT service_user_id, way FROM ("  # noqa: S608
            "SELECT service_user_id, way, ROW_NUMBER() OVER (PARTITION BY service_user_id "
            f"ORDER BY SUM(held) DESC, CASE way {order} ELSE 9 END) AS n "
            f"FROM insights_heldcount WHERE {teams} AND month >= %s AND month <= %s "
            "GROUP BY service_user_id, way) ranked WHERE n = 1",
            [*team_params, first, last],
        )
        for person, way in cursor.fetchall():
            if person in wanted:
                found[person] = way
    return found


def outcomes(scope: Scope) -> outcome_queries.Outcomes:
    """``outcome_queries.outcomes`` with each person's way from the roll-up."""
    return outcome_queries.outcomes(scope, main_way=main_way)


def monthly_uptake(scope: Scope, build: Build | None = None) -> dict[dt.date, dict[str, int]]:
    """The same as ``queries.monthly_uptake``, from the roll-up."""
    build, first, last = months(scope, build)
    teams, team_params = _teams(scope)
    found: dict[int, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT month, way, SUM(held) FROM insights_contactcount "  # noqa: S608
            f"WHERE \"group\" = '' AND {teams} AND month >= %s AND month <= %s GROUP BY 1, 2",
            [*team_params, first, last],
        )
        for month, way, held in cursor.fetchall():
            found[month][way] = int(held or 0)
    return {
        add_months(build.first_month, n): {way: found.get(n, {}).get(way, 0) for way in WAYS}
        for n in range(first, last + 1)
    }


def staff(scope: Scope, build: Build | None = None) -> service_queries.Staff:
    """The same as ``service_queries.staff``, from the roll-up."""
    months(scope, build)
    days = ClinicianDay.objects.filter(
        team_id__in=scope.team_ids, day__gte=scope.first, day__lte=scope.last
    )
    appointments = minutes = over = short = over_days = 0
    for team in CareTeam.objects.filter(pk__in=scope.team_ids):
        limit_minutes = float(rules_for(team).max_remote_hours_per_day) * 60
        totals = days.filter(team=team).aggregate(
            n=Sum("appointments"),
            total_minutes=Sum("minutes"),
            over=Sum("over_guardrails"),
            short=Sum("short_break"),
            over_days=Count("pk", filter=Q(minutes__gt=limit_minutes)),
        )
        appointments += totals["n"] or 0
        minutes += totals["total_minutes"] or 0
        over += totals["over"] or 0
        short += totals["short"] or 0
        over_days += totals["over_days"] or 0
    return service_queries.Staff(
        remote_hours=minutes / 60,
        remote_appointments=appointments,
        days_over_hours=over_days,
        bookings_over_guardrails=over,
        bookings_short_break=short,
    )


def disengaged(scope: Scope, build: Build | None = None) -> dict[str, int]:
    """The same as ``service_queries.disengaged``: from the roll-up when the period runs
    to the build's day or later, otherwise counted from the appointments."""
    build, _first, _last = months(scope, build)
    built_on = timezone.localdate(build.built_at)
    if scope.last < built_on:
        return service_queries.disengaged(scope)
    found: dict[str, int] = defaultdict(int)
    for way, people in Disengaged.objects.filter(team_id__in=scope.team_ids).values_list(
        "way", "people"
    ):
        found[way] += people
    return dict(found)
