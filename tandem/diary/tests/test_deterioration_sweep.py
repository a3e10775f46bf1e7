"""The nightly sweep against the database: it reads shared diaries, uses the
team's settings, raises one alert per episode (not again after it is closed),
leaves alone diaries that are not shared or people no longer open to the
team, and reads in a fixed number of queries however many people there are."""

from __future__ import annotations

import datetime as dt
import decimal
import random
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tandem.alerts import detector, episodes
from tandem.alerts.models import Alert, AlertKind, AlertSettings, AlertState
from tandem.alerts.raising import settings_for
from tandem.audit.models import AuditEvent
from tandem.diary import deterioration_sweep as sweep
from tandem.diary.models import (
    CheckInSchedule,
    DiaryEntry,
    DiaryPlan,
    Frequency,
    ScheduleKind,
    SignRating,
    WarningSign,
)
from tandem.diary.schedules import due_days
from tandem.people.models import CaseloadEntry, ServiceUser, User
from tests import factories
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 22)
YESTERDAY = TODAY - dt.timedelta(days=1)
DROP_FROM = TODAY - dt.timedelta(days=8)


def days_back(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def plan_for(person: ServiceUser, team, by: User, **options: object) -> DiaryPlan:  # type: ignore[no-untyped-def]
    return DiaryPlan.objects.create(service_user=person, team=team, set_up_by=by, **options)


def write_days(
    person: ServiceUser,
    by: User,
    *,
    days: int = 80,
    sleep_drop: bool = True,
    skip: frozenset[int] = frozenset(),
) -> list[DiaryEntry]:
    """``days`` days of diary up to yesterday: steady, then 4 hours' sleep from DROP_FROM."""
    entries = []
    for n in range(days, 0, -1):
        if n in skip:
            continue
        day = days_back(n)
        low = sleep_drop and day >= DROP_FROM
        entries.append(
            DiaryEntry(
                service_user=person,
                day=day,
                mood=6 + n % 2,
                sleep_hours=decimal.Decimal("4.0")
                if low
                else decimal.Decimal(("7.0", "7.5", "8.0")[n % 3]),
                anxiety=3,
                submitted_by=by,
            )
        )
    return DiaryEntry.objects.bulk_create(entries)


def run() -> sweep.Summary:
    return sweep.run(today=TODAY)


def change_alerts() -> list[Alert]:
    return list(Alert.objects.filter(kind=AlertKind.CHANGE_FROM_USUAL).order_by("pk"))


def close(alert: Alert) -> None:
    now = timezone.now()
    Alert.objects.filter(pk=alert.pk).update(
        state=AlertState.CLOSED,
        acknowledged_at=now,
        closed_at=now,
        action="no_action",
        action_note="Spoke to them; a hard week at work.",
    )


def test_a_change_raises_one_alert_in_the_plans_team_with_the_reason_and_the_days(
    personas: Personas,
) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    summary = run()
    [alert] = change_alerts()
    assert alert.team == personas.team_a
    assert alert.service_user == personas.su
    assert alert.state == AlertState.OPEN
    # Sleep alone, and the diary taken together (issue 20).
    assert alert.summary == "Changed from their usual: sleep and signals taken together"
    assert alert.reasons[0].startswith("Sleep 3.5 hours below their usual for 8 days")
    assert (alert.data_from, alert.data_to) == (DROP_FROM, YESTERDAY)
    assert (
        alert.about_key == f"su{personas.su.pk}/change:sleep,together-low:{DROP_FROM.isoformat()}"
    )
    assert summary.people == 1 and summary.compared == 1
    assert summary.raised[AlertKind.CHANGE_FROM_USUAL] == 1
    assert AuditEvent.objects.filter(object_id=str(alert.pk), actor__isnull=True).exists()


def test_running_again_raises_nothing_new_even_after_the_alert_is_closed(
    personas: Personas,
) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    run()
    assert run().alerts == 0
    [alert] = change_alerts()
    close(alert)
    # The next nights: the same episode goes on, and is not raised again.
    DiaryEntry.objects.create(
        service_user=personas.su, day=TODAY, sleep_hours=4, submitted_by=personas.service_user
    )
    assert sweep.run(today=TODAY + dt.timedelta(days=1)).alerts == 0
    assert sweep.run(today=TODAY + dt.timedelta(days=2)).alerts == 0
    assert len(change_alerts()) == 1


def test_two_people_in_one_team_whose_changes_begin_the_same_day_each_get_an_alert(
    personas: Personas,
) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    other = factories.ServiceUserFactory()
    CaseloadEntry.objects.create(service_user=other, team=personas.team_a)
    plan_for(other, personas.team_a, personas.clinician)
    write_days(other, personas.clinician)
    assert run().alerts == 2
    assert {a.service_user for a in change_alerts()} == {personas.su, other}
    assert run().alerts == 0


def test_a_diary_not_shared_with_the_team_raises_nothing(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician, share_with_team=False)
    write_days(personas.su, personas.service_user)
    summary = run()
    assert summary.people == 0
    assert not Alert.objects.exists()


def test_a_person_no_longer_open_to_the_team_raises_nothing(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    CaseloadEntry.objects.filter(service_user=personas.su).update(closed_on=days_back(2))
    assert run().people == 0
    assert not Alert.objects.exists()


def test_the_teams_own_thresholds_are_used(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    settings = settings_for(personas.team_a)
    settings.change_days = 10
    settings.save()
    assert run().alerts == 0
    AlertSettings.objects.filter(pk=settings.pk).update(change_days=3, change_threshold="5.0")
    assert run().alerts == 0
    AlertSettings.objects.filter(pk=settings.pk).update(change_threshold="2.0")
    assert run().alerts == 1


def test_too_few_days_for_a_usual_raises_no_change_alert(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user, days=30)
    summary = run()
    assert summary.compared == 0
    assert not Alert.objects.exists()


def test_only_what_the_plan_tracks_is_judged(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician, track_sleep=False)
    write_days(personas.su, personas.service_user)
    assert run().alerts == 0


def test_a_warning_sign_rated_high_is_raised_in_the_persons_words(personas: Personas) -> None:
    plan = plan_for(personas.su, personas.team_a, personas.clinician)
    sign = WarningSign.objects.create(
        plan=plan, words="feeling people are against me", added_by=personas.clinician
    )
    retired = WarningSign.objects.create(
        plan=plan, words="an old sign", added_by=personas.clinician, retired_at=timezone.now()
    )
    entries = write_days(personas.su, personas.service_user, sleep_drop=False)
    SignRating.objects.bulk_create(
        [SignRating(entry=e, sign=sign, rating=4 if e.day >= days_back(5) else 0) for e in entries]
        + [SignRating(entry=e, sign=retired, rating=4) for e in entries[-10:]]
    )
    run()
    [alert] = change_alerts()
    assert alert.reasons == [
        "'Feeling people are against me' rated high on 5 of the last 5 days "
        "(usually about 0 out of 4)"
    ]
    assert "an old sign" not in alert.summary


def test_missed_check_ins_on_an_agreed_schedule_raise_an_alert(personas: Personas) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    CheckInSchedule.objects.create(
        service_user=personas.su,
        team=personas.team_a,
        kind=ScheduleKind.DIARY,
        frequency=Frequency.DAILY,
        starts_on=days_back(30),
        agreed_by=personas.clinician,
    )
    write_days(
        personas.su, personas.service_user, days=30, sleep_drop=False, skip=frozenset(range(1, 7))
    )
    run()
    [alert] = Alert.objects.filter(kind=AlertKind.MISSED_CHECK_INS)
    assert alert.reasons[0] == (
        "No diary entry on the last 6 days one was due (none since Monday 16 November)"
    )
    assert run().alerts == 0


def test_reading_takes_the_same_number_of_queries_for_one_person_or_many(
    personas: Personas,
) -> None:
    def add_people(count: int) -> None:
        for _ in range(count):
            person = factories.ServiceUserFactory()
            CaseloadEntry.objects.create(service_user=person, team=personas.team_a)
            plan_for(person, personas.team_a, personas.clinician)
            write_days(person, personas.clinician, sleep_drop=False)

    add_people(1)
    run()  # the team's settings are made on the first run
    with CaptureQueriesContext(connection) as one:
        run()
    add_people(6)
    with CaptureQueriesContext(connection) as seven:
        assert run().people == 7
    assert len(seven.captured_queries) == len(one.captured_queries)


def test_check_diaries_prints_a_summary(
    personas: Personas, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_for(personas.su, personas.team_a, personas.clinician)
    write_days(personas.su, personas.service_user)
    call_command("check_diaries", "--today", TODAY.isoformat())
    out = capsys.readouterr().out
    assert out.strip() == (
        "Diaries checked: 1 people, 1 with enough days to compare with their usual. "
        "Alerts raised: 1 (1 change from their usual, 0 check-ins missed)."
    )


def test_check_diaries_rejects_a_bad_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("check_diaries", "--today", "22/11/2026")


# --- Issue 18: the sweep reads into arrays and looks over a batch first ---------


def _reference_diaries(
    plans: list[sweep._Plan], *, first: dt.date, as_of: dt.date
) -> dict[int, detector.Diary]:
    """The sweep's reading before issue 18, kept as the reference the new one
    must match: model instances for schedules, dictionaries day by day."""
    people = [p.service_user_id for p in plans]
    by_person = {p.service_user_id: p for p in plans}
    values: dict[int, dict[str, dict[dt.date, float]]] = {
        p.service_user_id: {item: {} for item in p.items} for p in plans
    }
    answered: dict[int, set[dt.date]] = defaultdict(set)
    labels: dict[int, dict[str, str]] = defaultdict(dict)
    sign_owner: dict[int, int] = {}
    for sign, person, words in (
        WarningSign.objects.filter(plan_id__in=[p.pk for p in plans], retired_at__isnull=True)
        .order_by("plan_id", "position", "pk")
        .values_list("pk", "plan__service_user_id", "words")
    ):
        labels[person][f"{detector.SIGN_PREFIX}{sign}"] = words
        values[person][f"{detector.SIGN_PREFIX}{sign}"] = {}
        sign_owner[sign] = person
    for person, day, mood, sleep, anxiety, medication in (
        DiaryEntry.objects.filter(service_user_id__in=people, day__gte=first, day__lte=as_of)
        .order_by("service_user_id", "day")
        .values_list("service_user_id", "day", "mood", "sleep_hours", "anxiety", "medication_taken")
    ):
        answered[person].add(day)
        tracked = values[person]
        for item, value in (
            (detector.MOOD, mood),
            (detector.SLEEP, None if sleep is None else float(sleep)),
            (detector.ANXIETY, anxiety),
            (detector.MEDICATION, None if medication is None else 1.0 if medication else 0.0),
        ):
            if value is not None and item in tracked:
                tracked[item][day] = value
    for sign, day, rating in SignRating.objects.filter(
        entry__service_user_id__in=people,
        entry__day__gte=first,
        entry__day__lte=as_of,
        sign__retired_at__isnull=True,
    ).values_list("sign_id", "entry__day", "rating"):
        if (owner := sign_owner.get(sign)) is not None:
            values[owner][f"{detector.SIGN_PREFIX}{sign}"][day] = float(rating)
    due: dict[int, set[dt.date]] = {}
    for schedule in CheckInSchedule.objects.filter(
        service_user_id__in=people, kind=ScheduleKind.DIARY, starts_on__lte=as_of
    ).exclude(ended_at__lt=timezone.make_aware(dt.datetime.combine(first, dt.time.min))):
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


def _reference_night(today: dt.date) -> tuple[set[tuple[object, ...]], int, int]:
    """What the sweep before issue 18 raised on the night before ``today``:
    every person judged in full. Returns the alerts, people and people compared."""
    as_of = today - dt.timedelta(days=1)
    expected: set[tuple[object, ...]] = set()
    people = compared = 0
    for plans in sweep._batches():
        settings = {
            p.team_id: sweep.thresholds_from(AlertSettings.objects.get(team_id=p.team_id))
            for p in plans
        }
        look_back = max(t.look_back for t in settings.values())
        first = as_of - dt.timedelta(days=look_back - 1)
        diaries = _reference_diaries(plans, first=first, as_of=as_of)
        earlier = sweep._earlier(plans, since=first - dt.timedelta(days=7))
        for plan in plans:
            t = settings[plan.team_id]
            judged = detector.judge(diaries[plan.service_user_id], as_of=as_of, thresholds=t)
            people += 1
            compared += judged.compared
            for alert in episodes.to_raise(
                judged.signals,
                earlier=earlier[(plan.service_user_id, plan.team_id)],
                diary=diaries[plan.service_user_id],
                look_back=t.look_back,
            ):
                expected.add(
                    (
                        plan.service_user_id,
                        plan.team_id,
                        sweep.KINDS[alert.kind],
                        alert.summary,
                        tuple(alert.reasons),
                        alert.about_key,
                        alert.data_from,
                        alert.data_to,
                    )
                )
    return expected, people, compared


def _raised(since_pk: int) -> set[tuple[object, ...]]:
    return {
        (
            a.service_user_id,
            a.team_id,
            a.kind,
            a.summary,
            tuple(a.reasons),
            a.about_key,
            a.data_from,
            a.data_to,
        )
        for a in Alert.objects.filter(pk__gt=since_pk)
    }


def _write(diary: detector.Diary, *, team, by: User, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """A made-up diary (tandem/alerts/tests/test_screen.py) written as a person's plan,
    entries, signs, ratings and schedule."""
    person = factories.ServiceUserFactory()
    CaseloadEntry.objects.create(service_user=person, team=team)
    tracked = {item: item in diary.values for item in detector.ITEMS}
    plan = plan_for(
        person,
        team,
        by,
        track_mood=tracked[detector.MOOD],
        track_sleep=tracked[detector.SLEEP],
        track_anxiety=tracked[detector.ANXIETY],
        track_medication=tracked[detector.MEDICATION],
        watch_high_mood=diary.watch_high_mood,
    )
    signs = {
        item: WarningSign.objects.create(plan=plan, words=words, position=i, added_by=by)
        for i, (item, words) in enumerate(diary.labels.items())
    }
    if signs and rng.random() < 0.3:
        WarningSign.objects.create(
            plan=plan, words="retired", added_by=by, retired_at=timezone.now()
        )

    def value(item: str, day: dt.date) -> float | None:
        found = diary.values.get(item, {})
        assert isinstance(found, dict)
        return found.get(day)

    entries = DiaryEntry.objects.bulk_create(
        DiaryEntry(
            service_user=person,
            day=day,
            mood=None if (m := value(detector.MOOD, day)) is None else int(m),
            sleep_hours=None
            if (s := value(detector.SLEEP, day)) is None
            else decimal.Decimal(f"{s:.1f}"),
            anxiety=None if (a := value(detector.ANXIETY, day)) is None else int(a),
            medication_taken=None if (t := value(detector.MEDICATION, day)) is None else t > 0.5,
            submitted_by=by,
        )
        for day in sorted(diary.answered)
    )
    SignRating.objects.bulk_create(
        SignRating(entry=e, sign=sign, rating=int(r))
        for e in entries
        for item, sign in signs.items()
        if (r := value(item, e.day)) is not None
    )
    if diary.due is not None:
        days = sorted(diary.due)
        weekdays = sorted({d.weekday() for d in days})
        CheckInSchedule.objects.create(
            service_user=person,
            team=team,
            kind=ScheduleKind.DIARY,
            frequency=Frequency.DAILY if len(weekdays) == 7 else Frequency.WEEKLY,
            weekdays=",".join(map(str, weekdays)),
            starts_on=days[0],
            agreed_by=by,
            ended_at=timezone.now() - dt.timedelta(days=rng.randint(1, 20))
            if rng.random() < 0.15
            else None,
        )


def test_the_same_people_get_the_same_alerts_with_the_same_words_as_before_issue_18(
    personas: Personas,
) -> None:
    """Made-up diaries in two teams with different settings, judged on two
    nights: the sweep raises exactly what judging everyone in full raised."""
    from tandem.alerts.tests.test_screen import made_up

    rng = random.Random(1818)
    AlertSettings.objects.update_or_create(
        team=personas.team_b,
        defaults={
            "change_threshold": decimal.Decimal("1.5"),
            "change_days": 2,
            "missed_in_a_row": 3,
        },
    )
    settings_for(personas.team_a)
    for i in range(60):
        team = personas.team_a if i % 2 else personas.team_b
        _write(made_up(rng), team=team, by=personas.clinician, rng=rng)
    for today in (TODAY, TODAY + dt.timedelta(days=4)):
        expected, people, compared = _reference_night(today)
        last = Alert.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        summary = sweep.run(today=today)
        assert _raised(last) == expected
        assert (summary.people, summary.compared, summary.alerts) == (
            people,
            compared,
            len(expected),
        )
    # The comparison means something: alerts of both kinds were raised.
    kinds = set(Alert.objects.values_list("kind", flat=True))
    assert kinds == {AlertKind.CHANGE_FROM_USUAL, AlertKind.MISSED_CHECK_INS}
