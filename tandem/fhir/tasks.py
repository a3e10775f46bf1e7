"""Background work for bulk exports, run by ``manage.py db_worker``: the work
itself is in ``tandem.fhir.exporting``."""

from __future__ import annotations

from django_tasks import task

from tandem.audit import context
from tandem.fhir import exporting


@task()
def build_bulk_export(export_id: int) -> str:
    token = context.begin()
    try:
        return exporting.build_export(export_id=export_id)
    finally:
        context.end(token)


@task()
def purge_expired_bulk_exports() -> int:
    token = context.begin()
    try:
        return exporting.purge_expired()
    finally:
        context.end(token)
