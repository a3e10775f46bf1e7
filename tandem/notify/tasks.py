"""Background work for messages, run by ``manage.py db_worker``.

``send_message`` is enqueued for each message when it is queued (to run at
its ``send_after``) and again after each temporary failure; ``check_delivery``
after each batch sent through GOV.UK Notify. Each does its own message first,
then whatever else is due for a few seconds (``outbox.drain``, ADR 0038): a
task finding its message already sent by another's drain is then cheap.
``sweep_messages`` does everything that is due, including messages whose
worker died mid-send; ``manage.py send_due_messages`` runs the same sweep
from cron (ADR 0008). The work itself is in ``tandem.notify.outbox``.
"""

from __future__ import annotations

from collections import Counter

from django_tasks import task

from tandem.audit import context
from tandem.notify import outbox, scheduling


@task()
def send_message(message_id: int) -> dict[str, int]:
    token = context.begin()
    try:
        done = Counter(outbox.send_due(message_id=message_id))
        done.update(outbox.drain())
        return dict(done)
    finally:
        context.end(token)


@task()
def check_delivery(message_id: int) -> dict[str, int]:
    token = context.begin()
    try:
        done = Counter(outbox.check_deliveries(message_id=message_id))
        done.update(outbox.drain())
        return dict(done)
    finally:
        context.end(token)


@task()
def sweep_messages() -> dict[str, int]:
    token = context.begin()
    try:
        return outbox.sweep()
    finally:
        context.end(token)


# The outbox schedules these through tandem.notify.scheduling, which does not
# import this module (it would be a circle: tasks -> outbox -> scheduling).
scheduling.register(send=send_message, check=check_delivery)
