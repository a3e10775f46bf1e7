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
the number of people or days. Rows come as ``values_list`` tuples, ordered.

The day judged is the one before ``today`` (``as_of``): today is not over,
and a check-in due today is not missed yet.

It lives with the diary, whose data it reads, rather than with alerts, which
sit below the diary and provide the detector and the one way to raise an alert.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tandem.alerts import detector, episodes
from tandem.alerts.models import Alert, AlertKind, AlertSettings
from tandem.alerts.raising import raise_alert, settings_for
from tandem.diary.models import (
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.diary.schedules import due_days
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


def thresholds_from(settings: AlertSettings) -> detector.Thresholds:
    return detector.Thresholds(
        baseline_days=settings.baseline_days,
        change_threshold=float(settings.change_threshold),
        change_days=settings.change_days,
        missed_in_a_row=settings.missed_in_a_row,
    )


def _plans(after: int) -> list[_Plan]:
    still_open = CaseloadEntry.objects.filter(
        service_user_id=OuterRef("service_user_id"),
        team_id=OuterRef("team_id"),
        closed_on__isnull=True,
    )
    rows = (
        DiaryPlan.objects.filter(share_with_team=True, pk__gt=after)
        .filter(Exists(still_open))
        .order_by("pk")
        .values_list(
            "pk",
            "service_user_id",
            "team_id",
            "track_mood",
            "track_sleep",
            "track_anxiety",
            "track_medication",
            "watch_high_mood",
        )[:BATCH]
    )
    found = []
    for pk, person, team, mood, sleep, anxiety, medication, high in rows:
        tracked = zip(detector.ITEMS, (mood, sleep, anxiety, medication), strict=True)
        items = tuple(item for item, on in tracked if on)
        found.append(_Plan(pk, person, team, items, high))
    return found


def _batches() -> Iterator[list[_Plan]]:
    after = 0
    while True:
        batch = _plans(after)
        if not batch:
            return
        yield batch
        after = batch[-1].pk


def _diaries(plans: list[_Plan], *, first: dt.date, as_of: dt.date) -> dict[int, detector.Diary]:
    """Each plan's diary from ``first`` to ``as_of``, keyed by service user id."""
    people = [p.service_user_id for p in plans]
    by_person = {p.service_user_id: p for p in plans}
    values: dict[int, dict[str, dict[dt.date, float]]] = {
        p.service_user_id: {item: {} for item in p.items} for p in plans
    }
    answered: dict[int, set[dt.date]] = defaultdict(set)
    labels: dict[int, dict[str, str]] = defaultdict(dict)
    sign_owner: dict[int, int] = {}
    signs = (
        WarningSign.objects.filter(plan_id__in=[p.pk for p in plans], retired_at__isnull=True)
        .order_by("plan_id", "position", "pk")
        .values_list("pk", "plan__service_user_id", "words")
    )
    for sign, person, words in signs:
        key = f"{detector.SIGN_PREFIX}{sign}"
        labels[person][key] = words
        values[person][key] = {}
        sign_owner[sign] = person
    entries = (
        DiaryEntry.objects.filter(service_user_id__in=people, day__gte=first, day__lte=as_of)
        .order_by("service_user_id", "day")
        .values_list("service_user_id", "day", "mood", "sleep_hours", "anxiety", "medication_taken")
    )
    mood_of = {p: v.get(detector.MOOD) for p, v in values.items()}
    sleep_of = {p: v.get(detector.SLEEP) for p, v in values.items()}
    anxiety_of = {p: v.get(detector.ANXIETY) for p, v in values.items()}
    medication_of = {p: v.get(detector.MEDICATION) for p, v in values.items()}
    for person, day, mood, sleep, anxiety, medication in entries:
        answered[person].add(day)
        if mood is not None and (into := mood_of[person]) is not None:
            into[day] = mood
        if sleep is not None and (into := sleep_of[person]) is not None:
            into[day] = float(sleep)
        if anxiety is not None and (into := anxiety_of[person]) is not None:
            into[day] = anxiety
        if medication is not None and (into := medication_of[person]) is not None:
            into[day] = 1.0 if medication else 0.0
    ratings = (
        SignRating.objects.filter(
            entry__service_user_id__in=people,
            entry__day__gte=first,
            entry__day__lte=as_of,
            sign__retired_at__isnull=True,
        )
        .order_by("entry__service_user_id", "entry__day")
        .values_list("sign_id", "entry__day", "rating")
    )
    for sign, day, rating in ratings:
        owner = sign_owner.get(sign)
        if owner is not None:
            values[owner][f"{detector.SIGN_PREFIX}{sign}"][day] = float(rating)
    due: dict[int, set[dt.date]] = {}
    schedules = CheckInSchedule.objects.filter(
        service_user_id__in=people, kind=ScheduleKind.DIARY, starts_on__lte=as_of
    ).exclude(ended_at__lt=timezone.make_aware(dt.datetime.combine(first, dt.time.min)))
    for schedule in schedules:
        due.setdefault(schedule.service_user_id, set()).update(
            due_days(schedule, start=first, end=as_of)
        )
    return {
        person: detector.Diary(
            values=values[person],
            labels=labels[person],
            watch_high_mood=by_person[person].watch_high_mood,
            due=frozenset(due[person]) if person in due else None,
            answered=frozenset(answered[person]),
            owner=f"su{person}",
        )
        for person in people
    }


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
        diaries = _diaries(plans, first=first, as_of=as_of)
        earlier = _earlier(plans, since=first - dt.timedelta(days=episodes.EPISODE_GAP_DAYS))
        to_raise: list[tuple[_Plan, list[episodes.ToRaise]]] = []
        for plan in plans:
            team, thresholds = teams[plan.team_id]
            diary = diaries[plan.service_user_id]
            summary.people += 1
            judged = detector.judge(diary, as_of=as_of, thresholds=thresholds)
            summary.compared += judged.compared
            signals = judged.signals
            if not signals:
                continue
            alerts = episodes.to_raise(
                signals,
                earlier=earlier[(plan.service_user_id, plan.team_id)],
                diary=diary,
                look_back=thresholds.look_back,
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
