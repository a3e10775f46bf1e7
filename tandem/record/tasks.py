"""Background work for downloads, run by ``manage.py db_worker``.

``build_record_export`` is enqueued when a person asks for a copy of their
record (``services.request_export``); ``purge_expired_exports`` empties
downloads past their seven days and can be enqueued from cron with
``manage.py purge_record_exports``. The work itself is in
``tandem.record.building``.
"""

from __future__ import annotations

from django_tasks import task

from tandem.audit import context
from tandem.record import building


@task()
def build_record_export(export_id: int) -> str:
    token = context.begin()
    try:
        return building.build_export(export_id=export_id)
    finally:
        context.end(token)


@task()
def purge_expired_exports() -> int:
    token = context.begin()
    try:
        return building.purge_expired()
    finally:
        context.end(token)
