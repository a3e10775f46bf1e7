"""The nightly sweep: every shared diary judged against its owner's usual.

``run(today=...)`` reads, for each diary plan shared with the care team whose
owner is still open to that team, the last ``look_back`` days of entries,
warning-sign ratings and diary check-in schedules, runs the detector
(``tandem.alerts.detector``) with the team's ``AlertSettings`` and raises
alerts through ``tandem.alerts.raising.raise_alert`` for episodes not
alerted before. ``manage.py check_diaries`` runs it from cron each night.

People are read in batches of ``BATCH`` plans, keyed by plan id, each batch
with one query per table (plans, signs, entries, ratings, schedules, earlier
alerts): the number of queries grows with the number of batches, never with
the number of people or days. Rows come as ``values_list`` tuples and go
straight into numpy arrays, one row a person and one column a day.
``tandem.alerts.screen`` looks over the whole batch at once, and only the
people who could have a signal tonight are turned into a ``Diary`` and judged
by the detector, which alone decides what is raised (issue 18, ADR 0071).

The day judged is the one before ``today`` (``as_of``): today is not over,
and a check-in due today is not missed yet.

It lives with the diary, whose data it reads, rather than with alerts, which
sit below the diary and provide the detector and the one way to raise an alert.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.db.models import Exists, FloatField, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from tandem.alerts import detector, episodes, screen
from tandem.alerts.models import Alert, AlertKind
from tandem.alerts.raising import raise_alert, settings_for, thresholds_from
from tandem.diary.models import (
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.people.models import CareTeam, CaseloadEntry, ServiceUser

BATCH = 2000
KINDS = {detector.CHANGE: AlertKind.CHANGE_FROM_USUAL, detector.MISSED: AlertKind.MISSED_CHECK_INS}


@dataclass
class Summary:
    people: int = 0
    # People with at least one item judged against their usual.
    compared: int = 0
    raised: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS.values()})

    @property
    def alerts(self) -> int:
        return sum(self.raised.values())

    def __str__(self) -> str:
        return (
            f"Diaries checked: {self.people} people, {self.compared} with enough days to "
            f"compare with their usual. Alerts raised: {self.alerts} "
            f"({self.raised[AlertKind.CHANGE_FROM_USUAL]} change from their usual, "
            f"{self.raised[AlertKind.MISSED_CHECK_INS]} check-ins missed)."
        )


@dataclass(frozen=True)
class _Plan:
    pk: int
    service_user_id: int
    team_id: int
    items: tuple[str, ...]
    watch_high_mood: bool


def _judged_plans() -> QuerySet[DiaryPlan, tuple[Any, ...]]:
    """Plans the sweep judges: shared with the team the person is still open to,
    as the rows ``_plan`` reads."""
    still_open = CaseloadEntry.objects.filter(
        service_user_id=OuterRef("service_user_id"),
        team_id=OuterRef("team_id"),
        closed_on__isnull=True,
    )
    return (
        DiaryPlan.objects.filter(share_with_team=True)
        .filter(Exists(still_open))
        .values_list(
            "pk",
            "service_user_id",
            "team_id",
            "track_mood",
            "track_sleep",
            "track_anxiety",
            "track_medication",
            "watch_high_mood",
        )
    )


def _plan(row: tuple[Any, ...]) -> _Plan:
    pk, person, team, mood, sleep, anxiety, medication, high = row
    tracked = zip(detector.ITEMS, (mood, sleep, anxiety, medication), strict=True)
    return _Plan(pk, person, team, tuple(item for item, on in tracked if on), high)


def _plans(after: int) -> list[_Plan]:
    return [_plan(row) for row in _judged_plans().filter(pk__gt=after).order_by("pk")[:BATCH]]


def _batches() -> Iterator[list[_Plan]]:
    after = 0
    while True:
        batch = _plans(after)
        if not batch:
            return
        yield batch
        after = batch[-1].pk


@dataclass
class _Read:
    """A batch's diaries as arrays (one row a plan, in the batch's order, one
    column a day from ``first`` to ``as_of``), and what turns a row back into
    the detector's ``Diary`` for the few judged in full."""

    days: screen.Days
    every_day: list[dt.date]
    # Each row's warning signs, in the plan's order: (item name, words).
    signs: list[list[tuple[str, str]]]
    sign_rows: list[list[int]]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a batch's rows are read: it would
    otherwise walk every row tuple read so far each time a few hundred more
    arrive (a third of the reading time); row tuples hold no cycles to collect."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read(plans: list[_Plan], *, first: dt.date, as_of: dt.date) -> _Read:
    """Every plan's entries, ratings and check-in schedules from ``first`` to
    ``as_of``, one query a table, straight into arrays: no model instances and
    no per-day dictionaries (issue 18)."""
    with _collector_paused():
        return _read_rows(plans, first=first, as_of=as_of)


def _read_rows(plans: list[_Plan], *, first: dt.date, as_of: dt.date) -> _Read:
    n = len(plans)
    width = (as_of - first).days + 1
    every_day = [first + dt.timedelta(days=i) for i in range(width)]
    start = first.toordinal()
    people = np.array([p.service_user_id for p in plans], dtype=np.int64)
    order = np.argsort(people, kind="stable")
    row_of_person = {p.service_user_id: i for i, p in enumerate(plans)}

    def rows_of(ids: tuple[int, ...]) -> npt.NDArray[np.int64]:
        found = np.searchsorted(people, np.fromiter(ids, np.int64, len(ids)), sorter=order)
        return order[found]

    def columns_of(days: tuple[dt.date, ...]) -> npt.NDArray[np.int64]:
        return np.fromiter((d.toordinal() - start for d in days), np.int64, len(days))

    items = {item: np.full((n, width), np.nan) for item in detector.ITEMS}
    answered = np.zeros((n, width), dtype=bool)
    entries = list(
        DiaryEntry.objects.filter(
            service_user_id__in=people.tolist(), day__gte=first, day__lte=as_of
        )
        .order_by()
        .values_list(
            "pk",
            "service_user_id",
            "day",
            "mood",
            # The same double as float() of the Decimal, without making one a row.
            Cast("sleep_hours", FloatField()),
            "anxiety",
            "medication_taken",
        )
    )
    entry_ids = np.zeros(0, dtype=np.int64)
    entry_rows = entry_columns = entry_ids
    if entries:
        entry, person, day, mood, sleep, anxiety, medication = zip(*entries, strict=True)
        entry_ids = np.fromiter(entry, np.int64, len(entry))
        entry_rows, entry_columns = rows_of(person), columns_of(day)
        answered[entry_rows, entry_columns] = True
        # None becomes NaN; taken True 1.0 and not taken False 0.0.
        for item, values in (
            (detector.MOOD, mood),
            (detector.SLEEP, sleep),
            (detector.ANXIETY, anxiety),
            (detector.MEDICATION, medication),
        ):
            items[item][entry_rows, entry_columns] = np.array(values, dtype=np.float64)
    for item in detector.ITEMS:
        # Values of items the plan does not track are not the detector's to read.
        untracked = np.array([item not in p.items for p in plans], dtype=bool)
        items[item][untracked] = np.nan
    signs: list[list[tuple[str, str]]] = [[] for _ in plans]
    sign_rows: list[list[int]] = [[] for _ in plans]
    sign_index: dict[int, int] = {}
    owners: list[int] = []
    by_plan = {p.pk: i for i, p in enumerate(plans)}
    for sign, plan, words in (
        WarningSign.objects.filter(plan_id__in=list(by_plan), retired_at__isnull=True)
        .order_by("plan_id", "position", "pk")
        .values_list("pk", "plan_id", "words")
    ):
        row = by_plan[plan]
        sign_index[sign] = len(owners)
        sign_rows[row].append(len(owners))
        signs[row].append((f"{detector.SIGN_PREFIX}{sign}", words))
        owners.append(row)
    ratings = np.full((len(owners), width), np.nan)
    if sign_index and len(entry_ids):
        # By sign alone, then matched to the entries read above: filtering on
        # the entry's day in SQL joins every entry in the table, for every batch.
        # Entries are numbered as they are written, so ratings of entries
        # older than the window are mostly left in the database.
        found = list(
            SignRating.objects.filter(
                sign_id__in=list(sign_index), entry_id__gte=int(entry_ids.min())
            )
            .order_by()
            .values_list("sign_id", "entry_id", "rating")
        )
        if found:
            by_sign, of_entry, rating = zip(*found, strict=True)
            rated = np.fromiter(of_entry, np.int64, len(of_entry))
            order = np.argsort(entry_ids)
            at = order[np.minimum(np.searchsorted(entry_ids, rated, sorter=order), len(order) - 1)]
            # Only ratings of the entries in the window, of this batch's people.
            ours = entry_ids[at] == rated
            sign_at = np.fromiter((sign_index[s] for s in by_sign), np.int64, len(by_sign))
            rated_values = np.array(rating, dtype=np.float64)
            ratings[sign_at[ours], entry_columns[at[ours]]] = rated_values[ours]
    due = np.zeros((n, width), dtype=bool)
    scheduled = np.zeros(n, dtype=bool)
    weekday_of = np.array([d.weekday() for d in every_day])
    asked: dict[tuple[str, str], npt.NDArray[np.bool_]] = {}
    for whose, starts_on, ended_at, frequency, weekdays in (
        CheckInSchedule.objects.filter(
            service_user_id__in=people.tolist(), kind=ScheduleKind.DIARY, starts_on__lte=as_of
        )
        .exclude(ended_at__lt=timezone.make_aware(dt.datetime.combine(first, dt.time.min)))
        .values_list("service_user_id", "starts_on", "ended_at", "frequency", "weekdays")
    ):
        # schedules.due_days over the batch's days, for a row at once.
        if (frequency, weekdays) not in asked:
            numbers = CheckInSchedule(frequency=frequency, weekdays=weekdays).weekday_numbers
            asked[(frequency, weekdays)] = np.isin(weekday_of, list(numbers))
        row = row_of_person[whose]
        scheduled[row] = True
        lo = max(0, starts_on.toordinal() - start)
        hi = width - 1
        if ended_at is not None:
            hi = min(hi, timezone.localdate(ended_at).toordinal() - start)
        if lo <= hi:
            due[row, lo : hi + 1] |= asked[(frequency, weekdays)][lo : hi + 1]
    days = screen.Days(
        items=items,
        signs=ratings,
        sign_owner=np.array(owners, dtype=np.int64),
        answered=answered,
        due=due,
        scheduled=scheduled,
        watch_high_mood=np.array([p.watch_high_mood for p in plans], dtype=bool),
    )
    return _Read(days=days, every_day=every_day, signs=signs, sign_rows=sign_rows)


def _diary(read: _Read, row: int, plan: _Plan) -> detector.Diary:
    """One row of the arrays as the detector's ``Diary``: the items the plan
    tracks, in the detector's order, then the signs in the plan's order."""
    every_day = read.every_day
    days = read.days

    def by_day(values: npt.NDArray[np.float64]) -> dict[dt.date, float]:
        return {every_day[i]: float(values[i]) for i in np.flatnonzero(~np.isnan(values))}

    values = {item: by_day(days.items[item][row]) for item in plan.items}
    for (key, _), sign_row in zip(read.signs[row], read.sign_rows[row], strict=True):
        values[key] = by_day(days.signs[sign_row])
    return detector.Diary(
        values=values,
        labels=dict(read.signs[row]),
        watch_high_mood=plan.watch_high_mood,
        due=frozenset(every_day[i] for i in np.flatnonzero(days.due[row]))
        if days.scheduled[row]
        else None,
        answered=frozenset(every_day[i] for i in np.flatnonzero(days.answered[row])),
        owner=f"su{plan.service_user_id}",
    )


def diary_for_alert(
    *, service_user_id: int, team_id: int, first: dt.date, as_of: dt.date
) -> detector.Diary | None:
    """The person's diary from ``first`` to ``as_of``, read as the sweep reads it,
    for the chart of the days behind an alert (``tandem.alerts.days_behind``,
    through ``tandem.alerts.diary_source``): None unless it is shared with
    ``team_id`` and the person is still open to that team, as for the sweep.
    The same five queries however many days are asked for."""
    row = _judged_plans().filter(service_user_id=service_user_id, team_id=team_id).first()
    if row is None:
        return None
    plan = _plan(row)
    return _diary(_read([plan], first=first, as_of=as_of), 0, plan)


def _earlier(
    plans: list[_Plan], *, since: dt.date
) -> dict[tuple[int, int], list[episodes.Earlier]]:
    """Change and missed alerts already raised, by (service user, team), any state."""
    found: dict[tuple[int, int], list[episodes.Earlier]] = defaultdict(list)
    rows = (
        Alert.objects.filter(
            service_user_id__in=[p.service_user_id for p in plans],
            kind__in=list(KINDS.values()),
            data_to__gte=since,
        )
        .order_by("pk")
        .values_list("service_user_id", "team_id", "kind", "about_key", "data_from", "data_to")
    )
    for person, team, kind, key, data_from, data_to in rows:
        mine = detector.CHANGE if kind == AlertKind.CHANGE_FROM_USUAL else detector.MISSED
        found[(person, team)].append(episodes.Earlier(mine, key, data_from, data_to))
    return found


def run(*, today: dt.date | None = None) -> Summary:
    """Judge every shared diary up to the day before ``today`` and raise new alerts."""
    today = today or timezone.localdate()
    as_of = today - dt.timedelta(days=1)
    summary = Summary()
    teams: dict[int, tuple[CareTeam, detector.Thresholds]] = {}
    for plans in _batches():
        for plan in plans:
            if plan.team_id not in teams:
                team = CareTeam.objects.get(pk=plan.team_id)
                teams[plan.team_id] = (team, thresholds_from(settings_for(team)))
        look_back = max(teams[p.team_id][1].look_back for p in plans)
        first = as_of - dt.timedelta(days=look_back - 1)
        read = _read(plans, first=first, as_of=as_of)
        # The whole batch looked over at once, once for each team's settings;
        # only those who could have a signal are judged in full (ADR 0071).
        looks = {
            thresholds: screen.look(read.days, thresholds=thresholds)
            for thresholds in {teams[p.team_id][1] for p in plans}
        }
        judged: list[tuple[_Plan, detector.Diary, list[detector.Signal]]] = []
        for row, plan in enumerate(plans):
            thresholds = teams[plan.team_id][1]
            summary.people += 1
            look = looks[thresholds]
            if not look.judge[row]:
                summary.compared += bool(look.compared[row])
                continue
            diary = _diary(read, row, plan)
            judgement = detector.judge(diary, as_of=as_of, thresholds=thresholds)
            summary.compared += judgement.compared
            if judgement.signals:
                judged.append((plan, diary, judgement.signals))
        earlier = _earlier(
            [plan for plan, _, _ in judged],
            since=first - dt.timedelta(days=episodes.EPISODE_GAP_DAYS),
        )
        to_raise: list[tuple[_Plan, list[episodes.ToRaise]]] = []
        for plan, diary, signals in judged:
            alerts = episodes.to_raise(
                signals,
                earlier=earlier[(plan.service_user_id, plan.team_id)],
                diary=diary,
                look_back=teams[plan.team_id][1].look_back,
            )
            if alerts:
                to_raise.append((plan, alerts))
        _raise(to_raise, teams=teams, summary=summary)
    return summary


def _raise(
    to_raise: list[tuple[_Plan, list[episodes.ToRaise]]],
    *,
    teams: dict[int, tuple[CareTeam, detector.Thresholds]],
    summary: Summary,
) -> None:
    """A batch's alerts, each audited, committed together: one commit (and one
    wait for the disk) per batch of people rather than per alert. Each alert is
    its own savepoint (``raise_alert``), so one lost race spoils nothing else."""
    if not to_raise:
        return
    people = ServiceUser.objects.in_bulk([plan.service_user_id for plan, _ in to_raise])
    with transaction.atomic():
        for plan, alerts in to_raise:
            for alert in alerts:
                raise_alert(
                    team=teams[plan.team_id][0],
                    service_user=people[plan.service_user_id],
                    kind=KINDS[alert.kind],
                    summary=alert.summary,
                    reasons=alert.reasons,
                    about_key=alert.about_key,
                    data_from=alert.data_from,
                    data_to=alert.data_to,
                )
                summary.raised[KINDS[alert.kind]] += 1
