"""Sending at GOV.UK Notify's pace: batches, Notify's 429 and a worker killed
mid-batch, against the fake Notify through the real client (ADR 0038)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from tandem.notify import channels, outbox, recording, tasks
from tandem.notify.fake_notify import FakeNotifyServer
from tandem.notify.models import Message, MessageStatus
from tandem.notify.services import queue_message
from tandem.notify.tests.helpers import set_contact
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def reminders(p: Personas, count: int) -> list[Message]:
    set_contact(p.su, p.clinician)
    queued = []
    for n in range(count):
        message = queue_message(
            actor=None,
            recipient=p.su,
            template="appointment_reminder",
            personalisation={"date": "Tuesday 1 December", "time": f"{9 + n % 8}:00am"},
            about_key=f"appointment:{n}",
            idempotency_key=f"appointment:{n}:reminder",
        )
        assert message is not None
        queued.append(message)
    return queued


def all_due_now() -> None:
    """What waiting out the pause and Notify's minute would do."""
    Message.objects.filter(status=MessageStatus.QUEUED).update(
        due_at=timezone.now() - dt.timedelta(seconds=1)
    )
    outbox.pause.reset()


def times_received(fake: FakeNotifyServer) -> Counter[str]:
    return Counter(str(n["reference"]) for n in fake.store.all())


def test_a_429_puts_the_whole_batch_back_unsent_and_pauses(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    queued = reminders(personas, 5)
    fake_notify.store.fail_next.append(429)
    before = timezone.now()
    assert outbox.send_due(limit=10) == {"rate-limited": 5}
    assert fake_notify.store.all() == []
    assert fake_notify.store.refused == 1  # the rest of the batch never went to Notify
    for message in queued:
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED
        assert message.attempts == 0  # slowing down is not a failed attempt
        assert message.due_at > before + dt.timedelta(seconds=4)
        assert "slow down" in message.events.latest("at", "pk").reason
    assert outbox.pause.active()
    assert outbox.drain(seconds=5) == {}  # paused: nothing is claimed or sent

    all_due_now()
    assert outbox.send_due(limit=10) == {"sent": 5}
    assert times_received(fake_notify) == {m.idempotency_key: 1 for m in queued}


def test_pause_grows_with_each_429_in_a_row_and_resets_once_notify_takes_one(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    reminders(personas, 1)
    lengths = []
    for _ in range(3):
        fake_notify.store.fail_next.append(429)
        all_due_now()
        outbox.pause.in_a_row = len(lengths)
        assert outbox.send_due() == {"rate-limited": 1}
        lengths.append(outbox.pause.seconds_left())
    assert lengths[0] < lengths[1] < lengths[2] <= 60 * 1.5
    all_due_now()
    outbox.pause.in_a_row = 3
    assert outbox.send_due() == {"sent": 1}
    assert outbox.pause.in_a_row == 0


def test_over_notifys_limit_every_reminder_arrives_exactly_once(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    queued = reminders(personas, 20)
    fake_notify.store.rate_limit = 8  # a minute; each round below is a new minute
    rounds = 0
    while Message.objects.exclude(status=MessageStatus.DELIVERED).exists():
        rounds += 1
        assert rounds <= 5
        outbox.drain(seconds=30, limit=6)
        with fake_notify.store.lock:
            fake_notify.store.accepted_at.clear()
        all_due_now()
    assert rounds == 3  # 8, 8, then 4: the limit, not a failure, spread them out
    assert fake_notify.store.refused >= 2
    assert times_received(fake_notify) == {m.idempotency_key: 1 for m in queued}
    for message in queued:
        message.refresh_from_db()
        assert message.attempts == 1
        assert message.reason == ""


def test_a_recovering_message_put_back_by_a_429_is_still_looked_up_before_sending(
    personas: Personas, fake_notify: FakeNotifyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = reminders(personas, 2)
    # The second was sent by a worker that died before recording it.
    channels.send(outbox.outgoing_for(second))
    outbox.claim(worker="killed-worker", message_id=second.pk)
    Message.objects.filter(pk=second.pk).update(
        lease_until=timezone.now() - dt.timedelta(seconds=1),
        due_at=timezone.now() + dt.timedelta(seconds=1),
    )
    fake_notify.store.fail_next.append(429)
    assert outbox.send_due(limit=10) == {"rate-limited": 2}
    second.refresh_from_db()
    assert second.status == MessageStatus.SENDING  # still to be looked up, not resent
    assert second.leased_by == ""

    all_due_now()
    Message.objects.filter(pk=second.pk).update(lease_until=timezone.now() - dt.timedelta(1))
    assert outbox.send_due(limit=10) == {"sent": 1, "recovered": 1}
    assert times_received(fake_notify) == {first.idempotency_key: 1, second.idempotency_key: 1}


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    personas: Personas, fake_notify: FakeNotifyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    queued = reminders(personas, 5)
    real_send = channels.send
    sent = 0

    def killed_after_two(outgoing: channels.Outgoing) -> channels.Accepted:
        nonlocal sent
        if sent == 2:
            raise SystemExit("worker killed mid-batch")
        sent += 1
        return real_send(outgoing)

    def never_recorded(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed before the batch was recorded")

    with monkeypatch.context() as patch:
        patch.setattr(channels, "send", killed_after_two)
        patch.setattr(recording, "record_batch", never_recorded)
        with pytest.raises(SystemExit):
            outbox.send_due(limit=10)
    assert len(fake_notify.store.all()) == 2
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENDING}

    assert outbox.sweep() == {}  # leased: nobody touches them until the lease runs out
    Message.objects.update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    assert outbox.sweep() == {"recovered": 2, "sent": 3, "check_delivered": 5}
    assert times_received(fake_notify) == {m.idempotency_key: 1 for m in queued}


def test_one_task_sends_what_else_is_due_and_checks_its_delivery(
    personas: Personas, fake_notify: FakeNotifyServer
) -> None:
    first, *others = reminders(personas, 4)
    done = tasks.send_message.call(first.pk)
    assert done == {"sent": 4, "check_delivered": 4}
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.DELIVERED}
    # Its own message's task and the others' find nothing left to do.
    assert tasks.send_message.call(others[0].pk) == {}
