"""The insights report's reads: aggregates worked out in the database.

Every function takes a ``Scope`` (team ids already checked by
``tandem.access.insights``, and the period) and returns raw counts; nothing
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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from tandem.alerts.models import Alert
from tandem.appointments.guardrails import rules_for
from tandem.appointments.models import Appointment, Referral, Status
from tandem.appointments.slots import at
from tandem.inclusion.models import DeviceLoan, HelpRequest, ModalityChangeRequest
from tandem.insights import definitions as defs
from tandem.measures.models import Response
from tandem.measures.outcomes import (
    Pair,
    at_caseness,
    recovered,
    reliable_improvement,
    reliably_recovered,
)
from tandem.messaging.models import AuthorKind, Message
from tandem.people.models import CareTeam, CaseloadEntry
from tandem.preferences.codes import REMOTE_MODALITIES, Modality
from tandem.preferences.models import DigitalAccessCheck, SharedDecision, YesSometimesNo


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


def _moment(value: dt.datetime) -> Any:
    """A moment as the database compares it in raw SQL (UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def _in(values: tuple[object, ...]) -> str:
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
                params.append(_moment(scope.now))
    sql = (
        f"SELECT a.service_user_id AS person_id, {', '.join(sums)} "  # noqa: S608
        "FROM appointments_appointment a "
        f"{MOVED_JOIN} "
        f"WHERE a.team_id IN ({_in(scope.team_ids)}) AND a.starts_at >= %s AND a.starts_at < %s "
        "GROUP BY a.service_user_id"
    )
    return sql, [*params, *scope.team_ids, _moment(scope.start), _moment(scope.end)]


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
    sums = ", ".join(_sums())
    if connection.vendor == "postgresql":
        sets = ", ".join([f"({c})" for c in group_columns] + ["()"])
        sql = (
            f"WITH people AS ({people_sql}) "  # noqa: S608
            f"SELECT {', '.join(group_columns)}, {sums} FROM people "
            f"GROUP BY GROUPING SETS ({sets})"
        )
    else:
        branches = []
        for column in [*group_columns, None]:
            picked = ", ".join(c if c == column else "NULL" for c in group_columns)
            group_by = f" GROUP BY {column}" if column else ""
            branches.append(f"SELECT {picked}, {sums} FROM people{group_by}")  # noqa: S608
        sql = f"WITH people AS ({people_sql}) " + " UNION ALL ".join(branches)
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


@dataclass
class OutcomeTally:
    people: int = 0  # with a first and last pair
    caseness: int = 0  # at caseness at the start
    improved: int = 0  # reliable improvement
    recovered: int = 0  # among those at caseness
    reliably_recovered: int = 0


def person_pairs(scope: Scope) -> dict[int, tuple[Pair, Pair]]:
    """First and last same-day PHQ-9 + GAD-7 pair of each person in the period."""
    rows = (
        Response.objects.filter(
            team_id__in=scope.team_ids,
            service_user_id__in=in_scope_people(scope),
            submitted_at__gte=scope.start,
            submitted_at__lt=scope.end,
            complete=True,
            instrument__code__in=(defs.INSTRUMENT_PHQ9, defs.INSTRUMENT_GAD7),
        )
        .annotate(day=TruncDate("submitted_at"))
        .values_list("service_user_id", "day", "instrument__code", "total")
        # Ordered by time, but the times themselves are not fetched (costly to read).
        .order_by("service_user_id", "submitted_at")
    )
    occasions: dict[int, dict[dt.date, dict[str, int]]] = defaultdict(dict)
    for person, day, code, total in rows:
        # The last answer on a day stands for that day.
        occasions[person].setdefault(day, {})[code] = cast(int, total)
    pairs: dict[int, tuple[Pair, Pair]] = {}
    for person, days in occasions.items():
        complete = [
            Pair(phq9=scores[defs.INSTRUMENT_PHQ9], gad7=scores[defs.INSTRUMENT_GAD7])
            for _day, scores in sorted(days.items())
            if defs.INSTRUMENT_PHQ9 in scores and defs.INSTRUMENT_GAD7 in scores
        ]
        if len(complete) >= 2:
            pairs[person] = (complete[0], complete[-1])
    return pairs


def main_way(scope: Scope, people: list[int]) -> dict[int, str]:
    """The way most of each person's held appointments in the period were held."""
    if connection.vendor == "postgresql" and people:
        # One array parameter rather than thousands: the person index does the rest.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT service_user_id, modality, COUNT(*) FROM appointments_appointment "  # noqa: S608
                f"WHERE service_user_id = ANY(%s) AND team_id IN ({_in(scope.team_ids)}) "
                f"AND starts_at >= %s AND starts_at < %s AND attendance IN ({HELD}) "
                "GROUP BY 1, 2",
                [people, *scope.team_ids, _moment(scope.start), _moment(scope.end)],
            )
            rows = [
                {"service_user_id": person, "modality": way, "n": n}
                for person, way, n in cursor.fetchall()
            ]
    else:
        rows = list(
            Appointment.objects.filter(
                team_id__in=scope.team_ids,
                service_user_id__in=people,
                starts_at__gte=scope.start,
                starts_at__lt=scope.end,
                attendance__in=defs.HELD_CODES,
            )
            .values("service_user_id", "modality")
            .annotate(n=Count("pk"))
            .order_by()
        )
    return busiest_way((row["service_user_id"], row["modality"], row["n"]) for row in rows)


def busiest_way(rows: Iterable[tuple[int, str, int]]) -> dict[int, str]:
    """From (person, way, held) rows, each person's way with the most held
    (face to face, then video, then phone, on a tie)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for person, way, held in rows:
        counts[person][way] += held
    order = {way: i for i, way in enumerate(WAYS)}
    return {
        person: min(c.items(), key=lambda item: (-item[1], order.get(item[0], 9)))[0]
        for person, c in counts.items()
    }


def groups_of(scope: Scope, people: list[int]) -> dict[int, dict[str, str]]:
    """Each person's code in every group, from the same SQL as ``contacts``."""
    if not people:
        return {}
    columns: list[str] = []
    params: list[Any] = []
    for group in defs.GROUPS:
        expression, group_params = group.sql(scope.last)
        columns.append(expression)
        params.extend(group_params)
    found: dict[int, dict[str, str]] = {}
    if connection.vendor == "postgresql":
        # One array parameter rather than many chunks of thousands.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id, {', '.join(columns)} FROM people_serviceuser p "  # noqa: S608
                "LEFT JOIN preferences_digitalaccesscheck d "
                "ON d.service_user_id = p.id AND d.is_current WHERE p.id = ANY(%s)",
                [*params, people],
            )
            for row in cursor.fetchall():
                found[row[0]] = {g.key: str(v) for g, v in zip(defs.GROUPS, row[1:], strict=True)}
        return found
    with connection.cursor() as cursor:
        for start in range(0, len(people), 500):
            chunk = people[start : start + 500]
            cursor.execute(
                f"SELECT p.id, {', '.join(columns)} FROM people_serviceuser p "  # noqa: S608
                "LEFT JOIN preferences_digitalaccesscheck d "
                "ON d.service_user_id = p.id AND d.is_current "
                f"WHERE p.id IN ({_in(tuple(chunk))})",
                [*params, *chunk],
            )
            for row in cursor.fetchall():
                found[row[0]] = {g.key: str(v) for g, v in zip(defs.GROUPS, row[1:], strict=True)}
    return found


@dataclass
class Outcomes:
    # {way or 'all': OutcomeTally}
    by_way: dict[str, OutcomeTally]
    # {group key: {value: OutcomeTally}}
    by_group: dict[str, dict[str, OutcomeTally]]


def outcomes(
    scope: Scope, *, main_way: Callable[[Scope, list[int]], dict[int, str]] = main_way
) -> Outcomes:
    """NHS Talking Therapies outcomes, using tandem.measures.outcomes for every person."""
    pairs = person_pairs(scope)
    people = sorted(pairs)
    ways = main_way(scope, people)
    groups = groups_of(scope, people)
    by_way: dict[str, OutcomeTally] = {way: OutcomeTally() for way in ALL_WAYS}
    by_group: dict[str, dict[str, OutcomeTally]] = {g.key: {} for g in defs.GROUPS}
    # People alike in way, groups and outcome are counted together, then added
    # to each tally once (thousands of people, a few hundred kinds).
    Flags = tuple[bool, bool, bool, bool]
    alike: Counter[tuple[str | None, tuple[tuple[str, str], ...], Flags]] = Counter()
    for person in people:
        first, last = pairs[person]
        flags = (
            bool(at_caseness(first)),
            bool(reliable_improvement(first, last)),
            bool(recovered(first, last)),
            bool(reliably_recovered(first, last)),
        )
        alike[(ways.get(person), tuple(groups.get(person, {}).items()), flags)] += 1
    for (way, person_groups, flags), n in alike.items():
        tallies = [by_way[defs.ALL_WAYS]]
        if way is not None:
            tallies.append(by_way[way])
        for group_key, value in person_groups:
            tallies.append(by_group[group_key].setdefault(value, OutcomeTally()))
        caseness, improved, recovery, reliable_recovery = flags
        for tally in tallies:
            tally.people += n
            tally.caseness += caseness * n
            tally.improved += improved * n
            tally.recovered += recovery * n
            tally.reliably_recovered += reliable_recovery * n
    return Outcomes(by_way=by_way, by_group=by_group)


# --- Disengaged ---------------------------------------------------------------------


def disengaged(scope: Scope) -> dict[str, int]:
    """People with no held contact for longer than their team's limit, by last way
    held ('never' for people never seen)."""
    on = scope.on
    found: Counter[str] = Counter()
    until = at(on + dt.timedelta(days=1), dt.time.min)
    for team in CareTeam.objects.filter(pk__in=scope.team_ids):
        limit = rules_for(team).no_contact_days
        cutoff = on - dt.timedelta(days=limit)
        # The latest held appointment per person in the team, with its way.
        sql = (
            "SELECT e.service_user_id, e.opened_on, last.starts_at, last.way FROM "  # noqa: S608
            "people_caseloadentry e LEFT JOIN ("
            "SELECT service_user_id, starts_at, way FROM ("
            "SELECT a.service_user_id, a.starts_at, "
            "CASE WHEN a.switched_to <> '' THEN a.switched_to ELSE a.modality END AS way, "
            "ROW_NUMBER() OVER (PARTITION BY a.service_user_id "
            "ORDER BY a.starts_at DESC, a.id DESC) AS n "
            "FROM appointments_appointment a "
            f"WHERE a.team_id = %s AND a.attendance IN ({HELD}) AND a.starts_at < %s"
            ") ranked WHERE n = 1) last ON last.service_user_id = e.service_user_id "
            "WHERE e.team_id = %s AND e.opened_on <= %s "
            "AND (e.closed_on IS NULL OR e.closed_on > %s) "
            "AND ((last.starts_at IS NULL AND e.opened_on < %s) OR last.starts_at < %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    team.pk,
                    _moment(until),
                    team.pk,
                    on,
                    on,
                    cutoff,
                    _moment(at(cutoff, dt.time.min)),
                ],
            )
            for _person, _opened, _held_at, way in cursor.fetchall():
                found[way or "never"] += 1
    return dict(found)


# --- Digital inclusion --------------------------------------------------------------


@dataclass(frozen=True)
class Inclusion:
    help_requests: int
    people_asking_help: int
    devices_lent: int
    no_private_space: int
    checked: int


def inclusion(scope: Scope) -> Inclusion:
    people = in_scope_people(scope)
    requests = HelpRequest.objects.filter(
        service_user_id__in=people, raised_at__gte=scope.start, raised_at__lt=scope.end
    ).aggregate(raised=Count("pk"), people=Count("service_user_id", distinct=True))
    checks = DigitalAccessCheck.objects.filter(
        service_user_id__in=people, is_current=True
    ).aggregate(
        checked=Count("pk"), no_space=Count("pk", filter=Q(private_space=YesSometimesNo.NO))
    )
    return Inclusion(
        help_requests=requests["raised"],
        people_asking_help=requests["people"],
        devices_lent=DeviceLoan.objects.filter(
            service_user_id__in=people, lent_on__gte=scope.first, lent_on__lte=scope.last
        ).count(),
        no_private_space=checks["no_space"],
        checked=checks["checked"],
    )


# --- Staff --------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    remote_hours: float
    remote_appointments: int
    days_over_hours: int  # clinician-days over the team's daily remote hours
    bookings_over_guardrails: int
    bookings_short_break: int


def staff(scope: Scope) -> Staff:
    remote = Appointment.objects.filter(
        team_id__in=scope.team_ids,
        starts_at__gte=scope.start,
        starts_at__lt=scope.end,
        modality__in=defs.REMOTE_WAYS,
        status=Status.BOOKED,
    )
    seconds = 0.0
    count = 0
    for row in remote.values("appointment_type__duration_minutes").annotate(n=Count("pk")):
        count += row["n"]
        seconds += row["n"] * row["appointment_type__duration_minutes"] * 60
    over_days = 0
    for team in CareTeam.objects.filter(pk__in=scope.team_ids):
        limit_minutes = float(rules_for(team).max_remote_hours_per_day) * 60
        over_days += (
            remote.filter(team=team)
            .annotate(day=TruncDate("starts_at"))
            .values("clinician_id", "day")
            .annotate(minutes=Sum("appointment_type__duration_minutes"))
            .filter(minutes__gt=limit_minutes)
            .count()
        )
    breaches = list(
        remote.exclude(guardrail_breaches=[]).values_list("guardrail_breaches", flat=True)
    )
    return Staff(
        remote_hours=seconds / 3600,
        remote_appointments=count,
        days_over_hours=over_days,
        bookings_over_guardrails=len(breaches),
        bookings_short_break=sum(
            1 for found in breaches if any("break" in str(b).lower() for b in (found or []))
        ),
    )


# --- Alerts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Alerts:
    raised: int
    acknowledged: int
    in_time: int  # acknowledged by the time it was due
    late_or_waiting: int  # acknowledged late, or still waiting past the time due
    median_hours: float | None


def alerts(scope: Scope) -> Alerts:
    raised = Alert.objects.filter(
        team_id__in=scope.team_ids, raised_at__gte=scope.start, raised_at__lt=scope.end
    )
    acknowledged = Q(acknowledged_at__isnull=False)
    found = raised.aggregate(
        raised=Count("pk"),
        acknowledged=Count("pk", filter=acknowledged),
        in_time=Count("pk", filter=acknowledged & Q(acknowledged_at__lte=F("respond_by"))),
        late=Count(
            "pk",
            filter=(acknowledged & Q(acknowledged_at__gt=F("respond_by")))
            | Q(acknowledged_at__isnull=True, respond_by__lt=scope.now),
        ),
    )
    # Hours from raised to acknowledged, worked out in the database (reading
    # thousands of times into Python is the slow part).
    taken = (
        raised.filter(acknowledged)
        .annotate(taken=ExpressionWrapper(F("acknowledged_at") - F("raised_at"), DurationField()))
        .values_list("taken", flat=True)
    )
    hours = [t.total_seconds() / 3600 for t in taken]
    median = statistics.median(hours) if hours else None
    return Alerts(
        raised=found["raised"],
        acknowledged=found["acknowledged"],
        in_time=found["in_time"],
        late_or_waiting=found["late"],
        median_hours=round(median, 1) if median is not None else None,
    )


# --- Messaging ----------------------------------------------------------------------


@dataclass(frozen=True)
class Messaging:
    from_people: int  # messages from service users and carers
    from_team: int
    people_with_team_message: int


def messaging(scope: Scope) -> Messaging:
    sent = Message.objects.filter(
        thread__team_id__in=scope.team_ids, sent_at__gte=scope.start, sent_at__lt=scope.end
    )
    by_kind = dict(
        sent.values("author_kind")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("author_kind", "n")
    )
    return Messaging(
        from_people=by_kind.get(AuthorKind.SERVICE_USER, 0) + by_kind.get(AuthorKind.CARER, 0),
        from_team=by_kind.get(AuthorKind.STAFF, 0),
        people_with_team_message=sent.filter(author_kind=AuthorKind.STAFF)
        .values("thread__service_user_id")
        .distinct()
        .count(),
    )
