"""Putting send and check tasks on the queue in the caller's transaction.

With the database task backend (the default) the task row is written in the
same transaction as the message, so both commit or neither does. With any
other backend the task could run before the message is committed, so it is
enqueued once the transaction commits; the sweep catches any that are lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task


def _enqueue(task: Task[Any, Any], at: dt.datetime | None, *args: Any) -> None:
    if at is not None and at > timezone.now():
        task = task.using(run_after=at)
    backend = task_backends[task.backend]
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(backend, DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))


def schedule_send(message_id: int, at: dt.datetime | None) -> None:
    from tandem.notify.tasks import send_message

    _enqueue(send_message, at, message_id)


def schedule_check(message_id: int, at: dt.datetime) -> None:
    from tandem.notify.tasks import check_delivery

    _enqueue(check_delivery, at, message_id)
