"""The insights report's reads: aggregates worked out in the database.

Every function takes a ``Scope`` (team ids already checked by
``tandem.insights.selectors``, and the period) and returns raw counts; nothing
here suppresses or rounds (``tandem.insights.report`` does). Rows of teams
outside the scope never enter a query: each one filters on the scope's team
ids first.

The big one, ``contacts``, reads every appointment in the period once: it
counts per person and way in one pass, then groups people by each of the
groups in ``definitions.GROUPS``. On PostgreSQL that second step is one
GROUPING SETS query; elsewhere (SQLite) one GROUP BY per group, joined with
UNION ALL, from the same SQL. Python only ever sees the grouped rows.

The report reads the appointment figures from the nightly roll-up
(``tandem.insights.rollup``, built from the pieces here); these direct
queries are the reference the tests compare it with, and still serve the
small sections (waits, choice, outcomes' answers, inclusion, alerts,
messaging) and 'disengaged' for a period that ended before the last build.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tandem.appointments.models import Appointment, Referral
from tandem.appointments.slots import at
from tandem.inclusion.models import ModalityChangeRequest
from tandem.insights import definitions as defs
from tandem.people.models import CaseloadEntry
from tandem.preferences.codes import REMOTE_MODALITIES, Modality
from tandem.preferences.models import SharedDecision


@dataclass(frozen=True)
class Scope:
    """Whose rows count, and when: the teams (checked by the access module) and
    the period's first and last local dates, both included."""

    team_ids: tuple[int, ...]
    first: dt.date
    last: dt.date
    now: dt.datetime

    @property
    def start(self) -> dt.datetime:
        return at(self.first, dt.time.min)

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        return at(self.last + dt.timedelta(days=1), dt.time.min)

    @property
    def on(self) -> dt.date:
        """The day ages and caseloads are taken on: the last day, or today if sooner."""
        return min(self.last, timezone.localdate(self.now))


def db_moment(value: dt.datetime) -> Any:
    """A moment as the database compares it in raw SQL (UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def placeholders(values: tuple[object, ...]) -> str:
    return ", ".join(["%s"] * len(values))


def _codes(codes: tuple[str, ...]) -> str:
    assert all(c.isalnum() for c in codes)
    return ", ".join(f"'{c}'" for c in codes)


def in_scope_entries(scope: Scope) -> Q:
    """Caseload entries of the scope's teams open at any time in the period."""
    return Q(team_id__in=scope.team_ids, opened_on__lte=scope.last) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=scope.first)
    )


def in_scope_people(scope: Scope):  # type: ignore[no-untyped-def]
    """Ids of people open to a chosen team at some time in the period (a subquery)."""
    return CaseloadEntry.objects.filter(in_scope_entries(scope)).values("service_user_id")


def grouped_sql(people_sql: str, group_columns: list[str], sums: str) -> str:
    """``sums`` over the rows of ``people_sql`` once per group column and once
    overall: one GROUPING SETS query on PostgreSQL, else one GROUP BY per group
    joined with UNION ALL. A row's NULL columns are the groups it is not for."""
    if connection.vendor == "postgresql":
        sets = ", ".join([f"({c})" for c in group_columns] + ["()"])
        return (
            f"WITH people AS ({people_sql}) "  # noqa: S608
            f"SELECT {', '.join(group_columns)}, {sums} FROM people "
            f"GROUP BY GROUPING SETS ({sets})"
        )
    branches = []
    for column in [*group_columns, None]:
        picked = ", ".join(c if c == column else "NULL" for c in group_columns)
        group_by = f" GROUP BY {column}" if column else ""
        branches.append(f"SELECT {picked}, {sums} FROM people{group_by}")  # noqa: S608
    return f"WITH people AS ({people_sql}) " + " UNION ALL ".join(branches)


# --- Contacts by way and by group ---------------------------------------------------

HELD = _codes(defs.HELD_CODES)
DNA = _codes(defs.DNA_CODES)
OUTCOME = _codes(defs.HELD_CODES + defs.DNA_CODES)

# Each count in definitions.COUNTS as a condition on an appointment ``a`` and
# ``m``, the appointment it was moved to (NULL when it was not moved; see MOVED_JOIN).
CONDITIONS = {
    "offered": "1 = 1",
    "booked": "m.moved_from_id IS NULL",
    "held": f"a.attendance IN ({HELD})",
    "dna": f"a.attendance IN ({DNA})",
    "cancelled_person": (
        f"a.attendance IN ({_codes(defs.CANCELLED_BY_PERSON_CODES)}) AND m.moved_from_id IS NULL"
    ),
    "cancelled_service": (
        f"a.attendance IN ({_codes(defs.CANCELLED_BY_SERVICE_CODES)}) AND m.moved_from_id IS NULL"
    ),
    "no_outcome": "a.status = 'booked' AND a.attendance = '' AND a.starts_at < %s",
    "technical_failure": f"a.technical_failure AND a.attendance IN ({OUTCOME})",
    "switched": f"a.switched_to <> '' AND a.attendance IN ({HELD})",
}
assert set(CONDITIONS) == {c.key for c in defs.COUNTS}
# Moves are few: join only the appointments that were moved from another one
# (a small hash table), not the whole table to itself.
MOVED_JOIN = (
    "LEFT JOIN (SELECT moved_from_id FROM appointments_appointment "
    "WHERE moved_from_id IS NOT NULL) m ON m.moved_from_id = a.id"
)
WAYS = tuple(code for code, _ in defs.APPOINTMENT_WAYS)
ALL_WAYS = (*WAYS, defs.ALL_WAYS)


@dataclass
class Tally:
    """Raw counts for one group of people, by way (and for all ways)."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def get(self, key: str, way: str = defs.ALL_WAYS) -> int:
        if key == defs.SEEN_OR_DNA:
            return self.get("held", way) + self.get("dna", way)
        return self.counts.get(way, {}).get(key, 0)


@dataclass
class Contacts:
    overall: Tally
    # {group key: {group value: Tally}}
    by_group: dict[str, dict[str, Tally]]


def _column(key: str, way: str) -> str:
    return f"{key}__{way}"


def _per_person_sql(scope: Scope) -> tuple[str, list[Any]]:
    sums: list[str] = []
    params: list[Any] = []
    for way in ALL_WAYS:
        for key, condition in CONDITIONS.items():
            where = condition if way == defs.ALL_WAYS else f"a.modality = '{way}' AND {condition}"
            sums.append(f"SUM(CASE WHEN {where} THEN 1 ELSE 0 END) AS {_column(key, way)}")
            if "%s" in condition:
                params.append(db_moment(scope.now))
    sql = (
        f"SELECT a.service_user_id AS person_id, {', '.join(sums)} "  # noqa: S608
        "FROM appointments_appointment a "
        f"{MOVED_JOIN} "
        f"WHERE a.team_id IN ({placeholders(scope.team_ids)}) "
        "AND a.starts_at >= %s AND a.starts_at < %s "
        "GROUP BY a.service_user_id"
    )
    return sql, [*params, *scope.team_ids, db_moment(scope.start), db_moment(scope.end)]


def _people_sql(scope: Scope) -> tuple[str, list[Any]]:
    """Per-person counts with each group's code (the CTE the grouping reads)."""
    inner, inner_params = _per_person_sql(scope)
    groups: list[str] = []
    # Group expressions come before the inner query in the SQL, so their
    # parameters go first.
    params: list[Any] = []
    for group in defs.GROUPS:
        expression, group_params = group.sql(scope.last)
        groups.append(f"{expression} AS g_{group.key}")
        params.extend(group_params)
    sql = (
        f"SELECT pp.*, {', '.join(groups)} FROM ({inner}) pp "  # noqa: S608
        "JOIN people_serviceuser p ON p.id = pp.person_id "
        "LEFT JOIN preferences_digitalaccesscheck d "
        "ON d.service_user_id = p.id AND d.is_current"
    )
    return sql, [*params, *inner_params]


def _sums() -> list[str]:
    columns = [f"SUM({_column(key, way)})" for way in ALL_WAYS for key in CONDITIONS]
    columns += [
        f"SUM(CASE WHEN {_column('booked', way)} > 0 THEN 1 ELSE 0 END)" for way in ALL_WAYS
    ]
    return columns


MEASURE_ORDER = [(key, way) for way in ALL_WAYS for key in CONDITIONS] + [
    ("people", way) for way in ALL_WAYS
]


def contacts(scope: Scope) -> Contacts:
    """Every count in ``definitions.COUNTS`` by way, overall and for each group."""
    people_sql, params = _people_sql(scope)
    group_columns = [f"g_{g.key}" for g in defs.GROUPS]
    sql = grouped_sql(people_sql, group_columns, ", ".join(_sums()))
    overall = Tally()
    by_group: dict[str, dict[str, Tally]] = {g.key: {} for g in defs.GROUPS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(group_columns)
    for row in rows:
        tally = Tally()
        for (key, way), value in zip(MEASURE_ORDER, row[width:], strict=True):
            tally.counts.setdefault(way, {})[key] = int(value or 0)
        grouped = [(g.key, row[i]) for i, g in enumerate(defs.GROUPS) if row[i] is not None]
        if not grouped:
            overall = tally
        else:
            group_key, value = grouped[0]
            by_group[group_key][str(value)] = tally
    return Contacts(overall=overall, by_group=by_group)


# --- Uptake over time ---------------------------------------------------------------


def monthly_uptake(scope: Scope) -> dict[dt.date, dict[str, int]]:
    """Held appointments per calendar month (local time), by way booked."""
    rows = (
        Appointment.objects.filter(
            team_id__in=scope.team_ids,
            starts_at__gte=scope.start,
            starts_at__lt=scope.end,
            attendance__in=defs.HELD_CODES,
        )
        .annotate(month=TruncMonth("starts_at"))
        .values("month", "modality")
        .annotate(held=Count("pk"))
        .order_by()
    )
    found: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        month = row["month"]
        month = timezone.localdate(month) if isinstance(month, dt.datetime) else month
        found[month.replace(day=1)][row["modality"]] = row["held"]
    months: dict[dt.date, dict[str, int]] = {}
    cursor = scope.first.replace(day=1)
    while cursor <= scope.last:
        months[cursor] = {way: found.get(cursor, {}).get(way, 0) for way in WAYS}
        cursor = (cursor + dt.timedelta(days=32)).replace(day=1)
    return months


# --- Choice: declined remote, asked to change ---------------------------------------


@dataclass(frozen=True)
class Choice:
    decisions: int
    declined_remote: int  # people
    change_requests: int  # people
    change_to: dict[str, int]  # people, by the way asked for


def choice(scope: Scope) -> Choice:
    people = in_scope_people(scope)
    decisions = SharedDecision.objects.filter(
        service_user_id__in=people, decided_at__gte=scope.start, decided_at__lt=scope.end
    ).values_list("service_user_id", "options_discussed", "decision")
    declined: set[int] = set()
    count = 0
    for person, options, decision in decisions:
        count += 1
        remote_discussed = bool(set(options or []) & set(REMOTE_MODALITIES))
        if remote_discussed and decision == Modality.FACE_TO_FACE:
            declined.add(person)
    requests = ModalityChangeRequest.objects.filter(
        service_user_id__in=people, raised_at__gte=scope.start, raised_at__lt=scope.end
    )
    change_to = {
        row["modality"]: row["people"]
        for row in requests.values("modality").annotate(
            people=Count("service_user_id", distinct=True)
        )
    }
    return Choice(
        decisions=count,
        declined_remote=len(declined),
        change_requests=requests.values("service_user_id").distinct().count(),
        change_to=change_to,
    )


# --- Waits --------------------------------------------------------------------------


@dataclass(frozen=True)
class Wait:
    referrals: int
    waiting: int  # not yet offered / not yet held
    median_days: float | None
    within_28_days: int


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def waits(scope: Scope) -> dict[str, dict[str, Wait]]:
    """{'offered'|'held': {way or 'all': Wait}} for referrals received in the period."""
    received = Referral.objects.filter(
        team_id__in=scope.team_ids, received_on__gte=scope.first, received_on__lte=scope.last
    )
    found: dict[str, dict[str, Wait]] = {}
    for stage, reached, way_field in (
        ("offered", "first_offered_on", "first_offered_modality"),
        ("held", "first_held_on", "first_held_modality"),
    ):
        waiting = received.filter(**{f"{reached}__isnull": True}).count()
        # Referrals counted by way and days waited: a few hundred rows, not one a referral.
        counted = (
            received.filter(**{f"{reached}__isnull": False})
            .annotate(gap=ExpressionWrapper(F(reached) - F("received_on"), DurationField()))
            .values_list(way_field, "gap")
            .annotate(n=Count("pk"))
            .order_by()
        )
        by_way: dict[str, list[int]] = defaultdict(list)
        for way, gap, n in counted:
            days = cast(dt.timedelta, gap).days
            by_way[cast(str, way) or "face_to_face"].extend([days] * n)
            by_way[defs.ALL_WAYS].extend([days] * n)
        found[stage] = {
            way: Wait(
                referrals=len(by_way[way]) + (waiting if way == defs.ALL_WAYS else 0),
                waiting=waiting if way == defs.ALL_WAYS else 0,
                median_days=_median(by_way[way]),
                within_28_days=sum(1 for g in by_way[way] if g <= 28),
            )
            for way in ALL_WAYS
        }
    return found


# --- Outcomes -----------------------------------------------------------------------
