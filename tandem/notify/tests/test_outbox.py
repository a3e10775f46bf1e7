"""The outbox end to end, against the fake GOV.UK Notify through the real client."""

from __future__ import annotations

import datetime as dt
import email as email_parser

import icalendar
import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.audit.models import AuditEvent
from tandem.notify import outbox, recording
from tandem.notify.channels import message_id_for
from tandem.notify.fake_notify import FakeNotifyServer
from tandem.notify.invites import appointment_invite
from tandem.notify.models import Message, MessageStatus
from tandem.notify.services import cancel_pending, queue_message
from tandem.notify.templates import clinical_words_in
from tandem.notify.tests.helpers import set_contact
from tandem.people.models import CarerLink, CareTeam
from tandem.worklist.models import WorkItem
from tests.personas import Personas

pytestmark = pytest.mark.django_db
WHEN = {"date": "Tuesday 1 December", "time": "10:30am"}


def queue(p: Personas, key: str = "appointment:1:booked", **kw: object) -> Message:
    values = {
        "actor": p.clinician,
        "recipient": p.su,
        "template": "appointment_booked",
        "personalisation": dict(WHEN),
        "about_key": "appointment:1",
        "idempotency_key": key,
    } | kw
    message = queue_message(**values)  # type: ignore[arg-type]
    assert message is not None
    return message


def statuses(message: Message) -> list[str]:
    return list(message.events.order_by("at", "pk").values_list("status", flat=True))


def make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(due_at=timezone.now() - dt.timedelta(seconds=1))


def test_message_is_committed_with_the_change_or_not_at_all(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(personas)
        assert Message.objects.count() == 1
        raise RuntimeError("the booking failed")
    assert Message.objects.count() == 0
    assert not DBTaskResult.objects.filter(task_path__endswith="send_message").exists()


def test_queuing_enqueues_a_send_task_for_when_it_is_due(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    later = timezone.now() + dt.timedelta(days=6)
    message = queue(personas, template="appointment_reminder", send_after=later)
    task = DBTaskResult.objects.get(task_path="tandem.notify.tasks.send_message")
    assert task.args_kwargs["args"] == [message.pk]
    assert task.run_after == later
    assert AuditEvent.objects.filter(object_id=str(message.pk), subject_id=personas.su.pk).exists()


def test_queuing_the_same_message_twice_does_nothing(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    first = queue(personas)
    second = queue(personas)
    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_sent_through_notify_with_reference_and_nothing_clinical(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas, personalisation={**WHEN, "how_to_join": "Join at example.org/v/9"})
    assert outbox.send_due() == {"sent": 1}
    [received] = fake_notify.store.all()
    assert received["reference"] == message.idempotency_key
    assert received["type"] == "sms"
    assert received["recipient"] == personas.su.phone
    assert "Tuesday 1 December at 10:30am" in received["body"]
    assert "Join at example.org/v/9" in received["body"]
    assert clinical_words_in(received["body"]) == []
    # The team is 'Northgate CMHT': its own name says too much, so the neutral one is used.
    assert "Northgate" not in received["body"]
    assert "NHS appointments" in received["body"]
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.provider_id == received["id"]


def test_status_history_through_to_delivered(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    outbox.send_due()
    assert DBTaskResult.objects.filter(task_path="tandem.notify.tasks.check_delivery").exists()
    assert outbox.check_deliveries() == {"delivered": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert message.delivered_at is not None
    assert statuses(message) == ["queued", "sending", "sent", "delivered"]
    assert message.events.get(status="delivered").provider_id == message.provider_id


def test_delivery_not_yet_known_is_checked_again_later(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    fake_notify.store.deliver_after = 3600
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    outbox.send_due()
    assert outbox.check_deliveries() == {"waiting": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.checks == 1
    assert message.next_check_at is not None and message.next_check_at > timezone.now()


def test_temporary_failure_is_retried_with_back_off(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    fake_notify.store.fail_next.extend([500, 500])
    before = timezone.now()
    assert outbox.send_due() == {"retry": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert before + dt.timedelta(seconds=59) < message.due_at
    assert "500" in message.reason
    assert outbox.send_due() == {}  # not due yet
    retries = DBTaskResult.objects.filter(
        task_path="tandem.notify.tasks.send_message",
        run_after__range=(before, before + dt.timedelta(hours=1)),  # "no time" is stored as max
    )
    assert retries.count() == 1

    make_due(message)
    before = timezone.now()
    assert outbox.send_due() == {"retry": 1}
    message.refresh_from_db()
    assert before + dt.timedelta(seconds=299) < message.due_at  # the second wait is longer

    make_due(message)
    assert outbox.send_due() == {"sent": 1}
    message.refresh_from_db()
    assert message.attempts == 3
    assert statuses(message) == [
        "queued",
        "sending",
        "queued",
        "sending",
        "queued",
        "sending",
        "sent",
    ]
    assert len(fake_notify.store.all()) == 1


def test_a_wrong_api_key_is_refused_by_the_fake_and_retried(
    personas: Personas, fake_notify: FakeNotifyServer, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TANDEM_NOTIFY_API_KEY = (
        "wrong-11111111-1111-4111-8111-111111111111-99999999-9999-4999-8999-999999999999"
    )
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    assert outbox.send_due() == {"retry": 1}
    message.refresh_from_db()
    assert "403" in message.reason
    assert fake_notify.store.all() == []


def test_permanent_failure_falls_back_to_the_next_agreed_channel(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    personas.su.phone = "+447700900999"  # the fake reports permanent-failure
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("sms", "email"), preferred="sms")
    message = queue(personas)
    outbox.send_due()
    assert outbox.check_deliveries() == {"failed": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "permanent-failure" in message.reason
    fallback = message.fallback
    assert fallback.channel == "email"
    assert fallback.idempotency_key == f"{message.idempotency_key}:fallback:email"
    assert fallback.about_key == message.about_key
    assert outbox.send_due() == {"sent": 1}
    assert mail.outbox[0].to == [personas.su.email]
    assert statuses(message) == ["queued", "sending", "sent", "failed"]
    assert not WorkItem.objects.exists()


def test_a_refused_number_fails_at_once_and_falls_back(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    personas.su.phone = "+447700900998"  # the fake answers 400
    personas.su.save()
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    assert outbox.send_due() == {"failed": 1}
    assert outbox.send_due() == {"sent": 1}  # the email queued in its place
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "400" in message.reason
    assert len(mail.outbox) == 1


def test_failure_on_every_channel_raises_a_task_for_the_team(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    personas.su.phone = "+447700900999"
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("sms",), preferred="sms")
    message = queue(personas)
    outbox.send_due()
    outbox.check_deliveries()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert not hasattr(message, "fallback") or message.fallback is None
    item = WorkItem.objects.get(kind="message_failed")
    assert item.team == personas.team_a
    assert item.service_user == personas.su
    assert item.about_key == "appointment:1"
    assert "Appointment booked" in item.title


def test_giving_up_after_the_last_retry_counts_as_failure(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician, channels=("sms",), preferred="sms")
    message = queue(personas)
    fake_notify.store.fail_next.extend([503, 503, 503])
    for _ in range(3):
        make_due(message)
        outbox.send_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "gave up after 3 attempts" in message.reason
    assert WorkItem.objects.filter(kind="message_failed").count() == 1


def test_no_usable_channel_returns_none_and_raises_a_task(personas: Personas) -> None:
    # No contact preferences recorded: nobody is messaged before they have said how.
    result = queue_message(
        actor=personas.clinician,
        recipient=personas.su,
        template="appointment_booked",
        personalisation=dict(WHEN),
        about_key="appointment:1",
        idempotency_key="appointment:1:booked",
    )
    assert result is None
    assert Message.objects.count() == 0
    item = WorkItem.objects.get(kind="no_channel")
    assert item.team == personas.team_a
    assert "no contact preferences" in item.reason
    assert AuditEvent.objects.filter(
        subject_id=personas.su.pk, what__startswith="Could not send"
    ).exists()


def test_phone_calls_only_is_not_a_message_channel(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician, channels=("phone",), preferred="phone")
    assert (
        queue_message(
            actor=personas.clinician,
            recipient=personas.su,
            template="appointment_booked",
            personalisation=dict(WHEN),
            about_key="appointment:1",
            idempotency_key="k",
        )
        is None
    )
    assert "only want phone calls" in WorkItem.objects.get(kind="no_channel").reason


def test_a_channel_not_agreed_is_not_used(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician, channels=("email",), preferred="email")
    assert queue(personas, channel="sms").channel == "email"
    assert queue(personas, key="other", channel="email").channel == "email"


def test_carer_gets_email_then_text(personas: Personas) -> None:
    carer = personas.carer_profile
    carer.email, carer.phone = "alex.carer@example.org", "+442079460456"
    carer.save()
    message = queue(personas, recipient=carer, key="appointment:1:carer")
    assert message.channel == "email"
    assert message.carer == carer
    # Her only link is to Sam, so the message is about Sam.
    assert message.service_user == personas.su


def test_carer_who_prefers_texts_gets_a_text(personas: Personas) -> None:
    carer = personas.carer_profile
    carer.email, carer.phone = "alex.carer@example.org", "+442079460456"
    carer.preferred_channel = "sms"
    carer.save()
    assert queue(personas, recipient=carer, key="a").channel == "sms"


def test_carer_who_turned_off_email_is_not_emailed(personas: Personas) -> None:
    carer = personas.carer_profile
    carer.email, carer.phone, carer.by_email = "alex.carer@example.org", "+442079460456", False
    carer.save()
    assert queue(personas, recipient=carer, key="a").channel == "sms"
    carer.by_sms = False
    carer.save()
    assert (
        queue_message(
            actor=personas.clinician,
            recipient=carer,
            template="appointment_booked",
            personalisation=dict(WHEN),
            about_key="appointment:2",
            idempotency_key="b",
        )
        is None
    )
    task = WorkItem.objects.get(kind="no_channel")
    assert "turned off email and texts" in task.reason


def test_reminder_to_a_carer_is_not_sent_once_the_person_stops_sharing(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    # Queued days ahead, then the switch is turned off without the queue being
    # tidied: the outbox asks again just before sending (HAZ-072).
    carer = personas.carer_profile
    carer.phone, carer.preferred_channel = "+442079460456", "sms"
    carer.save()
    link = personas.carer_link
    link.can_get_reminders = True
    link.save()
    message = queue(
        personas, recipient=carer, key="reminder:carer", template="appointment_reminder"
    )
    CarerLink.objects.filter(pk=link.pk).update(can_get_reminders=False)

    outbox.send_due()

    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED
    assert "no longer shares" in message.reason
    assert fake_notify.store.all() == []
    assert AuditEvent.objects.filter(what__startswith="Did not send").exists()


def test_carer_still_hears_that_sharing_changed_after_withdrawal(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    carer = personas.carer_profile
    carer.phone, carer.preferred_channel = "+442079460456", "sms"
    carer.save()
    message = queue(
        personas,
        recipient=carer,
        key="changed",
        template="carer_access_changed",
        personalisation={},
        about_person=personas.su,
    )
    CarerLink.objects.filter(pk=personas.carer_link.pk).update(withdrawn_at=timezone.now())

    outbox.send_due()

    message.refresh_from_db()
    assert message.status != MessageStatus.CANCELLED
    assert len(fake_notify.store.all()) == 1


def test_carer_message_names_the_person_the_caller_says_it_is_about(personas: Personas) -> None:
    # A carer linked to two people: only the caller knows which one a message concerns.
    carer = personas.carer_profile
    carer.email = "alex.carer@example.org"
    carer.save()
    CarerLink.objects.create(service_user=personas.other_su, carer=carer, relationship="Friend")
    message = queue(personas, recipient=carer, key="c", about_person=personas.other_su)
    assert message.service_user == personas.other_su


def test_crash_after_notify_accepted_is_recovered_without_sending_again(
    personas: Personas, fake_notify: FakeNotifyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas)

    def crash(*args: object, **kwargs: object) -> None:
        raise SystemExit("worker killed after Notify accepted, before commit")

    with monkeypatch.context() as patch:
        patch.setattr(recording, "record_sent", crash)
        with pytest.raises(SystemExit):
            outbox.send_due()
    assert len(fake_notify.store.all()) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENDING

    assert outbox.sweep() == {}  # the lease has not run out: nobody touches it
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() - dt.timedelta(1))
    assert outbox.sweep() == {"recovered": 1, "check_delivered": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED
    assert len(fake_notify.store.by_reference(message.idempotency_key)) == 1
    assert message.provider_id == fake_notify.store.all()[0]["id"]
    assert "not sent again" in message.events.get(status="sent").reason


def test_crash_before_notify_got_it_is_sent_once_on_recovery(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas)
    outbox.claim(worker="killed-worker")  # claimed, then the worker died
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() - dt.timedelta(1))
    assert outbox.sweep()["sent"] == 1
    assert len(fake_notify.store.by_reference(message.idempotency_key)) == 1


def test_two_workers_never_claim_the_same_message(personas: Personas) -> None:
    set_contact(personas.su, personas.clinician)
    for n in range(5):
        queue(personas, key=f"k{n}")
    first = outbox.claim(worker="a", limit=3)
    second = outbox.claim(worker="b", limit=10)
    assert len(first) == 3 and len(second) == 2
    assert not {c.message.pk for c in first} & {c.message.pk for c in second}


def test_email_with_calendar_invite_and_stable_message_id(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician, channels=("email",), preferred="email")
    start = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.UTC)
    invite = appointment_invite(
        uid="appointment-1@tandem", start=start, end=start + dt.timedelta(hours=1)
    )
    message = queue(personas, calendar=invite)
    assert outbox.send_due() == {"sent": 1}
    [sent] = mail.outbox
    assert sent.subject == "Your appointment on Tuesday 1 December"
    assert clinical_words_in(sent.subject + sent.body) == []
    assert sent.extra_headers["Message-ID"] == message_id_for(message.idempotency_key)
    [(filename, content, mimetype)] = sent.attachments
    assert filename == "appointment.ics" and mimetype == "text/calendar"
    parsed = icalendar.Calendar.from_ical(content)
    [event] = parsed.walk("VEVENT")
    assert event.decoded("dtstart") == start
    assert str(event["summary"]) == "Appointment"
    raw = email_parser.message_from_bytes(sent.message().as_bytes())
    assert raw["Message-ID"] == message_id_for(message.idempotency_key)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.next_check_at is None  # email has no delivery receipt


def test_email_is_at_least_once_with_the_same_message_id(
    personas: Personas, fake_notify: FakeNotifyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_contact(personas.su, personas.clinician, channels=("email",), preferred="email")
    message = queue(personas)
    with monkeypatch.context() as patch:
        patch.setattr(recording, "record_sent", lambda *a, **k: (_ for _ in ()).throw(SystemExit()))
        with pytest.raises(SystemExit):
            outbox.send_due()
    Message.objects.filter(pk=message.pk).update(lease_until=timezone.now() - dt.timedelta(1))
    outbox.sweep()
    assert len(mail.outbox) == 2  # no way to ask the mail server, so it is sent again
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        message_id_for(message.idempotency_key)
    }


def test_cancel_pending_cancels_only_what_has_not_been_sent(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    booked = queue(personas)
    outbox.send_due()
    soon = timezone.now() + dt.timedelta(days=6)
    reminders = [
        queue(
            personas,
            key=f"appointment:1:reminder:{d}",
            template="appointment_reminder",
            send_after=soon + dt.timedelta(days=d),
        )
        for d in (0, 1)
    ]
    other = queue(personas, key="appointment:2:booked", about_key="appointment:2", send_after=soon)
    assert cancel_pending(about_key="appointment:1", reason="Appointment moved") == 2
    for reminder in reminders:
        reminder.refresh_from_db()
        assert reminder.status == MessageStatus.CANCELLED
        assert reminder.reason == "Appointment moved"
        assert statuses(reminder) == ["queued", "cancelled"]
        make_due(reminder)
    booked.refresh_from_db()
    other.refresh_from_db()
    assert booked.status == MessageStatus.SENT
    assert other.status == MessageStatus.QUEUED
    assert outbox.send_due() == {}
    assert cancel_pending(about_key="appointment:1", reason="again") == 0


def test_scheduled_messages_wait_until_due(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    set_contact(personas.su, personas.clinician)
    message = queue(personas, send_after=timezone.now() + dt.timedelta(days=7))
    assert outbox.sweep() == {}
    make_due(message)
    assert outbox.sweep() == {"sent": 1, "check_delivered": 1}


def test_discretion_and_team_names(personas: Personas, fake_notify: FakeNotifyServer) -> None:
    riverside = CareTeam.objects.create(
        organisation=personas.organisation, name="Riverside Team", slug="riverside"
    )
    set_contact(personas.su, personas.clinician)
    queue(personas, key="a", team=riverside)
    outbox.send_due()
    assert "Riverside Team" in fake_notify.store.all()[-1]["body"]

    set_contact(personas.su, personas.clinician, discreet=True)
    queue(personas, key="b", team=riverside)
    outbox.send_due()
    body = fake_notify.store.all()[-1]["body"]
    assert "Riverside" not in body and "NHS appointments" in body


def test_letters_go_through_notify_with_an_address(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    personas.su.postcode = "LS1 4AP"
    personas.su.save()
    set_contact(personas.su, personas.clinician, channels=("letter",), preferred="letter")
    message = queue(personas, template="discharge_letter", personalisation={})
    assert outbox.send_due() == {"sent": 1}
    [received] = fake_notify.store.all()
    assert received["type"] == "letter"
    assert received["personalisation"]["address_line_1"] == personas.su.display_name
    assert received["personalisation"]["address_line_2"] == "LS1 4AP"
    assert received["reference"] == message.idempotency_key
    assert outbox.check_deliveries() == {"delivered": 1}
