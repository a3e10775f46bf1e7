"""Putting send and check tasks on the queue in the caller's transaction.

With the database task backend (the default) the task row is written in the
same transaction as the message, so both commit or neither does. With any
other backend the task could run before the message is committed, so it is
enqueued once the transaction commits; the sweep catches any that are lost.

The tasks themselves live in ``tandem.notify.tasks``, which runs the outbox,
which schedules through here: so the tasks are handed in (``register``, from
``tasks`` when Django loads the app) rather than imported, and the three
modules import one another in one direction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import Task

_TASKS: dict[str, Task[Any, Any]] = {}


def register(*, send: Task[Any, Any], check: Task[Any, Any]) -> None:
    _TASKS.update(send=send, check=check)


def _task(name: str) -> Task[Any, Any]:
    try:
        return _TASKS[name]
    except KeyError:
        raise RuntimeError("tandem.notify.tasks has not registered its tasks") from None


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
    _enqueue(_task("send"), at, message_id)


def schedule_check(message_id: int, at: dt.datetime) -> None:
    _enqueue(_task("check"), at, message_id)
