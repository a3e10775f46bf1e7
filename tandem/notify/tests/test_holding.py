"""The outbox keeps to the times a person asked us to avoid (issue 16, item 4;
HAZ-155, HAZ-156), against the fake GOV.UK Notify.

The tests avoid 'today' (whatever day they run), so a message queued now
falls in a time to avoid without stopping the clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.notify import fallback, outbox
from tandem.notify.fake_notify import FakeNotifyServer
from tandem.notify.models import Message, MessageStatus
from tandem.notify.services import queue_message
from tandem.notify.tests.helpers import set_contact
from tandem.notify.timing import WHY_LINES
from tandem.preferences.models import ContactPreferences
from tests.clinic import book, build_clinic, next_weekday
from tests.personas import Personas

pytestmark = pytest.mark.django_db
WHEN = {"date": "Tuesday 1 December", "time": "10:30am"}


def avoid_today(p: Personas, **kw: object) -> ContactPreferences:
    prefs = set_contact(p.su, p.clinician, **kw)  # type: ignore[arg-type]
    prefs.avoid_days = [timezone.localdate().weekday()]
    prefs.save()
    return prefs


def later_today() -> dt.datetime:
    """A moment after now and before midnight (local), whenever the test runs."""
    now = timezone.now()
    midnight = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )
    return now + (midnight - now) / 2


def tomorrow_midnight() -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time())
    )


def queue(p: Personas, *, template: str = "appointment_booked", **kw: object) -> Message:
    values = {
        "actor": p.clinician,
        "recipient": p.su,
        "template": template,
        "personalisation": dict(WHEN),
        "about_key": "appointment:1",
        "idempotency_key": f"appointment:1:{template}",
    } | kw
    message = queue_message(**values)  # type: ignore[arg-type]
    assert message is not None
    return message


def make_due(message: Message) -> None:
    Message.objects.filter(pk=message.pk).update(due_at=timezone.now() - dt.timedelta(seconds=1))


def test_a_message_in_a_time_to_avoid_is_held_until_the_next_allowed_time(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    message = queue(personas, template="new_message_notice", personalisation={})
    assert message.due_at == tomorrow_midnight()
    assert "Held until" in message.events.get().reason
    assert "a time they allow" in AuditEvent.objects.get(object_id=str(message.pk)).what
    assert outbox.sweep() == {}
    assert fake_notify.store.all() == []


def test_a_worker_puts_back_a_message_that_falls_in_a_time_to_avoid(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    # Queued while any time was fine; the person then asked us to avoid today.
    set_contact(personas.su, personas.clinician)
    message = queue(personas, template="new_message_notice", personalisation={})
    avoid_today(personas)
    assert outbox.send_due() == {"held": 1}
    assert fake_notify.store.all() == []
    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.due_at == tomorrow_midnight()
    # Waiting is not a failed attempt, so the retries are all still there.
    assert message.attempts == 0
    assert message.events.last().reason.startswith("Held until")


def test_a_held_message_is_released_when_the_time_allows(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    message = queue(personas, template="new_message_notice", personalisation={})
    # The time comes (or the person changes their times): it goes, with no 'why'.
    set_contact(personas.su, personas.clinician)
    make_due(message)
    assert outbox.send_due() == {"sent": 1}
    [received] = fake_notify.store.all()
    assert "We are sending this now" not in received["body"]


def test_a_change_to_an_appointment_today_goes_at_once_saying_why(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    message = queue(personas, template="appointment_cancelled", deadline=later_today())
    assert message.why_now == "changed_today"
    assert outbox.send_due() == {"sent": 1}
    [received] = fake_notify.store.all()
    assert WHY_LINES["changed_today"] in received["body"]
    assert "inside a time they asked us to avoid" in (
        AuditEvent.objects.get(object_id=str(message.pk)).what
    )


def test_a_reminder_with_no_allowed_time_before_its_appointment_goes_at_once_saying_why(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    queue(personas, template="appointment_reminder", deadline=later_today())
    assert outbox.send_due() == {"sent": 1}
    [received] = fake_notify.store.all()
    assert WHY_LINES["soon"] in received["body"]


def test_a_reminder_is_not_held_past_its_appointment(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    # Today and tomorrow avoided, appointment tomorrow: the next allowed time is
    # after it, so the reminder goes now rather than too late.
    prefs = avoid_today(personas)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    prefs.avoid_days = [timezone.localdate().weekday(), tomorrow.weekday()]
    prefs.save()
    deadline = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(11)))
    message = queue(personas, template="appointment_reminder", deadline=deadline)
    assert message.due_at <= timezone.now()
    assert message.why_now == "soon"


def test_a_carers_copy_is_not_held_by_the_persons_times(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    carer = personas.carer_profile
    carer.email, carer.phone = "alex.carer@example.org", "+442079460456"
    carer.save()
    message = queue(personas, recipient=carer, idempotency_key="appointment:1:carer")
    assert message.due_at <= timezone.now()
    assert message.why_now == ""


def test_a_text_sent_by_another_way_after_failing_keeps_to_the_times(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    # The fallback copy goes through the same check before it is sent.
    set_contact(personas.su, personas.clinician, channels=("email", "sms"), preferred="email")
    message = queue(personas, template="new_message_notice", personalisation={})
    avoid_today(personas, channels=("email", "sms"), preferred="email")
    fallback.fail(message, reason="Refused", expect=MessageStatus.QUEUED)
    replacement = Message.objects.get(fallback_of=message)
    assert outbox.send_due() == {"held": 1}
    replacement.refresh_from_db()
    assert replacement.status == MessageStatus.QUEUED
    assert replacement.due_at == tomorrow_midnight()


def test_the_message_list_says_a_message_waits_for_their_times(
    client_for, personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    avoid_today(personas)
    # A day that is never today's weekday, so the booking itself is allowed.
    appointment = book(personas, build_clinic(personas), hour=11, day=next_weekday(8))
    confirmation = Message.objects.get(idempotency_key=f"{appointment.about_key}:booked")
    assert confirmation.deadline == appointment.starts_at
    assert confirmation.due_at == tomorrow_midnight()
    page = (
        client_for("clinician")
        .get(reverse("appointments:appointment", args=[appointment.pk]))
        .content.decode()
    )
    assert "Held for the times to avoid" in page
