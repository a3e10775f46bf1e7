"""Putting the background half of 'Forgotten your password?' on the queue.

The task lives in ``tandem.signin.tasks`` and does its work through
``services.send_reset_link``, while ``services.ask_for_reset`` queues it: so,
as ``tandem.notify.scheduling`` does for the outbox's tasks, the task is handed
in (``register``, from ``tasks`` when Django loads the app) rather than
imported, and the three modules import one another in one direction.
"""

from __future__ import annotations

from typing import Any

from django_tasks.base import Task

_TASKS: dict[str, Task[Any, Any]] = {}


def register(*, send_reset_link: Task[Any, Any]) -> None:
    _TASKS.update(send_reset_link=send_reset_link)


def queue_reset_link(address: str) -> None:
    """Queue the look-up and send for ``address``. With the database task
    backend the task row is written in the caller's transaction, beside the
    audit row that says a link was asked for."""
    try:
        task = _TASKS["send_reset_link"]
    except KeyError:
        raise RuntimeError("tandem.signin.tasks has not registered its task") from None
    task.enqueue(address)
