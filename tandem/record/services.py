"""Every write about a person's downloads. Keyword-only, typed, atomic, audited.

``request_export`` is the one step a person takes: it writes a pending
``RecordExport`` and enqueues the build in the same transaction. The build
(``building.build_export``, run by the ``build_record_export`` task; apart
from this module so the task and the request do not import each other) reads the record
as the person would, renders the PDF and the FHIR Bundle outside any
transaction (it can take a while for a long record), then stores both, marks
the export ready and queues the 'Your download is ready' notice together.
Anything that goes wrong marks the export failed with plain words; the person
is never shown an error page. See ADR 0012.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task_backends

from tandem.audit.models import Action
from tandem.audit.services import record
from tandem.people.models import User
from tandem.record import building, selectors
from tandem.record.models import ExportStatus, RecordExport

logger = logging.getLogger(__name__)

# A build still pending after this long has lost its worker; the next request
# marks it failed so the person is not stuck behind it.
STALE_AFTER = dt.timedelta(hours=1)


def schedule_build(export_id: int) -> None:
    """Enqueue the build in the caller's transaction (database backend) or on commit.

    As in ``tandem.notify.scheduling``: the database backend's task row commits
    with the export or not at all; another backend could run the task before
    the export is committed, so it waits for the commit.
    """
    from django_tasks_db.backend import DatabaseBackend

    from tandem.record.tasks import build_record_export

    if isinstance(task_backends[build_record_export.backend], DatabaseBackend):
        build_record_export.enqueue(export_id)
    else:
        transaction.on_commit(lambda: build_record_export.enqueue(export_id))


@transaction.atomic
def request_export(*, actor: User) -> tuple[RecordExport, bool]:
    """Ask for a copy of everything held about ``actor``; (the export, whether new).

    One pending export per person: a second request returns the first. The
    database enforces it too, for two requests at the same moment.
    """
    person = selectors.person(actor)
    now = timezone.now()
    pending = (
        RecordExport.objects.select_for_update()
        .filter(service_user=person, status=ExportStatus.PENDING)
        .first()
    )
    if pending is not None and pending.created_at > now - STALE_AFTER:
        return pending, False
    if pending is not None:
        building.fail(pending, building.TOOK_TOO_LONG)
    try:
        with transaction.atomic():
            export = RecordExport.objects.create(
                service_user=person, requested_by=actor, created_at=now
            )
    except IntegrityError:
        return RecordExport.objects.get(service_user=person, status=ExportStatus.PENDING), False
    record(
        actor=actor,
        action=Action.CREATE,
        obj=export,
        what="Asked for a copy of everything held about them",
    )
    schedule_build(export.pk)
    return export, True
