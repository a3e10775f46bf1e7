"""The nightly sweep against the database: it reads shared diaries, uses the
team's settings, raises one alert per episode (not again after it is closed),
leaves alone diaries that are not shared or people no longer open to the
team, and reads in a fixed number of queries however many people there are."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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
