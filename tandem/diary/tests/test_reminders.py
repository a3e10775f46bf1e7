"""Check-in reminders: queued once on a due day after the chosen time, never
when already answered, not due, ended, turned off or unreachable."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tandem.diary import reminders, services
from tandem.diary.models import CheckInSchedule
from tandem.diary.tests.helpers import fill_in, set_up_diary
from tandem.notify.models import Message
from tandem.notify.tests.helpers import set_contact
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def at(hour: int, minute: int = 0, *, days: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def sam(personas: Personas) -> Personas:
    set_up_diary(personas.clinician, personas.su, remind_at=dt.time(19, 0))
    set_contact(personas.su, personas.clinician)
    return personas


def test_due_after_the_chosen_time_queues_one_reminder(sam: Personas) -> None:
    schedule = CheckInSchedule.objects.get()
    assert reminders.send_check_in_reminders(now=at(18, 59)).queued == 0
    assert reminders.send_check_in_reminders(now=at(19, 0)).queued == 1
    # Running again (cron every 15 minutes) queues nothing more today.
    assert reminders.send_check_in_reminders(now=at(19, 15)).queued == 0
    assert reminders.send_check_in_reminders(now=at(22, 0)).queued == 0
    message = Message.objects.get()
    today = timezone.localdate()
    assert message.template == "check_in_reminder"
    assert message.idempotency_key == f"check-in:{schedule.pk}:{today.isoformat()}"
    assert message.personalisation["link"].endswith("/diary/entry/")
    assert message.service_user == sam.su


def test_the_next_day_gets_its_own_reminder(sam: Personas) -> None:
    reminders.send_check_in_reminders(now=at(19, 30))
    reminders.send_check_in_reminders(now=at(19, 30, days=1))
    assert Message.objects.count() == 2


def test_already_answered_today_gets_no_reminder(sam: Personas) -> None:
    fill_in(sam.service_user, sam.su, mood=5)
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 0
    assert not Message.objects.exists()


def test_answering_yesterday_does_not_count_for_today(sam: Personas) -> None:
    fill_in(sam.service_user, sam.su, timezone.localdate() - dt.timedelta(days=1), mood=5)
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 1


def test_not_due_today_gets_no_reminder(sam: Personas) -> None:
    today = timezone.localdate().weekday()
    services.set_schedule(
        actor=sam.service_user,
        person=sam.su,
        frequency="weekly",
        weekdays=[(today + 1) % 7],
        remind_at=dt.time(9, 0),
    )
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 0


def test_reminders_turned_off_or_schedule_ended_get_none(sam: Personas) -> None:
    services.set_schedule(actor=sam.service_user, person=sam.su, frequency="daily", remind_at=None)
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 0
    CheckInSchedule.objects.update(remind_at=dt.time(8, 0), ended_at=timezone.now())
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 0
    assert not Message.objects.exists()


def test_people_discharged_get_no_reminders(sam: Personas) -> None:
    sam.su.caseload_entries.update(closed_on=timezone.localdate())
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 0


def test_no_way_to_reach_them_is_counted_and_said_on_their_settings(sam: Personas) -> None:
    set_contact(sam.su, sam.clinician, channels=("phone",), preferred="phone")
    run = reminders.send_check_in_reminders(now=at(20, 0))
    assert (run.queued, run.unreachable) == (0, 1)
    assert not Message.objects.exists()


def test_questionnaire_schedules_are_reminded_too(sam: Personas) -> None:
    from tandem.measures.models import Instrument

    instrument = Instrument.objects.create(
        code="test-q", title="A test questionnaire", short_title="Test", definition={}
    )
    CheckInSchedule.objects.create(
        service_user=sam.su,
        team=sam.team_a,
        kind="questionnaire",
        instrument=instrument,
        frequency="daily",
        remind_at=dt.time(9, 0),
        starts_on=timezone.localdate(),
        agreed_by=sam.clinician,
    )
    fill_in(sam.service_user, sam.su, mood=5)  # the diary is done; the questionnaire is not
    assert reminders.send_check_in_reminders(now=at(20, 0)).queued == 1
    message = Message.objects.get()
    assert message.personalisation["link"].endswith("/questionnaires/")


def test_the_command_says_what_it_did(sam: Personas) -> None:
    out = io.StringIO()
    call_command("send_check_in_reminders", stdout=out)
    assert "Check-in reminders:" in out.getvalue()
