"""Outcomes for the insights report: each person's first and last PHQ-9 and
GAD-7 pair in the period, judged by ``tandem.measures.outcomes`` (NHS Talking
Therapies' rules), counted by the way they were mostly seen and by group.

Like ``queries``, every read is filtered on the scope's teams first and
nothing here suppresses or rounds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate

from tandem.appointments.models import Appointment
from tandem.insights import definitions as defs
from tandem.insights.queries import (
    ALL_WAYS,
    HELD,
    WAYS,
    Scope,
    db_moment,
    in_scope_people,
    placeholders,
)
from tandem.measures.models import Response
from tandem.measures.outcomes import (
    Pair,
    at_caseness,
    recovered,
    reliable_improvement,
    reliably_recovered,
)


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
                f"WHERE service_user_id = ANY(%s) AND team_id IN ({placeholders(scope.team_ids)}) "
                f"AND starts_at >= %s AND starts_at < %s AND attendance IN ({HELD}) "
                "GROUP BY 1, 2",
                [people, *scope.team_ids, db_moment(scope.start), db_moment(scope.end)],
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
                f"WHERE p.id IN ({placeholders(tuple(chunk))})",
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
