"""Due and missed days, counted the same way everywhere: today is due, never
missed; only days the schedule asked for count; an ended schedule asks for nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tandem.diary import queries, schedules
from tandem.diary.models import CheckInSchedule
from tandem.diary.tests.helpers import backdate_schedule, fill_in, set_up_diary, write_entry
from tests.personas import Personas

MONDAY = dt.date(2026, 11, 16)


def schedule(frequency: str = "daily", weekdays: str = "", **kw: object) -> CheckInSchedule:
    return CheckInSchedule(
        kind="diary", frequency=frequency, weekdays=weekdays, starts_on=MONDAY, **kw
    )


def test_daily_is_due_every_day_from_the_start() -> None:
    due = schedules.due_days(
        schedule(), start=MONDAY - dt.timedelta(days=3), end=MONDAY + dt.timedelta(days=2)
    )
    assert due == [MONDAY, MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=2)]


def test_weekly_is_due_on_its_days_only() -> None:
    due = schedules.due_days(
        schedule("weekly", "0,3"), start=MONDAY, end=MONDAY + dt.timedelta(days=13)
    )
    assert [d.strftime("%a %d") for d in due] == ["Mon 16", "Thu 19", "Mon 23", "Thu 26"]


def test_today_is_not_missed_and_answered_days_are_not() -> None:
    today = MONDAY + dt.timedelta(days=4)
    missed = schedules.missed_days(
        schedule(), answered=[MONDAY + dt.timedelta(days=1)], start=MONDAY, today=today
    )
    assert missed == [MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=3)]


def test_missed_in_a_row_counts_back_from_yesterday() -> None:
    today = MONDAY + dt.timedelta(days=6)
    answered = [MONDAY, MONDAY + dt.timedelta(days=2)]
    assert schedules.missed_in_a_row(schedule(), answered=answered, today=today) == 3
    assert (
        schedules.missed_in_a_row(schedule(), answered=[today - dt.timedelta(days=1)], today=today)
        == 0
    )


def test_an_ended_schedule_asks_for_nothing_after_it_ended() -> None:
    ended = schedule(ended_at=timezone.make_aware(dt.datetime.combine(MONDAY, dt.time(12))))
    due = schedules.due_days(ended, start=MONDAY, end=MONDAY + dt.timedelta(days=5))
    assert due == [MONDAY]


@pytest.mark.django_db
def test_the_person_and_staff_see_the_same_count(personas: Personas) -> None:
    set_up_diary(personas.clinician, personas.su)
    backdate_schedule(personas.su, 10)
    today = timezone.localdate()
    for back in (1, 2, 5):
        if back <= 7:
            fill_in(personas.service_user, personas.su, today - dt.timedelta(days=back), mood=5)
    write_entry(personas.service_user, personas.su, today - dt.timedelta(days=9), mood=5)
    found = queries.check_ins(personas.su)
    # Due on 10 days before today; answered 4 of them.
    assert len(found.missed) == 6
    assert found.missed_in_a_row == 0
    assert found.due_today and not found.done_today
    fill_in(personas.service_user, personas.su, mood=6)
    assert queries.check_ins(personas.su).done_today
